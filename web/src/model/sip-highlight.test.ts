import { describe, expect, it } from 'vitest';
import { highlightSip, parseSdp, parseSip } from './sip-highlight.js';

const INVITE = [
  'INVITE sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1',
  'From: "Alice" <sip:alice@example.com>;tag=a1',
  'Call-ID: abc@10.0.0.1',
  'Content-Type: application/sdp',
  'Content-Length: 60',
  '',
  'v=0',
  'o=- 1 1 IN IP4 10.0.0.1',
  'c=IN IP4 10.0.0.1',
  'm=audio 4000 RTP/AVP 0 8',
  'a=rtpmap:0 PCMU/8000',
  'm=video 4002 RTP/AVP 96',
  'a=sendrecv',
].join('\r\n');

const text = (lines: { text: string }[][]): string =>
  lines.map((l) => l.map((t) => t.text).join('')).join('\n');

describe('highlightSip', () => {
  it('tokenizes the request line, headers with params and SDP lines, losing nothing', () => {
    const lines = highlightSip(INVITE);
    expect(text(lines)).toBe(INVITE.replace(/\r\n/g, '\n'));
    expect(lines[0]!.filter((t) => t.kind !== 'punct')).toEqual([
      { kind: 'method', text: 'INVITE' },
      { kind: 'uri', text: 'sip:bob@example.com' },
      { kind: 'version', text: 'SIP/2.0' },
    ]);
    expect(lines[1]!.map((t) => t.kind)).toEqual(['header-name', 'punct', 'header-value', 'param']);
    expect(lines[1]![3]).toEqual({ kind: 'param', text: ';branch=z9hG4bK-1' });
    expect(lines[2]![0]).toEqual({ kind: 'header-name', text: 'From' });
    expect(lines[6]).toEqual([]);
    expect(lines[7]).toEqual([
      { kind: 'sdp-type', text: 'v=' },
      { kind: 'sdp-value', text: '0' },
    ]);
  });

  it('tokenizes a status line with its reason', () => {
    const [first] = highlightSip('SIP/2.0 486 Busy Here\r\nCSeq: 1 INVITE\r\n\r\n');
    expect(first).toEqual([
      { kind: 'version', text: 'SIP/2.0' },
      { kind: 'punct', text: ' ' },
      { kind: 'status', text: '486' },
      { kind: 'punct', text: ' ' },
      { kind: 'reason', text: 'Busy Here' },
    ]);
  });

  it('leaves a payload that is not SIP as body lines', () => {
    expect(highlightSip('hello\nworld')).toEqual([
      [{ kind: 'body', text: 'hello' }],
      [{ kind: 'body', text: 'world' }],
    ]);
  });

  it('does not read a non-SDP body as SDP', () => {
    const lines = highlightSip('MESSAGE sip:a@b SIP/2.0\r\nContent-Type: text/plain\r\n\r\nv=not sdp');
    expect(lines.at(-1)).toEqual([{ kind: 'body', text: 'v=not sdp' }]);
  });
});

describe('parseSip / parseSdp', () => {
  it('lists headers in order and groups the SDP by media', () => {
    const parsed = parseSip(INVITE);
    expect(parsed.startLine).toBe('INVITE sip:bob@example.com SIP/2.0');
    expect(parsed.headers.map((h) => h.name)).toEqual([
      'Via',
      'From',
      'Call-ID',
      'Content-Type',
      'Content-Length',
    ]);
    expect(parsed.headers[2]).toEqual({ name: 'Call-ID', value: 'abc@10.0.0.1' });
    expect(parsed.sdp?.session.map((l) => l.type)).toEqual(['v', 'o', 'c']);
    expect(parsed.sdp?.media).toEqual([
      { m: 'audio 4000 RTP/AVP 0 8', lines: [{ type: 'a', value: 'rtpmap:0 PCMU/8000' }] },
      { m: 'video 4002 RTP/AVP 96', lines: [{ type: 'a', value: 'sendrecv' }] },
    ]);
  });

  it('joins folded header lines and has no SDP without an SDP body', () => {
    const parsed = parseSip('SIP/2.0 200 OK\r\nSubject: a\r\n  b\r\n\r\n');
    expect(parsed.headers).toEqual([{ name: 'Subject', value: 'a b' }]);
    expect(parsed.sdp).toBeUndefined();
    expect(parseSdp('x\nv=0').session).toEqual([{ type: 'v', value: '0' }]);
  });
});
