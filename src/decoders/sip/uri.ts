import { textCodes } from '../text.js';
import {
  CH,
  equalsIgnoreCase,
  isAlpha,
  isWsp,
  lowerAscii,
  skipQuoted,
  skipWsp,
  trimWspEnd,
  type Codes,
} from './chars.js';
import { NO_CODES, type ValueRef } from './value-ref.js';

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
export const EMPTY_NAME_ADDR: NameAddrParts = Object.freeze({ user: '', host: '', tag: '', ok: false });

/**
 * Where the parts of one parsed URI or name-addr lie in its text. The decoder keeps one per header
 * and parses into it again for every message. The host and the tag are located only when asked
 * for (data_header usually needs two of the four parts: of Contact, the user only), and a part is
 * cut from the text only when read as a string.
 */
export class AddrSpans implements NameAddrParts {
  text = '';
  codes: Codes = NO_CODES;
  /** False when no `scheme:` could be found. */
  ok = false;
  private userStart = 0;
  private userEnd = 0;
  /** -1: no host (tel, opaque schemes, no URI). */
  private hostStart = -1;
  /** Where the URI ends: the host ends at the first delimiter before it. */
  private hostLimit = 0;
  /** The header parameters after a name-addr (the tag's home); empty for a bare URI. */
  private paramsStart = 0;
  private paramsEnd = 0;

  get user(): string {
    return this.text.slice(this.userStart, this.userEnd);
  }

  get host(): string {
    const start = this.hostStart;
    return start < 0 ? '' : this.text.slice(start, hostEnd(this.codes, this.text, start, this.hostLimit));
  }

  get tag(): string {
    const at = headerParamAt(this.codes, this.paramsStart, this.paramsEnd, 'tag');
    return at < 0 ? '' : paramValue(this.codes, this.text, at, this.paramsEnd);
  }

  /** Points `ref` at the user part. */
  userRef(ref: ValueRef): ValueRef {
    return ref.set(this.text, this.codes, this.userStart, this.userEnd);
  }

  /** Points `ref` at the host part (an empty span when there is none). */
  hostRef(ref: ValueRef): ValueRef {
    const start = this.hostStart;
    if (start < 0) return ref.set(this.text, this.codes, 0, 0);
    return ref.set(this.text, this.codes, start, hostEnd(this.codes, this.text, start, this.hostLimit));
  }

  /** Points `ref` at the tag parameter's value (an empty span when there is none). */
  tagRef(ref: ValueRef): ValueRef {
    const codes = this.codes;
    const end = this.paramsEnd;
    const at = headerParamAt(codes, this.paramsStart, end, 'tag');
    if (at < 0) return ref.set(this.text, codes, 0, 0);
    const close = quotedValueEnd(codes, at, end);
    return close < 0
      ? ref.set(this.text, codes, at, tokenEnd(codes, at, end))
      : ref.set(this.text, codes, at + 1, close);
  }

  /** The state of a value without a URI (EMPTY_URI / EMPTY_NAME_ADDR). */
  clear(text: string, codes: Codes): void {
    this.text = text;
    this.codes = codes;
    this.ok = false;
    this.userStart = 0;
    this.userEnd = 0;
    this.hostStart = -1;
    this.hostLimit = 0;
    this.paramsStart = 0;
    this.paramsEnd = 0;
  }

  setUser(start: number, end: number): void {
    this.userStart = start;
    this.userEnd = end;
  }

  setHost(start: number, limit: number): void {
    this.hostStart = start;
    this.hostLimit = limit;
  }

  setParams(start: number, end: number): void {
    this.paramsStart = start;
    this.paramsEnd = end;
  }
}

/**
 * Parses the URI in [start, end) of `text`. sip/sips (RFC 3261 §19.1.1): user = userinfo up to
 * the password `:`, host up to port/params/headers; tel (RFC 3966 §3): user = the number up to its
 * parameters, no host. Any other scheme is split only when it holds `user@host`. Never throws.
 */
export function parseUri(text: string, start: number, end: number): UriParts {
  const spans = new AddrSpans();
  parseUriInto(spans, textCodes(text), text, start, end);
  return spans.ok ? { user: spans.user, host: spans.host, ok: true } : EMPTY_URI;
}

