import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HomerError } from '../../../src/errors.js';
import {
  HEP_DECODE_REASONS,
  HEP_MAX_INFLATED_PAYLOAD,
  HepDecodeError,
  decodeHep,
  encodeHep3,
  encodeHepLegacy,
  type HepDecodeReason,
} from '../../../src/hep/index.js';
import {
  KAMAILIO_V2_FIELDS,
  KAMAILIO_V2_HEADER,
  expectThrown,
  hex,
  sharedTestdata,
  thrownBy,
  udpPayloads,
} from './helpers.js';

/** HEP3 rev. 37 example packet (reference/hep.md §1.6), 113 bytes. */
const SPEC_EXAMPLE = hex(`
  48 45 50 33 00 71
  00 00 00 01 00 07 02
  00 00 00 02 00 07 11
  00 00 00 03 00 0a d4 ca 00 01
  00 00 00 04 00 0a 52 74 00 d3
  00 00 00 07 00 08 2e ea
  00 00 00 08 00 08 13 c4
  00 00 00 09 00 0a 4e 49 82 cb
  00 00 00 0a 00 0a 00 01 d4 c0
  00 00 00 0b 00 07 01
  00 00 00 0c 00 0a 00 00 00 e4
  00 00 00 0f 00 14 ${Buffer.from('INVITE sip:bob').toString('hex')}
`);

const OPTIONS =
  'OPTIONS sip:127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1\r\n' +
  'Call-ID: 1-1@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';

/** A HEP3 packet made of the given chunks (vendor, type, value). */
function hep3(...chunks: [vendor: number, type: number, value: Buffer][]): Buffer {
  const parts = chunks.map(([vendor, type, value]) => {
    const header = Buffer.alloc(6);
    header.writeUInt16BE(vendor, 0);
    header.writeUInt16BE(type, 2);
    header.writeUInt16BE(6 + value.length, 4);
    return Buffer.concat([header, value]);
  });
  const body = Buffer.concat(parts);
  const header = Buffer.from('HEP3\0\0', 'latin1');
  header.writeUInt16BE(6 + body.length, 4);
  return Buffer.concat([header, body]);
}

function reasonOf(fn: () => unknown): HepDecodeReason | 'no error' {
  return thrownBy(HepDecodeError, fn)?.reason ?? 'no error';
}

