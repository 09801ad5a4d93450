import { equalsIgnoreCase, isWsp, skipWsp, trimWspEnd } from './chars.js';

/** The first line of a SIP message: a Request-Line or a Status-Line (RFC 3261 §7.1, §7.2). */
export interface StartLine {
  readonly isRequest: boolean;
  /** Request method; "" for responses. */
  readonly method: string;
  /** Request-URI as offsets into the message text; both 0 for responses. */
  readonly uriStart: number;
  readonly uriEnd: number;
  /** Status code (3 digits); "" for requests. */
  readonly status: string;
}

/**
 * Parses the start line in [start, end) of `text` (no CRLF); `undefined` when it is neither a
 * Request-Line nor a Status-Line. Lenient about extra blanks between the parts (RFC 4475 §3.1.2.5
 * lwsstart) and about the version number (a store-everything server keeps `SIP/7.0` too).
 */
export function parseStartLine(text: string, start: number, end: number): StartLine | undefined {
  end = trimWspEnd(text, start, end);
  // SIP-Version is case-insensitive (RFC 3261 §7.1).
  if (end - start >= 4 && equalsIgnoreCase(text, start, start + 4, 'sip/')) {
    return parseStatusLine(text, start, end);
  }
  let p = start;
  while (p < end && !isWsp(text.charCodeAt(p))) p++;
  if (p === start || p === end) return undefined;
  const method = text.slice(start, p);
  let versionStart = end;
  while (versionStart > p && !isWsp(text.charCodeAt(versionStart - 1))) versionStart--;
  if (versionStart === p || end - versionStart < 4) return undefined;
  if (!equalsIgnoreCase(text, versionStart, versionStart + 4, 'sip/')) return undefined;
  const uriStart = skipWsp(text, p, versionStart);
  const uriEnd = trimWspEnd(text, uriStart, versionStart);
  if (uriStart === uriEnd) return undefined;
  return { isRequest: true, method, uriStart, uriEnd, status: '' };
}

/** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase; Status-Code = 3DIGIT (§7.2, §25.1). */
function parseStatusLine(text: string, start: number, end: number): StartLine | undefined {
  let p = start;
  while (p < end && !isWsp(text.charCodeAt(p))) p++;
  const codeStart = skipWsp(text, p, end);
  if (codeStart === p) return undefined;
  let codeEnd = codeStart;
  while (codeEnd < end && isDigit(text.charCodeAt(codeEnd))) codeEnd++;
  if (codeEnd - codeStart !== 3) return undefined;
  if (codeEnd < end && !isWsp(text.charCodeAt(codeEnd))) return undefined;
  return { isRequest: false, method: '', uriStart: 0, uriEnd: 0, status: text.slice(codeStart, codeEnd) };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
