import { CH, equalsIgnoreCase, isWsp, skipQuoted } from './chars.js';
import { paramValue } from './uri.js';

/**
 * The `username` parameter of the Authorization / Proxy-Authorization value in [start, end) of
 * `text` (RFC 3261 §25.1 `dig-resp`, RFC 2617 §3.2.2): `Digest username="bob", realm="x", ...` →
 * `bob`. Parameters are comma-separated, names case-insensitive, values tokens or quoted strings
 * (quotes removed). "" when there is none. Never throws.
 */
export function authUsername(text: string, start = 0, end = text.length): string {
  let p = start;
  while (p < end && isWsp(text.charCodeAt(p))) p++;
  // The auth-scheme token ("Digest").
  while (p < end && !isWsp(text.charCodeAt(p)) && text.charCodeAt(p) !== CH.comma) p++;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (isWsp(c) || c === CH.comma) {
      p++;
      continue;
    }
    const nameStart = p;
    while (p < end) {
      const d = text.charCodeAt(p);
      if (d === CH.equals || d === CH.comma || isWsp(d)) break;
      p++;
    }
    const nameEnd = p;
    while (p < end && isWsp(text.charCodeAt(p))) p++;
    if (p >= end || text.charCodeAt(p) !== CH.equals) continue;
    p++;
    while (p < end && isWsp(text.charCodeAt(p))) p++;
    if (equalsIgnoreCase(text, nameStart, nameEnd, 'username')) return paramValue(text, p, end);
    // Skip this parameter's value: a quoted string may hold commas.
    if (p < end && text.charCodeAt(p) === CH.dquote) p = skipQuoted(text, p, end);
    while (p < end && text.charCodeAt(p) !== CH.comma) p++;
  }
  return '';
}