/** parseUri into `out`, reading `codes` (the codes of `text`, see chars.ts); no header params. */
export function parseUriInto(out: AddrSpans, codes: Codes, text: string, start: number, end: number): void {
  out.clear(text, codes);
  start = skipWsp(codes, start, end);
  end = trimWspEnd(codes, start, end);
  // Fast path for the scheme nearly every URI has.
  if (
    end - start > 4 &&
    codes[start + 3] === CH.colon &&
    (codes[start]! | 0x20) === 0x73 && // s
    (codes[start + 1]! | 0x20) === 0x69 && // i
    (codes[start + 2]! | 0x20) === 0x70 // p
  ) {
    sipParts(out, text, start + 4, end);
    return;
  }
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1)
  if (start >= end || !isAlpha(codes[start]!)) return;
  let p = start + 1;
  while (p < end && isSchemeChar(codes[p]!)) p++;
  if (p >= end || codes[p] !== CH.colon) return;
  const schemeEnd = p;
  p++;
  if (equalsIgnoreCase(codes, start, schemeEnd, 'tel')) {
    let q = p;
    while (q < end) {
      const c = codes[q]!;
      if (c === CH.semicolon || c === CH.question) break;
      q++;
    }
    out.ok = true;
    out.setUser(p, q);
    return;
  }
  if (equalsIgnoreCase(codes, start, schemeEnd, 'sips') || equalsIgnoreCase(codes, start, schemeEnd, 'sip')) {
    sipParts(out, text, p, end);
    return;
  }
  // Other schemes (im:, pres:, http:, ...) are opaque unless they hold user@host.
  out.ok = true;
  const at = text.indexOf('@', p);
  if (at >= 0 && at < end) sipParts(out, text, p, end);
}

/** user and host of a sip/sips URI whose scheme ends just before `start`. */
function sipParts(out: AddrSpans, text: string, start: number, end: number): void {
  out.ok = true;
  // userinfo cannot hold an unescaped '@' (RFC 3261 §25.1), so the first one ends it.
  const at = text.indexOf('@', start);
  let hostStart = start;
  if (at >= 0 && at < end) {
    const colon = text.indexOf(':', start);
    out.setUser(start, colon >= 0 && colon < at ? colon : at);
    hostStart = at + 1;
  }
  out.setHost(hostStart, end);
}

/**
 * Parses the name-addr or addr-spec header value in [start, end) of `text` (RFC 3261 §20.10,
 * §25.1): `"Display \"Name\"" <sip:u@h;uparam>;tag=x`, `Display <sip:u@h>`, `<sip:u@h>`,
 * `sip:u@h;tag=x`. Only the first value of a comma-joined list is read. Never throws.
 */
export function parseNameAddr(text: string, start = 0, end = text.length): NameAddrParts {
  const spans = new AddrSpans();
  if (!parseNameAddrInto(spans, textCodes(text), text, start, end)) return EMPTY_NAME_ADDR;
  return { user: spans.user, host: spans.host, ok: spans.ok, tag: spans.tag };
}

/** parseNameAddr into `out`; false (and `out` cleared) when the value holds no URI at all. */
export function parseNameAddrInto(
  out: AddrSpans,
  codes: Codes,
  text: string,
  start: number,
  end: number,
): boolean {
  let p = skipWsp(codes, start, end);
  if (p < end && codes[p] === CH.dquote) p = skipQuoted(codes, p, end);
  // A display-name token never holds ':' and an addr-spec always does, before any '<'.
  let q = p;
  while (q < end) {
    const c = codes[q]!;
    if (c === CH.lt || c === CH.colon || c === CH.comma) break;
    q++;
  }
  const c = q < end ? codes[q]! : CH.comma;
  if (c === CH.comma) {
    out.clear(text, codes);
    return false;
  }
  let paramsStart: number;
  if (c === CH.lt) {
    const gt = text.indexOf('>', q + 1);
    const uriEnd = gt < 0 || gt >= end ? end : gt;
    parseUriInto(out, codes, text, q + 1, uriEnd);
    paramsStart = uriEnd === end ? end : uriEnd + 1;
  } else {
    // §20.10: without <> the URI cannot hold ',', '?' or ';', so they start the header params.
    const uriStart = skipWsp(codes, p, end);
    let e = uriStart;
    while (e < end) {
      const d = codes[e]!;
      if (d === CH.semicolon || d === CH.comma || d === CH.question || isWsp(d)) break;
      e++;
    }
    parseUriInto(out, codes, text, uriStart, e);
    paramsStart = e;
  }
  out.setParams(paramsStart, end);
  return true;
}