describe('decodeHep: HEPv3 vectors', () => {
  it('decodes the spec example (rev. 37) field by field', () => {
    expect(SPEC_EXAMPLE.length).toBe(113);
    const packet = decodeHep(SPEC_EXAMPLE);
    expect(packet.version).toBe(3);
    expect(packet.ipFamily).toBe(2);
    expect(packet.ipProtocol).toBe(17);
    expect(packet.srcIp).toBe('212.202.0.1');
    expect(packet.dstIp).toBe('82.116.0.211');
    expect(packet.srcPort).toBe(12010);
    expect(packet.dstPort).toBe(5060);
    expect(packet.timeSeconds).toBe(1313440459);
    expect(packet.timeUseconds).toBe(120000);
    expect(packet.protoType).toBe(1);
    expect(packet.captureId).toBe(228);
    expect(packet.payload.toString()).toBe('INVITE sip:bob');
    expect(packet.compressed).toBe(false);
    expect(packet.authKey).toBeUndefined();
    expect(packet.correlationId).toBeUndefined();
    expect(packet.nodeName).toBeUndefined();
    expect(packet.extraChunks).toEqual([]);
  });

  it('accepts the "EEP3" magic the spec also allows', () => {
    const eep = Buffer.from(SPEC_EXAMPLE);
    eep.write('E', 0, 'latin1');
    expect(decodeHep(eep)).toEqual(decodeHep(SPEC_EXAMPLE));
  });

  it('decodes heplify-server test vector, with its empty auth-key chunk', () => {
    const bytes = sharedTestdata('hep/heplify-server_decoder_test_hepPacket_v3.bin');
    const packet = decodeHep(bytes);
    expect(packet).toMatchObject({
      version: 3,
      ipFamily: 2,
      ipProtocol: 17,
      srcIp: '192.168.247.250',
      dstIp: '192.168.245.250',
      srcPort: 5060,
      dstPort: 5060,
      timeSeconds: 0x5aa29b98,
      timeUseconds: 0x0001d2f4,
      protoType: 1,
      captureId: 0,
      authKey: '',
      compressed: false,
    });
    expect(packet.payload.length).toBe(0x02a7 - 6);
    expect(packet.payload.toString('latin1', 0, 16)).toBe('SIP/2.0 200 OK\r\n');
    expect(packet.payload.toString('latin1')).toContain('Content-Type: application/sdp');
  });

  it('decodes the 8 HEPv3 packets of hep-wireshark hep.pcap (auth key, correlation id, log, RTCP)', () => {
    const packets = udpPayloads(sharedTestdata('pcap/hep/hep-wireshark_hep.pcap')).map(decodeHep);
    expect(packets).toHaveLength(8);
    expect(packets.map((p) => p.protoType)).toEqual([1, 1, 1, 1, 100, 1, 1, 5]);
    for (const packet of packets) {
      expect(packet).toMatchObject({ version: 3, authKey: 'myHep', captureId: 2001 });
      expect(packet.correlationId).toBe('qgf3dm9rudi@127.0.0.1');
    }
    expect(packets[0]?.payload.toString('latin1', 0, 35)).toBe('INVITE sip:nodejs@127.0.0.1 SIP/2.0');
    expect(JSON.parse(packets[7]?.payload.toString() ?? '')).toHaveProperty('sender_information');
  });

  it('inflates the zlib payload chunk 0x0010 of hep-wireshark hep3_compressed.pcapng', () => {
    const datagrams = udpPayloads(sharedTestdata('pcap/hep/hep-wireshark_hep3_compressed.pcapng'));
    expect(datagrams).toHaveLength(21);
    for (const datagram of datagrams) {
      const packet = decodeHep(datagram);
      expect(packet.compressed).toBe(true);
      expect(packet.payload.length).toBeGreaterThan(datagram.length - 100);
      expect(packet.payload.toString('latin1')).toMatch(/^(REGISTER sip:rcs\.st|SIP\/2\.0 \d{3} )/);
      expect(packet.payload.toString('latin1')).toMatch(/\r\n\r\n/);
    }
    expect(decodeHep(datagrams[0] ?? Buffer.alloc(0))).toMatchObject({
      srcIp: '192.168.137.1',
      srcPort: 54345,
      dstIp: '192.168.137.247',
      dstPort: 5060,
      ipProtocol: 6,
      captureId: 228,
      authKey: 'myHep',
    });
  });
});

describe('decodeHep: HEPv1/v2 (Kamailio layout)', () => {
  it('decodes heplify-server "hepV2Packet", which is really HEPv1', () => {
    const bytes = sharedTestdata('hep/heplify-server_decoder_test_hepV2Packet_v1.bin');
    const packet = decodeHep(bytes);
    expect(packet).toMatchObject({
      version: 1,
      ipFamily: 2,
      ipProtocol: 17,
      srcIp: '10.0.1.100',
      dstIp: '192.168.0.254',
      srcPort: 5060,
      dstPort: 5060,
      timeSeconds: 0,
      timeUseconds: 0,
      protoType: 1,
      captureId: 0,
      compressed: false,
    });
    expect(packet.payload.equals(bytes.subarray(16))).toBe(true);
    expect(packet.payload.toString('latin1', 0, 14)).toBe('SIP/2.0 200 OK');
  });

  it('reads the Kamailio HEPv2 time block little-endian with 2 pad bytes', () => {
    const bytes = Buffer.concat([KAMAILIO_V2_HEADER, Buffer.from(OPTIONS)]);
    const packet = decodeHep(bytes);
    expect(packet).toMatchObject({
      version: 2,
      ipFamily: 2,
      ipProtocol: 17,
      protoType: 1,
      ...KAMAILIO_V2_FIELDS,
    });
    expect(packet.payload.toString()).toBe(OPTIONS);
  });

  it('decodes an IPv6 HEPv2 packet (hp_l 40)', () => {
    const bytes = encodeHepLegacy(2, {
      srcIp: 'fe80::1',
      dstIp: '2001:db8::5060',
      srcPort: 5060,
      dstPort: 5080,
      timeSeconds: 1_700_000_000,
      timeUseconds: 999_999,
      captureId: 65535,
      payload: OPTIONS,
    });
    expect(bytes[1]).toBe(40);
    expect(decodeHep(bytes)).toMatchObject({
      version: 2,
      ipFamily: 10,
      srcIp: 'fe80::1',
      dstIp: '2001:db8::5060',
      timeSeconds: 1_700_000_000,
      timeUseconds: 999_999,
      captureId: 65535,
    });
  });

  it('accepts a v1/v2 header with an empty payload', () => {
    expect(decodeHep(KAMAILIO_V2_HEADER).payload.length).toBe(0);
  });
});

