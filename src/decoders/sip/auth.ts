import { textCodes } from '../text.js';
import { CH, equalsIgnoreCase, isWsp, skipQuoted, type Codes } from './chars.js';
import { quotedValueEnd, tokenEnd } from './uri.js';
import { ValueRef } from './value-ref.js';

/**
 * The `username` parameter of the Authorization / Proxy-Authorization value in [start, end) of
 * `text` (RFC 3261 §25.1 `dig-resp`, RFC 2617 §3.2.2): `Digest username="bob", realm="x", ...` →
 * `bob`. Parameters are comma-separated, names case-insensitive, values tokens or quoted strings
 * (quotes removed). "" when there is none. Never throws.
 */
export function authUsername(text: string, start = 0, end = text.length): string {
  return authUsernameRef(undefined, textCodes(text), text, start, end)?.value ?? '';
}

/**
 * authUsername as a span: points `ref` at the username's value and returns it; undefined when
 * there is no username parameter (then `ref` is untouched). Without `ref`, a new one is made.
 */
export function authUsernameRef(
  ref: ValueRef | undefined,
  codes: Codes,
  text: string,
  start: number,
  end: number,
): ValueRef | undefined {
  let p = start;
  while (p < end && isWsp(codes[p]!)) p++;
  // The auth-scheme token ("Digest").
  while (p < end && !isWsp(codes[p]!) && codes[p] !== CH.comma) p++;
  while (p < end) {
    const c = codes[p]!;
    if (isWsp(c) || c === CH.comma) {
      p++;
      continue;
    }
    const nameStart = p;
    while (p < end) {
      const d = codes[p]!;
      if (d === CH.equals || d === CH.comma || isWsp(d)) break;
      p++;
    }
    const nameEnd = p;
    while (p < end && isWsp(codes[p]!)) p++;
    if (p >= end || codes[p] !== CH.equals) continue;
    p++;
    while (p < end && isWsp(codes[p]!)) p++;
    if (equalsIgnoreCase(codes, nameStart, nameEnd, 'username')) {
      const out = ref ?? new ValueRef();
      const close = quotedValueEnd(codes, p, end);
      return close < 0
        ? out.set(text, codes, p, tokenEnd(codes, p, end))
        : out.set(text, codes, p + 1, close);
    }
    // Skip this parameter's value: a quoted string may hold commas.
    if (p < end && codes[p] === CH.dquote) p = skipQuoted(codes, p, end);
    while (p < end && codes[p] !== CH.comma) p++;
  }
  return undefined;
}