/**
 * Value of the header parameter `lowerName` (ASCII) in [start, end): `;name=value` pairs with LWS
 * allowed around `;` and `=` (RFC 3261 §7.3.1, RFC 4475 wsinv), quoted values unquoted, stopping
 * at the next comma-separated value. "" when absent or valueless.
 */
export function headerParam(text: string, start: number, end: number, lowerName: string): string {
  const codes = textCodes(text);
  const at = headerParamAt(codes, start, end, lowerName);
  return at < 0 ? '' : paramValue(codes, text, at, end);
}

/** Where the value of header parameter `lowerName` starts (see headerParam); -1 when it has none. */
function headerParamAt(codes: Codes, start: number, end: number, lowerName: string): number {
  let p = start;
  while (p < end) {
    const c = codes[p]!;
    if (c === CH.comma) return -1;
    if (c === CH.dquote) {
      p = skipQuoted(codes, p, end);
      continue;
    }
    p++;
    if (c !== CH.semicolon) continue;
    const nameStart = skipWsp(codes, p, end);
    let nameEnd = nameStart;
    while (nameEnd < end) {
      const d = codes[nameEnd]!;
      if (d === CH.equals || d === CH.semicolon || d === CH.comma || isWsp(d)) break;
      nameEnd++;
    }
    p = nameEnd;
    if (!equalsIgnoreCase(codes, nameStart, nameEnd, lowerName)) continue;
    const eq = skipWsp(codes, nameEnd, end);
    if (eq >= end || codes[eq] !== CH.equals) return -1;
    return skipWsp(codes, eq + 1, end);
  }
  return -1;
}

/** A gen-value (token, host or quoted-string) starting at `start`; quotes removed, escapes kept. */
export function paramValue(codes: Codes, text: string, start: number, end: number): string {
  const close = quotedValueEnd(codes, start, end);
  return close < 0 ? text.slice(start, tokenEnd(codes, start, end)) : text.slice(start + 1, close);
}

/**
 * For a quoted-string at `start`: where its content ends (the closing quote, or `end` when it is
 * never closed). -1 when no quoted-string starts there.
 */
export function quotedValueEnd(codes: Codes, start: number, end: number): number {
  if (start >= end || codes[start] !== CH.dquote) return -1;
  const close = skipQuoted(codes, start, end);
  return close > start + 1 && codes[close - 1] === CH.dquote ? close - 1 : close;
}

/** End of a token value: the next `;`, `,` or blank. */
export function tokenEnd(codes: Codes, start: number, end: number): number {
  let e = start;
  while (e < end) {
    const c = codes[e]!;
    if (c === CH.semicolon || c === CH.comma || isWsp(c)) break;
    e++;
  }
  return e;
}

/** End of the host starting at `start`, before `limit`: an IPv6 reference keeps its brackets. */
function hostEnd(codes: Codes, text: string, start: number, limit: number): number {
  if (start < limit && codes[start] === CH.lbracket) {
    // IPv6reference = "[" IPv6address "]" (RFC 3261 §25.1, RFC 5118 §4)
    const close = text.indexOf(']', start);
    return close >= 0 && close < limit ? close + 1 : limit;
  }
  let e = start;
  while (e < limit && !isHostEnd(codes[e]!)) e++;
  return e;
}

/** Characters that end a host (port, params, headers, the name-addr, the next value, blanks). */
const HOST_END: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (const ch of ':;?>,/ \t') t[ch.charCodeAt(0)] = 1;
  return t;
})();

function isHostEnd(c: number): boolean {
  return HOST_END[c] === 1;
}

function isSchemeChar(c: number): boolean {
  const l = lowerAscii(c);
  return (l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
}
