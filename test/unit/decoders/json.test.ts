import { describe, expect, it } from 'vitest';
import {
  isPlainAscii,
  isPlainJsonString,
  isPlainRepeatedJsonString,
  jsonNumber,
  jsonString,
  jsonStringContent,
} from '../../../src/decoders/json.js';
import { prng } from '../../helpers/random.js';

describe('jsonString', () => {
  const cases = [
    '',
    'plain',
    'alice@atlanta.com',
    'quote " inside',
    'back\\slash',
    'tab\there',
    'nul\u0000bel\u0007del\u007f',
    '\u001f\u0020',
    'line\r\nbreak',
    'été ✓ Заря',
    '😀 pair',
    'lone \ud800 high',
    'lone \udc00 low',
    'reversed \udc00\ud800',
    '\u2028\u2029',
    '</script>',
  ];
  it.each(cases)('matches JSON.stringify for %j', (value) => {
    expect(jsonString(value)).toBe(JSON.stringify(value));
  });

  it('matches JSON.stringify for random UTF-16 strings', () => {
    const random = prng(7);
    for (let n = 0; n < 2000; n++) {
      const len = Math.floor(random() * 20);
      let s = '';
      for (let i = 0; i < len; i++) {
        const pick = random();
        s += String.fromCharCode(
          pick < 0.3
            ? Math.floor(random() * 0x30)
            : pick < 0.9
              ? 0x20 + Math.floor(random() * 0x5f)
              : Math.floor(random() * 0x10000),
        );
      }
      expect(jsonString(s)).toBe(JSON.stringify(s));
    }
  });
});

describe('jsonNumber', () => {
  it.each([0, -0, 1, 5060, 1_700_000_000, 4294967295, 1.5, NaN, Infinity, -Infinity])(
    'matches JSON.stringify for %s',
    (n) => {
      expect(jsonNumber(n)).toBe(JSON.stringify(n));
    },
  );
});

/** Strings that exercise every escaping rule of JSON.stringify (RFC 8259 §7, ES2019 lone surrogates). */
const ESCAPING_EDGES = [
  '',
  'plain',
  '"',
  '\\',
  '\\"',
  'a"b\\c',
  '\u0000',
  '\u0001\u0008\u0009\u000a\u000c\u000d\u001f',
  '\u0020\u007e\u007f',
  'é ü ß',
  'Заря ✓',
  '😀',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\ude00y',
  '\udc00\ud800',
  '\u2028\u2029',
  '\ufeff\uffff',
];

describe('jsonStringContent', () => {
  it.each(ESCAPING_EDGES)('is JSON.stringify without its quotes for %j', (value) => {
    expect(jsonStringContent(value)).toBe(JSON.stringify(value).slice(1, -1));
  });

  it('returns a string that needs no escaping as it is', () => {
    const value = 'sip.example.com';
    expect(jsonStringContent(value)).toBe(value);
  });
});

describe('isPlainJsonString / isPlainRepeatedJsonString', () => {
  it.each(ESCAPING_EDGES)('tell exactly when "…" is the JSON of %j', (value) => {
    const plain = '"' + value + '"' === JSON.stringify(value) && !/[\ud800-\udfff]/.test(value);
    expect(isPlainJsonString(value)).toBe(plain);
    expect(isPlainRepeatedJsonString(value)).toBe(plain);
    // Asked again (a memo hit for the repeated kind): the same answer.
    expect(isPlainRepeatedJsonString(value)).toBe(plain);
  });

  it('never lets a memoised plain string answer for a different one of the same length', () => {
    // Same length and last character: the same memo slot.
    expect(isPlainRepeatedJsonString('10.0.0.1')).toBe(true);
    expect(isPlainRepeatedJsonString('10."0.01')).toBe(false);
    expect(isPlainRepeatedJsonString('1\\.0.0.1')).toBe(false);
    expect(isPlainRepeatedJsonString('10.0.0.1')).toBe(true);
  });

  it('agrees with JSON.stringify on random strings, repeated or not', () => {
    const random = prng(11);
    const pool: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const value =
        pool.length > 0 && random() < 0.3
          ? pool[Math.floor(random() * pool.length)]!
          : Array.from({ length: Math.floor(random() * 80) }, () =>
              String.fromCharCode(
                random() < 0.95 ? 0x20 + Math.floor(random() * 0x5f) : Math.floor(random() * 0x10000),
              ),
            ).join('');
      pool.push(value);
      const expected = JSON.stringify(value) === '"' + value + '"' && !/[\ud800-\udfff]/.test(value);
      expect(isPlainRepeatedJsonString(value)).toBe(expected);
      expect(isPlainJsonString(value)).toBe(expected);
    }
  });
});

describe('isPlainAscii', () => {
  const codes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

  it('accepts printable ASCII and DEL, which JSON writes as they are', () => {
    const all = codes(Array.from({ length: 0x60 }, (_, i) => String.fromCharCode(0x20 + i)).join(''));
    const withoutQuoteAndBackslash = all.filter((c) => c !== 0x22 && c !== 0x5c);
    expect(isPlainAscii(withoutQuoteAndBackslash, 0, withoutQuoteAndBackslash.length)).toBe(true);
  });

  it('rejects quotes, backslashes, controls and every non-ASCII code', () => {
    for (let c = 0; c < 256; c++) {
      const plain = c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c;
      expect(isPlainAscii(Uint8Array.of(0x61, c, 0x62), 0, 3), `0x${c.toString(16)}`).toBe(plain);
    }
  });

  it('reads only [start, end)', () => {
    const bytes = codes('"abc"');
    expect(isPlainAscii(bytes, 1, 4)).toBe(true);
    expect(isPlainAscii(bytes, 0, 4)).toBe(false);
    expect(isPlainAscii(bytes, 2, 2)).toBe(true);
  });
});
