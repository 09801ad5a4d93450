import { textCodes } from '../text.js';
import { equalsIgnoreCase, isWsp, skipWsp, trimWspEnd, type Codes } from './chars.js';

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

/** A StartLine the scanner fills again for every message instead of allocating one. */
export class StartLineFields implements StartLine {
  isRequest = false;
  method = '';
  uriStart = 0;
  uriEnd = 0;
  status = '';
  /** Where `method` or `status` lies in the text. */
  tokenStart = 0;
  tokenEnd = 0;
}

/**
 * Parses the start line in [start, end) of `text` (no CRLF); `undefined` when it is neither a
 * Request-Line nor a Status-Line. Lenient about extra blanks between the parts (RFC 4475 §3.1.2.5
 * lwsstart) and about the version number (a store-everything server keeps `SIP/7.0` too).
 */
export function parseStartLine(text: string, start: number, end: number): StartLine | undefined {
  const line = new StartLineFields();
  return parseStartLineInto(line, textCodes(text), text, start, end) ? line : undefined;
}

/**
 * parseStartLine into `out`, reading `codes` (the codes of `text`, see chars.ts); false when the
 * line is neither (`out` then holds nothing useful).
 */
export function parseStartLineInto(
  out: StartLineFields,
  codes: Codes,
  text: string,
  start: number,
  end: number,
): boolean {
  end = trimWspEnd(codes, start, end);
  // SIP-Version is case-insensitive (RFC 3261 §7.1).
  if (end - start >= 4 && equalsIgnoreCase(codes, start, start + 4, 'sip/')) {
    return parseStatusLine(out, codes, text, start, end);
  }
  let p = start;
  while (p < end && !isWsp(codes[p]!)) p++;
  if (p === start || p === end) return false;
  let versionStart = end;
  while (versionStart > p && !isWsp(codes[versionStart - 1]!)) versionStart--;
  if (versionStart === p || end - versionStart < 4) return false;
  if (!equalsIgnoreCase(codes, versionStart, versionStart + 4, 'sip/')) return false;
  const uriStart = skipWsp(codes, p, versionStart);
  const uriEnd = trimWspEnd(codes, uriStart, versionStart);
  if (uriStart === uriEnd) return false;
  out.isRequest = true;
  out.method = text.slice(start, p);
  out.tokenStart = start;
  out.tokenEnd = p;
  out.uriStart = uriStart;
  out.uriEnd = uriEnd;
  out.status = '';
  return true;
}

/** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase; Status-Code = 3DIGIT (§7.2, §25.1). */
function parseStatusLine(
  out: StartLineFields,
  codes: Codes,
  text: string,
  start: number,
  end: number,
): boolean {
  let p = start;
  while (p < end && !isWsp(codes[p]!)) p++;
  const codeStart = skipWsp(codes, p, end);
  if (codeStart === p) return false;
  let codeEnd = codeStart;
  while (codeEnd < end && isDigit(codes[codeEnd]!)) codeEnd++;
  if (codeEnd - codeStart !== 3) return false;
  if (codeEnd < end && !isWsp(codes[codeEnd]!)) return false;
  out.isRequest = false;
  out.method = '';
  out.uriStart = 0;
  out.uriEnd = 0;
  out.status = statusText(codes, text, codeStart);
  out.tokenStart = codeStart;
  out.tokenEnd = codeEnd;
  return true;
}

/** Status codes as strings, made once each: a response then allocates nothing for its code. */
const STATUS_TEXT: (string | undefined)[] = new Array<string | undefined>(1000).fill(undefined);

/** The 3 digits at `start` as a string (the caller checked they are digits). */
function statusText(codes: Codes, text: string, start: number): string {
  const code = (codes[start]! - 0x30) * 100 + (codes[start + 1]! - 0x30) * 10 + (codes[start + 2]! - 0x30);
  return (STATUS_TEXT[code] ??= text.slice(start, start + 3));
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
