import { describe, expect, it } from 'vitest';
import {
  HEP3_MAX_LENGTH,
  HepEncodeError,
  decodeHep,
  encodeHep3,
  encodeHepLegacy,
  type HepEncodeInput,
  type HepEncodeReason,
} from '../../../src/hep/index.js';
import { KAMAILIO_V2_FIELDS, KAMAILIO_V2_HEADER, thrownBy } from './helpers.js';

const SIP = 'INVITE sip:bob@example.com SIP/2.0\r\nFrom: "Zoë Ünïcødé 東京" <sip:zoe@example.com>\r\n\r\n';

const FULL: HepEncodeInput = {
  ipFamily: 2,
  ipProtocol: 6,
  srcIp: '192.0.2.1',
  dstIp: '198.51.100.254',
  srcPort: 5060,
  dstPort: 65535,
  timeSeconds: 0xffffffff,
  timeUseconds: 999_999,
  protoType: 100,
  captureId: 0xfffffffe,
  keepAlive: 30,
  authKey: 'sécret',
  payload: SIP,
  correlationId: 'abc@host;ü',
  vlan: 4094,
  nodeName: 'node-東京',
  srcMac: 0x0000_0242ac110002n,
  dstMac: 0xffff_ffffffffffffn,
  ethType: 0x86dd,
  tcpFlags: 0x12,
  ipTos: 0xb8,
  mos: 436,
  rFactor: 93,
  geoLocation: '48.8566,2.3522',
  jitter: 123_456,
  transactionType: 'registration',
  payloadJsonKeys: 'a,b',
  tagsValues: 'x=1',
  tagType: 7,
  eventType: 2,
  groupId: 'grp',
  extraChunks: [
    { vendor: 2, type: 0x0101, value: Buffer.from([1, 2, 3]) },
    { vendor: 0, type: 0x0030, value: Buffer.alloc(0) },
  ],
};

/** (vendor, type) of each chunk, in order. */
function chunkList(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let off = 6; off < bytes.length; off += bytes.readUInt16BE(off + 4)) {
    out.push(
      `${bytes.readUInt16BE(off)}:${bytes
        .readUInt16BE(off + 2)
        .toString(16)
        .padStart(4, '0')}`,
    );
  }
  return out;
}

function encodeReason(fn: () => unknown): HepEncodeReason | 'no error' {
  return thrownBy(HepEncodeError, fn)?.reason ?? 'no error';
}

describe('encodeHep3', () => {
  it('round-trips every field over IPv4, vendor chunks and a UTF-8 payload', () => {
    const bytes = encodeHep3(FULL);
    expect(bytes.readUInt16BE(4)).toBe(bytes.length);
    const { payload, extraChunks, ...rest } = FULL;
    const packet = decodeHep(bytes);
    expect(packet).toMatchObject({ version: 3, compressed: false, ...rest });
    expect(packet.payload.toString('utf8')).toBe(payload);
    expect(packet.extraChunks).toEqual(extraChunks);
  });

  it('round-trips IPv6 addresses and derives the family', () => {
    const input: HepEncodeInput = {
      ...FULL,
      ipFamily: undefined,
      srcIp: '2001:db8::1',
      dstIp: '::ffff:192.0.2.33',
    };
    const bytes = encodeHep3(input);
    expect(chunkList(bytes).slice(2, 4)).toEqual(['0:0005', '0:0006']);
    expect(decodeHep(bytes)).toMatchObject({
      ipFamily: 10,
      srcIp: '2001:db8::1',
      dstIp: '::ffff:192.0.2.33',
    });
  });

  it("writes chunks in Kamailio siptrace's order, payload last", () => {
    expect(chunkList(encodeHep3(FULL))).toEqual([
      '0:0001',
      '0:0002',
      '0:0003',
      '0:0004',
      '0:0007',
      '0:0008',
      '0:0009',
      '0:000a',
      '0:000b',
      '0:000c',
      '0:000d',
      '0:000e',
      '0:0011',
      '0:0012',
      '0:0013',
      '0:0014',
      '0:0015',
      '0:0016',
      '0:0017',
      '0:0018',
      '0:0020',
      '0:0021',
      '0:0022',
      '0:0023',
      '0:0024',
      '0:0025',
      '0:0026',
      '0:0027',
      '0:0028',
      '0:0029',
      '2:0101',
      '0:0030',
      '0:000f',
    ]);
  });

  it('applies defaults and omits absent optional chunks', () => {
    const bytes = encodeHep3({ srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 1, dstPort: 2, payload: 'x' });
    expect(chunkList(bytes)).toEqual([
      '0:0001',
      '0:0002',
      '0:0003',
      '0:0004',
      '0:0007',
      '0:0008',
      '0:0009',
      '0:000a',
      '0:000b',
      '0:000c',
      '0:000f',
    ]);
    expect(decodeHep(bytes)).toMatchObject({
      ipFamily: 2,
      ipProtocol: 17,
      protoType: 1,
      captureId: 0,
      timeSeconds: 0,
    });
  });

  it('omits address chunks for empty addresses', () => {
    const bytes = encodeHep3({ srcIp: '', dstIp: '', srcPort: 0, dstPort: 0, payload: '' });
    expect(chunkList(bytes)).not.toContain('0:0003');
    expect(decodeHep(bytes)).toMatchObject({ srcIp: '', dstIp: '' });
  });

  it('counts multi-byte UTF-8 in chunk lengths', () => {
    const bytes = encodeHep3({
      srcIp: '',
      dstIp: '',
      srcPort: 0,
      dstPort: 0,
      nodeName: '東京',
      payload: 'é',
    });
    const chunks = new Map<number, number>();
    for (let off = 6; off < bytes.length; off += bytes.readUInt16BE(off + 4)) {
      chunks.set(bytes.readUInt16BE(off + 2), bytes.readUInt16BE(off + 4));
    }
    expect(chunks.get(0x13)).toBe(6 + 6);
    expect(chunks.get(0x0f)).toBe(6 + 2);
    expect(decodeHep(bytes)).toMatchObject({ nodeName: '東京' });
  });

  it('sends a zlib payload in chunk 0x0010 when asked', () => {
    const payload = Buffer.from(SIP.repeat(30));
    const bytes = encodeHep3({ ...FULL, payload, compress: true });
    expect(chunkList(bytes).at(-1)).toBe('0:0010');
    expect(bytes.length).toBeLessThan(payload.length);
    const packet = decodeHep(bytes);
    expect(packet.compressed).toBe(true);
    expect(packet.payload.equals(payload)).toBe(true);
  });

  it('accepts exactly 65535 bytes and rejects one more', () => {
    const base = { srcIp: '', dstIp: '', srcPort: 0, dstPort: 0, payload: '' };
    const overhead = encodeHep3(base).length;
    const max = encodeHep3({ ...base, payload: Buffer.alloc(HEP3_MAX_LENGTH - overhead) });
    expect(max.length).toBe(HEP3_MAX_LENGTH);
    expect(decodeHep(max).payload.length).toBe(HEP3_MAX_LENGTH - overhead);
    expect(
      encodeReason(() => encodeHep3({ ...base, payload: Buffer.alloc(HEP3_MAX_LENGTH - overhead + 1) })),
    ).toBe('too_large');
    expect(
      encodeReason(() =>
        encodeHep3({ ...base, extraChunks: [{ vendor: 1, type: 1, value: Buffer.alloc(70_000) }] }),
      ),
    ).toBe('too_large');
  });

  it.each<[string, Partial<HepEncodeInput>, HepEncodeReason]>([
    ['port above 65535', { srcPort: 65536 }, 'bad_value'],
    ['negative port', { dstPort: -1 }, 'bad_value'],
    ['fractional time', { timeSeconds: 1.5 }, 'bad_value'],
    ['proto type above 65535', { protoType: 65536 }, 'bad_value'],
    ['capture id above 2^32-1', { captureId: 2 ** 32 }, 'bad_value'],
    ['NaN vlan', { vlan: Number.NaN }, 'bad_value'],
    ['MAC above 2^64-1', { srcMac: 2n ** 64n }, 'bad_value'],
    ['negative MAC', { dstMac: -1n }, 'bad_value'],
    [
      'extra chunk vendor above 65535',
      { extraChunks: [{ vendor: 65536, type: 1, value: Buffer.alloc(0) }] },
      'bad_value',
    ],
    ['bad IPv4', { srcIp: '256.1.1.1' }, 'bad_ip'],
    ['host name', { dstIp: 'localhost' }, 'bad_ip'],
  ])('rejects %s', (_name, patch, reason) => {
    expect(encodeReason(() => encodeHep3({ ...FULL, ...patch }))).toBe(reason);
  });
});

