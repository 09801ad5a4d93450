import {
  CH,
  equalsIgnoreCase,
  isAlpha,
  isWsp,
  lowerAscii,
  skipQuoted,
  skipWsp,
  trimWspEnd,
} from './chars.js';

/** The parts of a URI that data_header needs. */
export interface UriParts {
  /** userinfo without the password (sip/sips), the number (tel), "" when absent. Escapes kept. */
  readonly user: string;
  /** hostport without the port; IPv6 references keep their brackets (`[2001:db8::1]`). */
  readonly host: string;
  /** False when no `scheme:` could be found. */
  readonly ok: boolean;
}

/** A From/To/Contact/P-Asserted-Identity value: its URI parts plus the `tag` header parameter. */
export interface NameAddrParts extends UriParts {
  readonly tag: string;
}

export const EMPTY_URI: UriParts = Object.freeze({ user: '', host: '', ok: false });
/** A URI with a scheme but nothing data_header can use. */
const OPAQUE_URI: UriParts = Object.freeze({ user: '', host: '', ok: true });
export const EMPTY_NAME_ADDR: NameAddrParts = Object.freeze({ user: '', host: '', tag: '', ok: false });

/**
 * Parses the URI in [start, end) of `text`. sip/sips (RFC 3261 §19.1.1): user = userinfo up to
 * the password `:`, host up to port/params/headers; tel (RFC 3966 §3): user = the number up to its
 * parameters, no host. Any other scheme is split only when it holds `user@host`. Never throws.
 */
export function parseUri(text: string, start: number, end: number): UriParts {
  start = skipWsp(text, start, end);
  end = trimWspEnd(text, start, end);
  // Fast path for the scheme nearly every URI has.
  if (
    end - start > 4 &&
    text.charCodeAt(start + 3) === CH.colon &&
    (text.charCodeAt(start) | 0x20) === 0x73 && // s
    (text.charCodeAt(start + 1) | 0x20) === 0x69 && // i
    (text.charCodeAt(start + 2) | 0x20) === 0x70 // p
  ) {
    return sipParts(text, start + 4, end);
  }
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1)
  if (start >= end || !isAlpha(text.charCodeAt(start))) return EMPTY_URI;
  let p = start + 1;
  while (p < end && isSchemeChar(text.charCodeAt(p))) p++;
  if (p >= end || text.charCodeAt(p) !== CH.colon) return EMPTY_URI;
  const schemeEnd = p;
  p++;
  if (equalsIgnoreCase(text, start, schemeEnd, 'tel')) {
    let q = p;
    while (q < end) {
      const c = text.charCodeAt(q);
      if (c === CH.semicolon || c === CH.question) break;
      q++;
    }
    return { user: text.slice(p, q), host: '', ok: true };
  }
  if (equalsIgnoreCase(text, start, schemeEnd, 'sips') || equalsIgnoreCase(text, start, schemeEnd, 'sip')) {
    return sipParts(text, p, end);
  }
  // Other schemes (im:, pres:, http:, ...) are opaque unless they hold user@host.
  const at = text.indexOf('@', p);
  return at < 0 || at >= end ? OPAQUE_URI : sipParts(text, p, end);
}

/** user and host of a sip/sips URI whose scheme ends just before `start`. */
function sipParts(text: string, start: number, end: number): UriParts {
  // userinfo cannot hold an unescaped '@' (RFC 3261 §25.1), so the first one ends it.
  const at = text.indexOf('@', start);
  let user = '';
  let hostStart = start;
  if (at >= 0 && at < end) {
    let userEnd = start;
    while (userEnd < at && text.charCodeAt(userEnd) !== CH.colon) userEnd++;
    user = text.slice(start, userEnd);
    hostStart = at + 1;
  }
  return { user, host: hostOf(text, hostStart, end), ok: true };
}

/**
 * Parses the name-addr or addr-spec header value in [start, end) of `text` (RFC 3261 §20.10,
 * §25.1): `"Display \"Name\"" <sip:u@h;uparam>;tag=x`, `Display <sip:u@h>`, `<sip:u@h>`,
 * `sip:u@h;tag=x`. Only the first value of a comma-joined list is read. Never throws.
 */
