import { describe, expect, it } from 'vitest';
import { jsonNumber, jsonString } from '../../../src/decoders/json.js';
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
