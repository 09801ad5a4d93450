import { describe, expect, it } from 'vitest';
import { payloadText, sipHeaderCodes, textCodes } from '../../../src/decoders/text.js';
import { prng } from '../../helpers/random.js';

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

/** What the SIP parsers rely on: the same ASCII code where the text has ASCII, else a code ≥ 0x80. */
function sameClasses(codes: Uint8Array, text: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const code = codes[i]!;
    if (c < 0x80 ? code !== c : code < 0x80) return false;
  }
  return true;
}

describe('textCodes', () => {
  it('gives ASCII and Latin-1 characters their own code', () => {
    const text = 'From: "Jos\u00e9" <sip:a@b>\t\u007f\u0080\u00ff';
    expect([...textCodes(text)]).toEqual([...text].map((c) => c.charCodeAt(0)));
  });

  it('gives characters above U+00FF the code 0x80, never their low byte', () => {
    // U+043B and U+013A have the low bytes of ';' and ':', which would split a header value.
    const text = 'From: "\u0418\u043b\u013a" <sip:a@b>;tag=1 \ud83d\ude00 \ufffd';
    const codes = textCodes(text);
    expect(codes.length).toBe(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      expect(codes[i], `index ${i}`).toBe(c > 0xff ? 0x80 : c);
    }
  });

  it('fills only [0, limit) that way', () => {
    const text = 'a\u043bb\u043b';
    const codes = textCodes(text, 2);
    expect([...codes.subarray(0, 2)]).toEqual([0x61, 0x80]);
    expect(codes[2]).toBe(0x62);
  });
});

describe('sipHeaderCodes', () => {
  const headers = 'INVITE sip:b@h SIP/2.0\r\nFrom: <sip:a@h>;tag=1\r\nCall-ID: c1\r\n\r\n';
  const headerEnd = headers.length;

  it('is the payload itself for ASCII text', () => {
    const payload = Buffer.from(headers + 'v=0\r\n');
    expect(sipHeaderCodes(payload, payloadText(payload))).toBe(payload);
  });

  it('is the payload itself when only the body is not ASCII (SIP-I, UTF-8 bodies)', () => {
    const payload = Buffer.concat([
      Buffer.from(headers),
      Buffer.from([0x01, 0x00, 0xff, 0xc3, 0xa9, 0x00, 0x0a]),
    ]);
    const text = payloadText(payload);
    const codes = sipHeaderCodes(payload, text);
    expect(codes).toBe(payload);
    expect(sameClasses(codes, text, headerEnd)).toBe(true);
  });

  it('is the payload itself when an invalid byte became one U+FFFD (one character per byte)', () => {
    const payload = Buffer.from(headers.replace('tag=1', 'tag=\u0001'));
    payload[payload.indexOf(0x01)] = 0xff;
    const text = payloadText(payload);
    expect(text.length).toBe(payload.length);
    const codes = sipHeaderCodes(payload, text);
    expect(codes).toBe(payload);
    expect(sameClasses(codes, text, text.length)).toBe(true);
  });

  it('follows the text when the header section holds UTF-8, NUL or invalid sequences', () => {
    const cases = [
      headers.replace('<sip:a@h>', '"\u0418\u043b\u0430 \ud83d\ude00" <sip:a@h>'),
      headers.replace('tag=1', 'tag=\u0000x'),
      headers.replace('Call-ID: c1', 'Call-ID: c\u00e91'),
    ];
    for (const text of cases) {
      const payload = Buffer.from(text, 'utf8');
      const decoded = payloadText(payload);
      const codes = sipHeaderCodes(payload, decoded);
      expect(sameClasses(codes, decoded, decoded.indexOf('\r\n\r\n') + 4)).toBe(true);
    }
    const truncated = Buffer.concat([
      Buffer.from('INVITE sip:b@h SIP/2.0\r\nFrom: '),
      Buffer.from([0xe2, 0x82]),
      Buffer.from(';x\r\n\r\n'),
    ]);
    const decoded = payloadText(truncated);
    expect(sameClasses(sipHeaderCodes(truncated, decoded), decoded, decoded.length)).toBe(true);
  });

  it('keeps character classes on random payloads, over the header section', () => {
    const random = prng(99);
    const pieces = [
      'INVITE sip:a@b SIP/2.0',
      'From: "x" <sip:u@h>;tag=t',
      ':',
      ';',
      '\r\n',
      '\n',
      ' ',
      'é',
      '😀',
      'Л',
    ];
    for (let n = 0; n < 500; n++) {
      const parts: Buffer[] = [];
      for (let k = Math.floor(random() * 30); k > 0; k--) {
        parts.push(
          random() < 0.8
            ? Buffer.from(pieces[Math.floor(random() * pieces.length)]!)
            : Buffer.from([Math.floor(random() * 256)]),
        );
      }
      const payload = Buffer.concat(parts);
      const text = payloadText(payload);
      const codes = sipHeaderCodes(payload, text);
      // The header section ends with the first empty line after leading CR/LF (or the text's end).
      const lead = text.length - text.replace(/^[\r\n]+/, '').length;
      const empty = text.slice(lead).search(/\n\r?\n/);
      const end = empty < 0 ? text.length : Math.min(text.length, lead + empty + 3);
      expect(sameClasses(codes, text, end), payload.toString('hex')).toBe(true);
    }
  });
});
