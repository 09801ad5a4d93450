/**
 * JSON text helpers for building rows by string concatenation (faster than JSON.stringify of an
 * object, and it fixes the key order to heplify-server's).
 *
 * The output is byte-identical to `JSON.stringify`: strings that need no escaping are quoted as
 * they are, the rest go through `JSON.stringify` itself. Characters that need escaping (RFC 8259
 * §7): `"`, `\`, controls below U+0020; and, since ES2019's well-formed JSON.stringify, lone
 * surrogates (we send every surrogate to the slow path; pairs come back unchanged).
 * A non-global regex `test` measured faster than both a charCode loop and `JSON.stringify` on the
 * short ASCII values SIP headers hold (35 M vs 30 M vs 19 M strings/s; on the SIP benchmark mix's
 * values again ~125 ns vs ~140 ns vs ~245 ns per value on a slow machine). Where the character
 * codes are at hand as bytes (SIP parsing), `isPlainAscii` is cheaper than either.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `value` as a JSON string literal, quotes included. */
export function jsonString(value: string): string {
  if (value === '') return '""';
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : '"' + value + '"';
}

/** True when `value` needs no escaping in a JSON string literal: `"` + value + `"` is its JSON. */
export function isPlainJsonString(value: string): boolean {
  return value === '' || !NEEDS_ESCAPE.test(value);
}

/**
 * Short strings recently found to need no escaping, by a hash of length and last character. The
 * strings every packet header repeats (addresses, node name, password) are usually the very same
 * objects packet after packet (src/hep caches them), so a hit is one pointer comparison.
 */
const PLAIN_MEMO: string[] = new Array<string>(64).fill('');
/** Longer strings are rarely repeated, and not kept: the memo holds on to little. */
const PLAIN_MEMO_MAX_LENGTH = 64;

/**
 * isPlainJsonString for strings that repeat from packet to packet (not for values cut from a
 * payload: the memo would keep the payload alive).
 */
export function isPlainRepeatedJsonString(value: string): boolean {
  const n = value.length;
  if (n === 0) return true;
  if (n > PLAIN_MEMO_MAX_LENGTH) return !NEEDS_ESCAPE.test(value);
  const slot = (n * 7 + value.charCodeAt(n - 1)) & 63;
  if (PLAIN_MEMO[slot] === value) return true;
  if (NEEDS_ESCAPE.test(value)) return false;
  PLAIN_MEMO[slot] = value;
  return true;
}

/**
 * `value` as the inside of a JSON string literal, without the quotes: callers that write the
 * quotes as part of their constant text save two concatenations per value.
 */
export function jsonStringContent(value: string): string {
  if (value === '') return '';
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value).slice(1, -1) : value;
}

/** 1 for the bytes JSON writes as they are and that are ASCII: U+0020..U+007F but `"` and `\`. */
const PLAIN_ASCII: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let c = 0x20; c < 0x80; c++) t[c] = c === 0x22 || c === 0x5c ? 0 : 1;
  return t;
})();

/**
 * True when every code in [start, end) is printable ASCII other than `"` and `\`: the characters
 * they stand for need no JSON escaping. Reading bytes is far cheaper than testing the string, for
 * callers that have the codes anyway (SIP parsing, src/decoders/sip/chars.ts).
 */
export function isPlainAscii(codes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (PLAIN_ASCII[codes[i]!] !== 1) return false;
  return true;
}

/** `value` as a JSON number, as `JSON.stringify` writes it (non-finite numbers become `null`). */
export function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}