describe('protocol types above 255', () => {
  it('writes chunk 0x000b with two bytes and decodes it back (the seed CDR type 1087)', () => {
    const packet = encodeHep3({ ...FULL, protoType: 1087 });
    expect(decodeHep(packet).protoType).toBe(1087);
    const small = encodeHep3({ ...FULL, protoType: 100 });
    expect(packet.length - small.length).toBe(1);
    expect(decodeHep(small).protoType).toBe(100);
  });
});

describe('encodeHepLegacy', () => {
  const base: HepEncodeInput = { ...KAMAILIO_V2_FIELDS, payload: 'OPTIONS' };

  it('writes the Kamailio HEPv2 layout byte for byte', () => {
    expect(encodeHepLegacy(2, base).toString('hex')).toBe(
      KAMAILIO_V2_HEADER.toString('hex') + '4f5054494f4e53',
    );
  });

  it('writes HEPv1 without the time block', () => {
    expect(encodeHepLegacy(1, base).toString('hex')).toBe(
      '0110021113c513c47f0000017f000001' + '4f5054494f4e53',
    );
  });

  it.each([1, 2] as const)('round-trips HEPv%i over IPv4 and IPv6 with a UTF-8 payload', (version) => {
    for (const [srcIp, dstIp] of [
      ['10.1.2.3', '192.168.255.1'],
      ['2001:db8::a', 'fe80::1:2:3:4'],
    ] as const) {
      const input = { ...base, srcIp, dstIp, ipProtocol: 6, payload: 'MESSAGE ✓ 東京' };
      const packet = decodeHep(encodeHepLegacy(version, input));
      expect(packet).toMatchObject({
        version,
        srcIp,
        dstIp,
        ipProtocol: 6,
        ipFamily: srcIp.includes(':') ? 10 : 2,
        protoType: 1,
        timeSeconds: version === 2 ? base.timeSeconds : 0,
        captureId: version === 2 ? 2001 : 0,
      });
      expect(packet.payload.toString()).toBe('MESSAGE ✓ 東京');
    }
  });

  it.each<[string, Partial<HepEncodeInput>, HepEncodeReason]>([
    ['mixed address families', { dstIp: '::1' }, 'bad_ip'],
    ['empty address', { srcIp: '' }, 'bad_ip'],
    ['family that contradicts the addresses', { ipFamily: 10 }, 'bad_value'],
    ['capture id above 16 bits', { captureId: 65536 }, 'bad_value'],
    ['port above 65535', { srcPort: 70000 }, 'bad_value'],
  ])('rejects %s', (_name, patch, reason) => {
    expect(encodeReason(() => encodeHepLegacy(2, { ...base, ...patch }))).toBe(reason);
  });
});
