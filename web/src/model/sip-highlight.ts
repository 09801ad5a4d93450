/**
 * SIP syntax highlighting and parsing for the message window. Pure: the component maps token kinds
 * to CSS classes. Every line's tokens concatenate back to the line exactly (nothing is lost).
 */

export type TokenKind =
  | 'method'
  | 'uri'
  | 'version'
  | 'status'
  | 'reason'
  | 'header-name'
  | 'punct'
  | 'header-value'
  | 'param'
  | 'sdp-type'
  | 'sdp-value'
  | 'body';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

export interface SipHeader {
  readonly name: string;
  readonly value: string;
}

export interface SdpLine {
  readonly type: string;
  readonly value: string;
}

/** SDP lines grouped: the session part, then one group per `m=` line. */
export interface SdpSection {
  readonly session: readonly SdpLine[];
  readonly media: readonly { readonly m: string; readonly lines: readonly SdpLine[] }[];
}

export interface ParsedSip {
  readonly startLine: string;
  readonly headers: readonly SipHeader[];
  readonly body: string;
  readonly sdp?: SdpSection;
}

const REQUEST_LINE = /^([A-Z][A-Z0-9_-]*)( +)(\S+)( +)(SIP\/\d\.\d)$/;
const STATUS_LINE = /^(SIP\/\d\.\d)( +)(\d{3})(?:( +)(.*))?$/;
const HEADER = /^([!-9;-~]+)([ \t]*:[ \t]*)(.*)$/;
const SDP_LINE = /^([a-z])=(.*)$/;

function splitHead(raw: string): { head: string[]; body: string } {
  const normalised = raw.replace(/\r\n/g, '\n');
  const end = normalised.indexOf('\n\n');
  const head = end < 0 ? normalised : normalised.slice(0, end);
  const body = end < 0 ? '' : normalised.slice(end + 2);
  return { head: head.split('\n'), body };
}

function headerValueTokens(value: string): Token[] {
  // Parameters (`;tag=…`, `;branch=…`) are the parts engineers look for: set them apart.
  const tokens: Token[] = [];
  const re = /;[^;,]*/g;
  let last = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    if (m.index > last) tokens.push({ kind: 'header-value', text: value.slice(last, m.index) });
    tokens.push({ kind: 'param', text: m[0] });
    last = m.index + m[0].length;
  }
  if (last < value.length) tokens.push({ kind: 'header-value', text: value.slice(last) });
  return tokens;
}

function startLineTokens(line: string): Token[] {
  const req = REQUEST_LINE.exec(line);
  if (req) {
    return [
      { kind: 'method', text: req[1]! },
      { kind: 'punct', text: req[2]! },
      { kind: 'uri', text: req[3]! },
      { kind: 'punct', text: req[4]! },
      { kind: 'version', text: req[5]! },
    ];
  }
  const status = STATUS_LINE.exec(line);
  if (status) {
    const tokens: Token[] = [
      { kind: 'version', text: status[1]! },
      { kind: 'punct', text: status[2]! },
      { kind: 'status', text: status[3]! },
    ];
    if (status[4]) tokens.push({ kind: 'punct', text: status[4] });
    if (status[5]) tokens.push({ kind: 'reason', text: status[5] });
    return tokens;
  }
  return [{ kind: 'body', text: line }];
}

function isSdp(headers: readonly SipHeader[], body: string): boolean {
  const type = headers.find((h) => /^(content-type|c)$/i.test(h.name))?.value ?? '';
  return /application\/sdp/i.test(type) || /^v=0\s*$/m.test(body.split('\n', 1)[0] ?? '');
}

/**
 * Highlights a SIP message line by line: start line (method, URI, version or status, reason),
 * header names and values (with `;params`), SDP body lines (type and value); other bodies as text.
 * A payload that is not SIP comes back as body lines.
 */
export function highlightSip(raw: string): Token[][] {
  const { head, body } = splitHead(raw);
  const first = head[0] ?? '';
  const isSip = REQUEST_LINE.test(first) || STATUS_LINE.test(first);
  if (!isSip)
    return raw
      .replace(/\r\n/g, '\n')
      .split('\n')
      .map((text) => [{ kind: 'body', text }]);
  const lines: Token[][] = [startLineTokens(first)];
  const headers: SipHeader[] = [];
  for (const line of head.slice(1)) {
    const h = HEADER.exec(line);
    if (!h) {
      lines.push([{ kind: 'header-value', text: line }]);
      continue;
    }
    headers.push({ name: h[1]!, value: h[3]! });
    lines.push([
      { kind: 'header-name', text: h[1]! },
      { kind: 'punct', text: h[2]! },
      ...headerValueTokens(h[3]!),
    ]);
  }
  if (body === '' && !raw.replace(/\r\n/g, '\n').includes('\n\n')) return lines;
  lines.push([]);
  const sdp = isSdp(headers, body);
  for (const line of body.split('\n')) {
    const m = sdp ? SDP_LINE.exec(line) : null;
    if (m)
      lines.push([
        { kind: 'sdp-type', text: `${m[1]!}=` },
        { kind: 'sdp-value', text: m[2]! },
      ]);
    else lines.push(line === '' ? [] : [{ kind: 'body', text: line }]);
  }
  return lines;
}

/** SDP text grouped into its session part and its media sections. */
export function parseSdp(body: string): SdpSection {
  const session: SdpLine[] = [];
  const media: { m: string; lines: SdpLine[] }[] = [];
  for (const line of body.replace(/\r\n/g, '\n').split('\n')) {
    const m = SDP_LINE.exec(line);
    if (!m) continue;
    const entry = { type: m[1]!, value: m[2]! };
    if (entry.type === 'm') media.push({ m: entry.value, lines: [] });
    else (media.at(-1)?.lines ?? session).push(entry);
  }
  return { session, media };
}

/** Start line, headers in order (folded lines joined), body, and the SDP when the body is SDP. */
export function parseSip(raw: string): ParsedSip {
  const { head, body } = splitHead(raw);
  const headers: SipHeader[] = [];
  for (const line of head.slice(1)) {
    const h = HEADER.exec(line);
    const previous = headers.at(-1);
    if (h && !/^[ \t]/.test(line)) headers.push({ name: h[1]!, value: h[3]! });
    else if (previous)
      headers[headers.length - 1] = { ...previous, value: `${previous.value} ${line.trim()}` };
  }
  const sdp = isSdp(headers, body) ? parseSdp(body) : undefined;
  return { startLine: head[0] ?? '', headers, body, ...(sdp ? { sdp } : {}) };
}
