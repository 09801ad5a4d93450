import { CH, equalsIgnoreCase, isWsp, skipQuoted } from './chars.js';
import { paramValue } from './uri.js';

/**
 * The `username` parameter of an Authorization / Proxy-Authorization value (RFC 3261 §25.1
 * `dig-resp`, RFC 2617 §3.2.2): `Digest username="bob", realm="x", ...` → `bob`. Parameters are
 * comma-separated, names case-insensitive, values tokens or quoted strings (quotes removed).
 * "" when there is none. Never throws.
 */
export function authUsername(value: string): string {
  const len = value.length;
  let p = 0;
  while (p < len && isWsp(value.charCodeAt(p))) p++;
  // The auth-scheme token ("Digest").
  while (p < len && !isWsp(value.charCodeAt(p)) && value.charCodeAt(p) !== CH.comma) p++;
  while (p < len) {
    const c = value.charCodeAt(p);
    if (isWsp(c) || c === CH.comma) {
      p++;
      continue;
    }
    const nameStart = p;
    while (p < len) {
      const d = value.charCodeAt(p);
      if (d === CH.equals || d === CH.comma || isWsp(d)) break;
      p++;
    }
    const nameEnd = p;
    while (p < len && isWsp(value.charCodeAt(p))) p++;
    if (p >= len || value.charCodeAt(p) !== CH.equals) continue;
    p++;
    while (p < len && isWsp(value.charCodeAt(p))) p++;
    if (equalsIgnoreCase(value, nameStart, nameEnd, 'username')) return paramValue(value, p, len);
    // Skip this parameter's value: a quoted string may hold commas.
    if (p < len && value.charCodeAt(p) === CH.dquote) p = skipQuoted(value, p, len);
    while (p < len && value.charCodeAt(p) !== CH.comma) p++;
  }
  return '';
}
