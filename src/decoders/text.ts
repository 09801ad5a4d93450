import { isAscii } from 'node:buffer';

/**
 * Payload bytes → text that a PostgreSQL `text`/`varchar` column accepts.
 *
 * PostgreSQL text cannot hold U+0000 and must be valid UTF-8. heplify-server removes invalid bytes
 * and NULs (capture-servers.md §1.2). We decode with `Buffer#toString('utf8')`, which replaces each
 * invalid sequence with U+FFFD (WHATWG "maximal subpart" rule) instead of dropping it: the result is
 * equally storable, keeps a visible trace that the sender put bad bytes there, and costs nothing
 * extra. NUL bytes are then removed. A NUL byte can only ever decode to U+0000 (UTF-8 never uses
 * 0x00 inside a multi-byte sequence), so a byte search decides whether the slower path is needed.
 */
export function payloadText(payload: Buffer): string {
  // No arguments: Node's toString then skips its encoding/range handling (UTF-8 is the default).
  const text = payload.toString();
  // Fast path: a native memchr over the bytes is far cheaper than scanning the string.
  if (payload.indexOf(0) === -1) return text;
  return text.replaceAll('\u0000', '');
}

/** The code `textCodes` gives every character above U+00FF. */
const WIDE = 0x80;

/**
 * The character codes of `text` as bytes, for parsers that read many characters: reading a
 * Uint8Array costs a fraction of `charCodeAt`. Offsets are the string's. Characters up to U+00FF
 * keep their code, the others become 0x80 (SIP syntax is ASCII: parsers only need to see that
 * they are not ASCII). Only [0, limit) is filled in this way; the rest holds the low byte of each
 * character, for callers that will never look there.
 */
export function textCodes(text: string, limit = text.length): Uint8Array {
  // Latin-1 encoding copies natively but keeps only the low byte of a character above U+00FF
  // (U+043B would read as ';'): when the round trip shows there are some, they get their 0x80.
  const codes = Buffer.from(text, 'latin1');
  if (codes.toString('latin1') === text) return codes;
  for (let i = 0; i < limit; i++) {
    if (text.charCodeAt(i) > 0xff) codes[i] = WIDE;
  }
  return codes;
}

/**
 * `textCodes(text)` for the SIP header section of the payload `text` was decoded from (by
 * payloadText), made without copying when possible: the payload itself when the text has one
 * character per byte (ASCII, no NUL removed; a lone invalid byte, which became U+FFFD, stays a
 * non-ASCII byte), or when the header section (up to the first empty line) is ASCII without NUL,
 * which aligns it with the text whatever the body holds. Parsers may only read [0, the end of the
 * header section) of the result.
 */
export function sipHeaderCodes(payload: Buffer, text: string): Uint8Array {
  if (text.length === payload.length) return payload;
  const end = headerSectionEnd(text);
  const firstNul = payload.indexOf(0);
  if ((firstNul === -1 || firstNul >= end) && isAscii(payload.subarray(0, end))) return payload;
  return textCodes(text, end);
}

/**
 * Where the SIP header section of `text` ends: just past the empty line after the headers, or the
 * text's end. Leading CR/LF (RFC 3261 §7.5) are skipped first, as the scanner does.
 */
function headerSectionEnd(text: string): number {
  const len = text.length;
  let p = 0;
  while (p < len) {
    const c = text.charCodeAt(p);
    if (c !== 0x0d && c !== 0x0a) break;
    p++;
  }
  const lf = text.indexOf('\n\n', p);
  const crlf = text.indexOf('\n\r\n', p);
  const at = lf < 0 ? crlf : crlf < 0 ? lf : Math.min(lf, crlf);
  return at < 0 ? len : Math.min(len, at + 3);
}
