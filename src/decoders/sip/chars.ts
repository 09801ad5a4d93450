/**
 * Character codes and classes shared by the SIP scanners (RFC 3261 §25.1 core rules).
 *
 * The scanners read character codes from a `Codes` array rather than from the string: an element
 * of a Uint8Array is several times cheaper to read than `charCodeAt`. Offsets are the string's,
 * so values are still cut from the string (see `textCodes` in ../text.ts for how the array is
 * made). Every code at or above 0x80 stands for some non-ASCII character: SIP syntax is ASCII,
 * so the scanners treat them all alike.
 */
export type Codes = Uint8Array;

export const CH = {
  tab: 0x09,
  lf: 0x0a,
  cr: 0x0d,
  space: 0x20,
  dquote: 0x22,
  comma: 0x2c,
  colon: 0x3a,
  semicolon: 0x3b,
  lt: 0x3c,
  equals: 0x3d,
  gt: 0x3e,
  question: 0x3f,
  at: 0x40,
  lbracket: 0x5b,
  backslash: 0x5c,
  rbracket: 0x5d,
} as const;

/** WSP = SP / HTAB (RFC 5234 B.1), the blanks inside LWS. */
export function isWsp(c: number): boolean {
  return c === CH.space || c === CH.tab;
}

/** ASCII letter, case-insensitive. */
export function isAlpha(c: number): boolean {
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x7a;
}

/** ASCII-only lower-casing of one character code (header names and schemes are ASCII). */
export function lowerAscii(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** Index of the first non-WSP character in [start, end). */
export function skipWsp(codes: Codes, start: number, end: number): number {
  while (start < end && isWsp(codes[start]!)) start++;
  return start;
}

/** End index after dropping trailing WSP from [start, end). */
export function trimWspEnd(codes: Codes, start: number, end: number): number {
  while (end > start && isWsp(codes[end - 1]!)) end--;
  return end;
}

/**
 * Index just after the quoted-string starting at `start` (which holds `"`), honouring quoted-pair
 * backslash escapes (RFC 3261 §25.1); `end` when the quote is never closed.
 */
export function skipQuoted(codes: Codes, start: number, end: number): number {
  let p = start + 1;
  while (p < end) {
    const c = codes[p]!;
    if (c === CH.backslash) p += 2;
    else if (c === CH.dquote) return p + 1;
    else p++;
  }
  return end;
}

/** True when [start, end) of `codes` equals `lower` (ASCII, lower case) ignoring ASCII case. */
export function equalsIgnoreCase(codes: Codes, start: number, end: number, lower: string): boolean {
  const n = lower.length;
  if (end - start !== n) return false;
  for (let i = 0; i < n; i++) {
    if (lowerAscii(codes[start + i]!) !== lower.charCodeAt(i)) return false;
  }
  return true;
}