export function parseNameAddr(text: string, start = 0, end = text.length): NameAddrParts {
  let p = skipWsp(text, start, end);
  if (p < end && text.charCodeAt(p) === CH.dquote) p = skipQuoted(text, p, end);
  // A display-name token never holds ':' and an addr-spec always does, before any '<'.
  let q = p;
  while (q < end) {
    const c = text.charCodeAt(q);
    if (c === CH.lt || c === CH.colon || c === CH.comma) break;
    q++;
  }
  if (q >= end) return EMPTY_NAME_ADDR;
  const c = text.charCodeAt(q);
  if (c === CH.comma) return EMPTY_NAME_ADDR;
  let uri: UriParts;
  let paramsStart: number;
  if (c === CH.lt) {
    const gt = text.indexOf('>', q + 1);
    const uriEnd = gt < 0 || gt >= end ? end : gt;
    uri = parseUri(text, q + 1, uriEnd);
    paramsStart = uriEnd === end ? end : uriEnd + 1;
  } else {
    // §20.10: without <> the URI cannot hold ',', '?' or ';', so they start the header params.
    const uriStart = skipWsp(text, p, end);
    let e = uriStart;
    while (e < end) {
      const d = text.charCodeAt(e);
      if (d === CH.semicolon || d === CH.comma || d === CH.question || isWsp(d)) break;
      e++;
    }
    uri = parseUri(text, uriStart, e);
    paramsStart = e;
  }
  return { user: uri.user, host: uri.host, ok: uri.ok, tag: headerParam(text, paramsStart, end, 'tag') };
}

/**
 * Value of the header parameter `lowerName` in [start, end): `;name=value` pairs with LWS allowed
 * around `;` and `=` (RFC 3261 §7.3.1, RFC 4475 wsinv), quoted values unquoted, stopping at the
 * next comma-separated value. "" when absent or valueless.
 */
export function headerParam(text: string, start: number, end: number, lowerName: string): string {
  let p = start;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c === CH.comma) return '';
    if (c === CH.dquote) {
      p = skipQuoted(text, p, end);
      continue;
    }
    p++;
    if (c !== CH.semicolon) continue;
    const nameStart = skipWsp(text, p, end);
    let nameEnd = nameStart;
    while (nameEnd < end) {
      const d = text.charCodeAt(nameEnd);
      if (d === CH.equals || d === CH.semicolon || d === CH.comma || isWsp(d)) break;
      nameEnd++;
    }
    p = nameEnd;
    if (!equalsIgnoreCase(text, nameStart, nameEnd, lowerName)) continue;
    const eq = skipWsp(text, nameEnd, end);
    if (eq >= end || text.charCodeAt(eq) !== CH.equals) return '';
    return paramValue(text, skipWsp(text, eq + 1, end), end);
  }
  return '';
}

/** A gen-value (token, host or quoted-string) starting at `start`; quotes removed, escapes kept. */
export function paramValue(text: string, start: number, end: number): string {
  if (start < end && text.charCodeAt(start) === CH.dquote) {
    const close = skipQuoted(text, start, end);
    const contentEnd = close > start + 1 && text.charCodeAt(close - 1) === CH.dquote ? close - 1 : close;
    return text.slice(start + 1, contentEnd);
  }
  let e = start;
  while (e < end) {
    const c = text.charCodeAt(e);
    if (c === CH.semicolon || c === CH.comma || isWsp(c)) break;
    e++;
  }
  return text.slice(start, e);
}

function hostOf(text: string, start: number, end: number): string {
  if (start < end && text.charCodeAt(start) === CH.lbracket) {
    // IPv6reference = "[" IPv6address "]" (RFC 3261 §25.1, RFC 5118 §4)
    const close = text.indexOf(']', start);
    return close >= 0 && close < end ? text.slice(start, close + 1) : text.slice(start, end);
  }
  let e = start;
  while (e < end && !isHostEnd(text.charCodeAt(e))) e++;
  return text.slice(start, e);
}

/** Characters that end a host (port, params, headers, the name-addr, the next value, blanks). */
const HOST_END: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (const ch of ':;?>,/ \t') t[ch.charCodeAt(0)] = 1;
  return t;
})();

function isHostEnd(c: number): boolean {
  return c < 128 && HOST_END[c] === 1;
}

function isSchemeChar(c: number): boolean {
  const l = lowerAscii(c);
  return (l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
}
