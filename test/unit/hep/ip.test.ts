import { describe, expect, it } from 'vitest';
import { HepEncodeError, formatIpv4, formatIpv6, parseIp } from '../../../src/hep/index.js';
import { prng, randomInt } from '../../helpers/random.js';

describe('formatIpv6 (RFC 5952)', () => {
  it.each([
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['fe800000000000000000000000000001', 'fe80::1'],
    ['20010db8000000000000000000000000', '2001:db8::'],
    // §4.2.2: one zero group is not shortened.
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    // §4.2.3: the longest run is shortened; on a tie, the first.
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['20010000000000010000000000000001', '2001:0:0:1::1'],
    // §4.1 no leading zeros, §4.3 lower case.
    ['20010DB800AB0C0000000000000000FF', '2001:db8:ab:c00::ff'],
    ['00010002000300040005000600070008', '1:2:3:4:5:6:7:8'],
    ['00010000000000000000000000000000', '1::'],
    // §5 IPv4-mapped addresses in mixed notation.
    ['00000000000000000000ffffc0000221', '::ffff:192.0.2.33'],
    ['00000000000000000000ffff00000000', '::ffff:0.0.0.0'],
    // Not mapped: ::ffff:0:0:0 prefix variants stay in hex.
    ['000000000000ffff0000000000000000', '0:0:0:ffff::'],
  ])('%s → %s', (bytes, text) => {
    expect(formatIpv6(Buffer.from(bytes, 'hex'), 0)).toBe(text);
  });

  it('reads at an offset', () => {
    const buf = Buffer.concat([
      Buffer.from([9, 9, 9]),
      Buffer.from('fe800000000000000000000000000001', 'hex'),
    ]);
    expect(formatIpv6(buf, 3)).toBe('fe80::1');
    expect(formatIpv4(Buffer.from([0, 192, 0, 2, 1]), 1)).toBe('192.0.2.1');
  });

  it('refuses to read outside the buffer', () => {
    expect(() => formatIpv6(Buffer.alloc(16), 1)).toThrow(RangeError);
    expect(() => formatIpv4(Buffer.alloc(4), -1)).toThrow(RangeError);
  });

  it('agrees with parseIp on 20 000 random addresses', () => {
    const random = prng(5952);
    for (let i = 0; i < 20_000; i++) {
      const bytes = Buffer.alloc(16);
      // Mostly zero groups, so runs and ties of all lengths occur.
      for (let g = 0; g < 8; g++) {
        if (random() < 0.4) bytes.writeUInt16BE(randomInt(random, 0x10000), 2 * g);
      }
      const text = formatIpv6(bytes, 0);
      expect(text).toBe(text.toLowerCase());
      expect(text).not.toMatch(/(^|:)0[0-9a-f]/);
      expect(parseIp(text).equals(bytes), `${bytes.toString('hex')} → ${text}`).toBe(true);
    }
  });
});

describe('formatIpv4', () => {
  const dotted = (b: Buffer, at = 0): string => [b[at], b[at + 1], b[at + 2], b[at + 3]].join('.');

  it('formats 0.0.0.0 and 255.255.255.255', () => {
    expect(formatIpv4(Buffer.alloc(4), 0)).toBe('0.0.0.0');
    expect(formatIpv4(Buffer.alloc(4, 255), 0)).toBe('255.255.255.255');
    expect(formatIpv4(Buffer.alloc(4), 0)).toBe('0.0.0.0');
  });

  it('gives each address its own text however addresses repeat and collide in its cache', () => {
    const random = prng(1918);
    // A few hundred recurring addresses plus a stream of one-off ones: far more than the cache holds.
    const recurring = Array.from({ length: 300 }, () =>
      Buffer.from([10, randomInt(random, 256), randomInt(random, 256), randomInt(random, 256)]),
    );
    for (let i = 0; i < 30_000; i++) {
      const bytes =
        random() < 0.7
          ? recurring[randomInt(random, recurring.length)]!
          : Buffer.from([
              randomInt(random, 256),
              randomInt(random, 256),
              randomInt(random, 256),
              randomInt(random, 256),
            ]);
      expect(formatIpv4(bytes, 0)).toBe(dotted(bytes));
    }
  });

  it('returns the same string object for a repeated address', () => {
    const a = formatIpv4(Buffer.from([192, 0, 2, 7]), 0);
    expect(formatIpv4(Buffer.from([9, 192, 0, 2, 7]), 1)).toBe(a);
  });
});

describe('parseIp', () => {
  it.each([
    ['0.0.0.0', '00000000'],
    ['255.255.255.255', 'ffffffff'],
    ['192.0.2.1', 'c0000201'],
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['1::', '00010000000000000000000000000000'],
    ['FE80::A:b', 'fe8000000000000000000000000a000b'],
    ['2001:db8:0:0:1:0:0:1', '20010db8000000000001000000000001'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['1:2:3:4:5:6:7::', '00010002000300040005000600070000'],
    ['::ffff:192.0.2.33', '00000000000000000000ffffc0000221'],
    ['::192.0.2.33', '000000000000000000000000c0000221'],
    ['1:2:3:4:5:6:1.2.3.4', '00010002000300040005000601020304'],
  ])('%s', (text, bytes) => {
    expect(parseIp(text).toString('hex')).toBe(bytes);
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '01.2.3.4',
    '1.2.3.-4',
    ' 1.2.3.4',
    'localhost',
    ':',
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '12345::',
    'g::',
    ':1::',
    '1::2:',
    '1.2.3.4::',
    '::1.2.3.4:5',
    '1:2:3:4:5:6:7:1.2.3.4',
    'fe80::1%eth0',
  ])('rejects %j', (text) => {
    expect(() => parseIp(text)).toThrow(HepEncodeError);
  });
});
