import { describe, expect, it } from 'vitest';
import { payloadText } from '../../../src/decoders/text.js';

describe('payloadText', () => {
  it('returns plain UTF-8 text unchanged', () => {
    const s = 'INVITE sip:bob@biloxi.com SIP/2.0\r\nSubject: été ✓\r\n';
    expect(payloadText(Buffer.from(s))).toBe(s);
  });

  it('removes NUL bytes (PostgreSQL text cannot hold U+0000)', () => {
    const out = payloadText(Buffer.from('a\u0000b\u0000\u0000c\u0000', 'utf8'));
    expect(out).toBe('abc');
    expect(out.includes('\u0000')).toBe(false);
  });

  it('replaces invalid UTF-8 sequences with U+FFFD', () => {
    const bytes = Buffer.from([0x61, 0xff, 0x62, 0xc3, 0x28, 0xe2, 0x82, 0x00, 0x63]);
    const out = payloadText(bytes);
    expect(out).toBe('a\ufffdb\ufffd(\ufffdc');
    expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
  });

  it('handles an empty payload', () => {
    expect(payloadText(Buffer.alloc(0))).toBe('');
  });
});
