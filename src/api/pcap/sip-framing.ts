/** A SIP request line (`METHOD uri SIP/2.0`) or status line (`SIP/2.0 code ...`) at the start. */
const SIP_START =
  /^(?:SIP\/2\.0 [1-6]\d\d(?:[ \t]|\r?\n)|[A-Za-z][A-Za-z0-9!%'*+\-.~_`]* [^\s]+ SIP\/2\.0\r?\n)/;
/** The same, at any line start: where a stream joined mid-message picks up again. */
const SIP_START_ANYWHERE =
  /(?:^|\n)(?:SIP\/2\.0 [1-6]\d\d(?:[ \t]|\r?\n)|[A-Za-z][A-Za-z0-9!%'*+\-.~_`]* [^\s]+ SIP\/2\.0\r?\n)/;
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*$/im;
/** Longest start line we wait for before deciding a stream is not SIP. */
const MAX_START_LINE = 4096;
/** Largest header block we buffer while waiting for its end. */
export const MAX_SIP_HEADERS = 64 * 1024;

/** True when the bytes begin with a SIP start line. */
export function isSipStart(data: Buffer): boolean {
  return SIP_START.test(data.toString('latin1', 0, Math.min(data.length, MAX_START_LINE)));
}

/**
 * Where a SIP start line begins in `data` (at a line start), or -1. Used to find the next message
 * when a TCP capture starts in the middle of one or after a gap.
 */
export function findSipStart(data: Buffer): number {
  const text = data.toString('latin1');
  const match = SIP_START_ANYWHERE.exec(text);
  if (!match) return -1;
  return match.index + (match[0].startsWith('\n') ? 1 : 0);
}

/** Leading CRLFs: RFC 5626 keep-alives ("\r\n\r\n" pings, "\r\n" pongs) between messages. */
export function keepAliveLength(data: Buffer): number {
  let i = 0;
  while (i < data.length && (data[i] === 0x0d || data[i] === 0x0a)) i++;
  return i;
}

/**
 * Length of the SIP message at the start of a stream buffer: headers up to the blank line plus
 * Content-Length body bytes (RFC 3261 §18.3; a missing Content-Length means no body). 'incomplete'
 * when more bytes are needed.
 */
export function sipMessageLength(data: Buffer): number | 'incomplete' {
  const headerEnd = data.indexOf('\r\n\r\n');
  if (headerEnd < 0) return 'incomplete';
  const headers = data.toString('latin1', 0, headerEnd);
  const match = CONTENT_LENGTH.exec(headers);
  const total = headerEnd + 4 + (match ? Number(match[1]) : 0);
  return total <= data.length ? total : 'incomplete';
}