describe('decodeHep: chunk handling', () => {
  it('keeps a packet without payload chunk, with an empty payload', () => {
    const packet = decodeHep(hep3([0, 0x0b, Buffer.from([5])]));
    expect(packet.payload.length).toBe(0);
    expect(packet.protoType).toBe(5);
    expect(decodeHep(Buffer.from('HEP3\x00\x06', 'latin1'))).toMatchObject({ srcIp: '', ipFamily: 0 });
  });

  it('accepts zero-length octet-string chunks', () => {
    const packet = decodeHep(
      hep3(
        [0, 0x0e, Buffer.alloc(0)],
        [0, 0x11, Buffer.alloc(0)],
        [0, 0x13, Buffer.alloc(0)],
        [0, 0x0f, Buffer.alloc(0)],
      ),
    );
    expect(packet).toMatchObject({ authKey: '', correlationId: '', nodeName: '' });
    expect(packet.payload.length).toBe(0);
  });

  it('formats IPv6 address chunks per RFC 5952', () => {
    const packet = decodeHep(
      hep3(
        [0, 0x01, Buffer.from([10])],
        [0, 0x05, hex('fe80 0000 0000 0000 0000 0000 0000 0001')],
        [0, 0x06, hex('2001 0db8 0000 0000 0001 0000 0000 0001')],
      ),
    );
    expect(packet).toMatchObject({ ipFamily: 10, srcIp: 'fe80::1', dstIp: '2001:db8::1:0:0:1' });
  });

  it('decodes the auth key and node name of each packet, whatever the packets before held', () => {
    const values = [
      Buffer.from('myHep'),
      Buffer.from('myHeq'),
      Buffer.from('myHep'),
      Buffer.alloc(0),
      Buffer.from('nœud-東京'),
      Buffer.from([0x61, 0xff, 0x62]),
      Buffer.from([0x61, 0xfe, 0x62]),
      Buffer.from('k'.repeat(200)),
      Buffer.from('k'.repeat(199) + 'j'),
      Buffer.from('myHep'),
    ];
    for (const value of values) {
      const packet = decodeHep(hep3([0, 0x0e, value], [0, 0x13, value]));
      expect(packet.authKey).toBe(value.toString('utf8'));
      expect(packet.nodeName).toBe(value.toString('utf8'));
    }
  });

  it('does not keep a view of the datagram for later packets (a reused receive buffer)', () => {
    const datagram = hep3([0, 0x0e, Buffer.from('key-1')]);
    expect(decodeHep(datagram).authKey).toBe('key-1');
    datagram[datagram.length - 1] = 0x32;
    expect(decodeHep(datagram).authKey).toBe('key-2');
    datagram[datagram.length - 1] = 0x31;
    expect(decodeHep(datagram).authKey).toBe('key-1');
  });

  it('decodes strings as UTF-8 and replaces invalid sequences with U+FFFD', () => {
    const packet = decodeHep(
      hep3([0, 0x13, Buffer.from('nœud-東京', 'utf8')], [0, 0x11, Buffer.from([0x61, 0xff, 0x62])]),
    );
    expect(packet.nodeName).toBe('nœud-東京');
    expect(packet.correlationId).toBe('a\ufffdb');
  });

  it('keeps vendor chunks (even type 0x000f) and unknown generic types raw, in arrival order', () => {
    const bytes = hep3(
      [2, 0x000f, Buffer.from('kamailio vendor data')],
      [0, 0x0019, Buffer.from([1, 2, 3])],
      [0, 0x000f, Buffer.from('the payload')],
      [0, 0x1234, Buffer.alloc(0)],
    );
    const packet = decodeHep(bytes);
    expect(packet.payload.toString()).toBe('the payload');
    expect(packet.extraChunks).toEqual([
      { vendor: 2, type: 0x000f, value: Buffer.from('kamailio vendor data') },
      { vendor: 0, type: 0x0019, value: Buffer.from([1, 2, 3]) },
      { vendor: 0, type: 0x1234, value: Buffer.alloc(0) },
    ]);
  });

  it('returns the payload as a view of the input and extra chunks as copies', () => {
    const bytes = hep3([3, 0x0001, Buffer.from('vendor')], [0, 0x000f, Buffer.from('payload')]);
    const packet = decodeHep(bytes);
    expect(packet.payload.buffer).toBe(bytes.buffer);
    bytes.fill(0x21);
    expect(packet.payload.toString()).toBe('!!!!!!!');
    expect(packet.extraChunks[0]?.value.toString()).toBe('vendor');
  });

  it('never reads past the end of a view into a larger buffer', () => {
    const packet = hep3([0, 0x0f, Buffer.from('inside')]);
    const backing = Buffer.concat([Buffer.from('xxxx'), packet, Buffer.from('HEP3 trailing bytes')]);
    const view = backing.subarray(4, 4 + packet.length);
    expect(decodeHep(view).payload.toString()).toBe('inside');
    const v1 = encodeHepLegacy(1, {
      srcIp: '1.2.3.4',
      dstIp: '5.6.7.8',
      srcPort: 1,
      dstPort: 2,
      payload: 'abc',
    });
    const v1View = Buffer.concat([v1, Buffer.from('zzz')]).subarray(0, v1.length);
    expect(decodeHep(v1View).payload.toString()).toBe('abc');
  });

  it('lets the last chunk of a type win, including 0x000f versus 0x0010', () => {
    const packet = decodeHep(
      hep3(
        [0, 0x07, hex('0001')],
        [0, 0x07, hex('0002')],
        [0, 0x0f, Buffer.from('plain')],
        [0, 0x10, deflateSync('deflated')],
      ),
    );
    expect(packet.srcPort).toBe(2);
    expect(packet.payload.toString()).toBe('deflated');
    expect(packet.compressed).toBe(true);
    const back = decodeHep(hep3([0, 0x10, deflateSync('deflated')], [0, 0x0f, Buffer.from('plain')]));
    expect(back.payload.toString()).toBe('plain');
    expect(back.compressed).toBe(false);
  });

  it('decodes every generic chunk of rev. 37', () => {
    const packet = decodeHep(
      hep3(
        [0, 0x0d, hex('003c')],
        [0, 0x12, hex('0064')],
        [0, 0x14, hex('0011223344556677')],
        [0, 0x15, hex('ffffffffffffffff')],
        [0, 0x16, hex('0800')],
        [0, 0x17, hex('18')],
        [0, 0x18, hex('b8')],
        [0, 0x20, hex('01b8')],
        [0, 0x21, hex('005d')],
        [0, 0x22, Buffer.from('52.52,13.40')],
        [0, 0x23, hex('ffffffff')],
        [0, 0x24, Buffer.from('call')],
        [0, 0x25, Buffer.from('mos,jitter')],
        [0, 0x26, Buffer.from('a,b')],
        [0, 0x27, hex('0002')],
        [0, 0x28, hex('0001')],
        [0, 0x29, Buffer.from('group-7')],
      ),
    );
    expect(packet).toMatchObject({
      keepAlive: 60,
      vlan: 100,
      srcMac: 0x0011223344556677n,
      dstMac: 0xffffffffffffffffn,
      ethType: 0x0800,
      tcpFlags: 0x18,
      ipTos: 0xb8,
      mos: 440,
      rFactor: 93,
      geoLocation: '52.52,13.40',
      jitter: 0xffffffff,
      transactionType: 'call',
      payloadJsonKeys: 'mos,jitter',
      tagsValues: 'a,b',
      tagType: 2,
      eventType: 1,
      groupId: 'group-7',
    });
    expect(packet.extraChunks).toEqual([]);
  });

  it('keeps numeric chunks heplify-server does not size-check raw when their size is unexpected', () => {
    const packet = decodeHep(
      hep3([0, 0x0d, hex('0000003c')], [0, 0x14, hex('001122334455')], [0, 0x20, hex('01')]),
    );
    expect(packet.keepAlive).toBeUndefined();
    expect(packet.srcMac).toBeUndefined();
    expect(packet.mos).toBeUndefined();
    expect(packet.extraChunks.map((c) => c.type)).toEqual([0x0d, 0x14, 0x20]);
  });
});

describe('decodeHep: compressed payload (chunk 0x0010)', () => {
  const text = 'REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1\r\n\r\n'.repeat(20);

  it.each([
    ['zlib', deflateSync],
    ['gzip', gzipSync],
    ['raw deflate', deflateRawSync],
  ])('inflates a %s stream', (_name, compress) => {
    const packet = decodeHep(hep3([0, 0x10, compress(text)]));
    expect(packet.compressed).toBe(true);
    expect(packet.payload.toString()).toBe(text);
  });

  it('treats an empty 0x0010 chunk as an empty payload', () => {
    const packet = decodeHep(hep3([0, 0x10, Buffer.alloc(0)]));
    expect(packet.payload.length).toBe(0);
    expect(packet.compressed).toBe(true);
  });

  it('rejects a stream that is not deflate', () => {
    const error = expectThrown(HepDecodeError, () =>
      decodeHep(hep3([0, 0x10, Buffer.from('78 9c definitely not zlib')])),
    );
    expect(error.reason).toBe('decompress_failed');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('stops a zip bomb at the inflate cap', () => {
    const bomb = deflateSync(Buffer.alloc(HEP_MAX_INFLATED_PAYLOAD + 1));
    expect(bomb.length).toBeLessThan(65000);
    const error = expectThrown(HepDecodeError, () => decodeHep(hep3([0, 0x10, bomb])));
    expect(error.reason).toBe('decompress_failed');
    expect(error.message).toMatch(/inflates past/);
    expect(
      decodeHep(hep3([0, 0x10, deflateSync(Buffer.alloc(HEP_MAX_INFLATED_PAYLOAD))])).payload.length,
    ).toBe(HEP_MAX_INFLATED_PAYLOAD);
  });
});

describe('decodeHep: malformed input', () => {
  const withLength = (bytes: Buffer, length: number): Buffer => {
    const copy = Buffer.from(bytes);
    copy.writeUInt16BE(length, 4);
    return copy;
  };

  it.each<[string, Buffer, HepDecodeReason]>([
    ['empty buffer', Buffer.alloc(0), 'too_short'],
    ['"HE"', Buffer.from('HE'), 'too_short'],
    ['"HEP3" and one byte', Buffer.from('HEP3\x00', 'latin1'), 'too_short'],
    ['HTTP request', Buffer.from('GET / HTTP/1.1\r\n\r\n'), 'bad_magic'],
    ['"HEP2"', Buffer.from('HEP2\x00\x06', 'latin1'), 'bad_magic'],
    ['total length too large', withLength(SPEC_EXAMPLE, 114), 'length_mismatch'],
    ['total length too small', withLength(SPEC_EXAMPLE, 112), 'length_mismatch'],
    ['total length below 6', withLength(SPEC_EXAMPLE, 2), 'length_mismatch'],
    ['trailing byte', Buffer.concat([SPEC_EXAMPLE, Buffer.alloc(1)]), 'length_mismatch'],
    ['truncated datagram', SPEC_EXAMPLE.subarray(0, 100), 'length_mismatch'],
    [
      'truncated chunk header',
      withLength(Buffer.concat([SPEC_EXAMPLE, hex('000000')]), 116),
      'chunk_overflow',
    ],
    ['chunk longer than the packet', hex('48455033000c 0000000f0007'), 'chunk_overflow'],
    ['chunk length below 6', hex('48455033000c 000000010005'), 'chunk_size'],
    ['chunk length 0', hex('48455033000c 000000010000'), 'chunk_size'],
    [
      'v1 with IPv4 length and IPv6 family',
      hex('0110 0a11 13c4 13c4 00000000 00000000'),
      'bad_legacy_header',
    ],
    [
      'v2 with IPv6 length and IPv4 family',
      Buffer.concat([hex('0228 0211'), Buffer.alloc(60)]),
      'bad_legacy_header',
    ],
    ['v1 with hp_l 20', Buffer.concat([hex('0114 0211'), Buffer.alloc(30)]), 'bad_legacy_header'],
    ['v1 of 3 bytes', hex('011002'), 'too_short'],
    ['v1 truncated in the addresses', hex('0110 0211 13c4 13c4 0a00'), 'too_short'],
    ['v2 truncated in the time block', KAMAILIO_V2_HEADER.subarray(0, 27), 'too_short'],
  ])('%s → %s', (_name, bytes, reason) => {
    expect(reasonOf(() => decodeHep(bytes))).toBe(reason);
  });

  it.each([
    [0x01, 1],
    [0x02, 1],
    [0x07, 2],
    [0x08, 2],
    [0x12, 2],
    [0x03, 4],
    [0x04, 4],
    [0x09, 4],
    [0x0a, 4],
    [0x0c, 4],
    [0x05, 16],
    [0x06, 16],
  ])('rejects chunk type %i with a value other than %i bytes (as heplify-server)', (type, size) => {
    expect(reasonOf(() => decodeHep(hep3([0, type, Buffer.alloc(size)])))).toBe('no error');
    for (const wrong of [0, size - 1, size + 1]) {
      if (wrong >= 0 && wrong !== size) {
        expect(reasonOf(() => decodeHep(hep3([0, type, Buffer.alloc(wrong)])))).toBe('chunk_size');
      }
    }
  });

  it('takes the protocol type (0x000b) as one byte or two (types above 255), nothing else', () => {
    expect(decodeHep(hep3([0, 0x0b, Buffer.from([0x05])])).protoType).toBe(5);
    expect(decodeHep(hep3([0, 0x0b, Buffer.from([0x04, 0x3f])])).protoType).toBe(1087);
    for (const wrong of [0, 3, 4]) {
      expect(reasonOf(() => decodeHep(hep3([0, 0x0b, Buffer.alloc(wrong)])))).toBe('chunk_size');
    }
  });

  it('raises HepDecodeError, a HomerError with code HEP_DECODE and a listed reason', () => {
    const error = expectThrown(HepDecodeError, () => decodeHep(Buffer.from('nonsense')));
    expect(error).toBeInstanceOf(HomerError);
    expect(error.code).toBe('HEP_DECODE');
    expect(error.name).toBe('HepDecodeError');
    expect(HEP_DECODE_REASONS).toContain(error.reason);
  });

  it('re-encodes decoded vectors byte for byte', () => {
    const v3 = sharedTestdata('hep/heplify-server_decoder_test_hepPacket_v3.bin');
    expect(encodeHep3(decodeHep(v3)).equals(v3)).toBe(true);
    expect(encodeHep3(decodeHep(SPEC_EXAMPLE)).equals(SPEC_EXAMPLE)).toBe(true);
    const v1 = sharedTestdata('hep/heplify-server_decoder_test_hepV2Packet_v1.bin');
    expect(encodeHepLegacy(1, decodeHep(v1)).equals(v1)).toBe(true);
    const v2 = Buffer.concat([KAMAILIO_V2_HEADER, Buffer.from(OPTIONS)]);
    expect(encodeHepLegacy(2, decodeHep(v2)).equals(v2)).toBe(true);
  });
});
