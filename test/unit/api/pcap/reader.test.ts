import { describe, expect, it } from 'vitest';
import { readCaptureFile } from '../../../../src/api/pcap/capture-file.js';
import { PcapFormatError } from '../../../../src/api/pcap/errors.js';
import { TCP_FLAGS } from '../../../../src/api/pcap/frame-builder.js';
import { LINKTYPE } from '../../../../src/api/pcap/link-layer.js';
import { extractSip } from '../../../../src/api/pcap/sip-extract.js';
import {
  classicPcap,
  fragmentIpv4,
  ipOf,
  nullFrame,
  pcapng,
  sll2Frame,
  sllFrame,
  tcpFrame,
  udpFrame,
  vlanFrame,
  type TestFrame,
} from './capture-builders.js';
import { sipMessage } from './rows.js';

const T0 = 1_600_000_000_000_001;
const INVITE = sipMessage('INVITE sip:bob@example.com SIP/2.0', 'a@x', '1 INVITE', 120);
const TRYING = sipMessage('SIP/2.0 100 Trying', 'a@x', '1 INVITE');
const OK = sipMessage('SIP/2.0 200 OK', 'a@x', '1 INVITE', 80);

/** The same SIP message behind every link type the reader supports. */
function everyLinkType(): TestFrame[] {
  const v4 = udpFrame('10.0.0.1', '10.0.0.2', INVITE);
  const v6 = udpFrame('2001:db8::1', '2001:db8::2', TRYING);
  return [
    { linkType: LINKTYPE.ethernet, timeUs: T0, data: v4 },
    { linkType: LINKTYPE.ethernet, timeUs: T0 + 1, data: vlanFrame(v6) },
    { linkType: LINKTYPE.ethernet, timeUs: T0 + 2, data: vlanFrame(v4, 2) },
    { linkType: LINKTYPE.linuxSll, timeUs: T0 + 3, data: sllFrame(v6) },
    { linkType: LINKTYPE.linuxSll2, timeUs: T0 + 4, data: sll2Frame(v4) },
    { linkType: LINKTYPE.raw, timeUs: T0 + 5, data: ipOf(v6) },
    { linkType: LINKTYPE.null, timeUs: T0 + 6, data: nullFrame(v4) },
    { linkType: LINKTYPE.null, timeUs: T0 + 7, data: nullFrame(v6) },
  ];
}

function summary(file: Buffer) {
  return extractSip(file).messages.map((m) => [m.timeUs, m.srcIp, m.payload.toString()]);
}

describe('capture file reader', () => {
  it.each([
    ['little-endian µs', {}],
    ['big-endian µs', { bigEndian: true }],
    ['little-endian ns', { nanos: true }],
    ['big-endian ns', { bigEndian: true, nanos: true }],
  ])('reads classic pcap, %s', (_name, options) => {
    const frames = [
      { linkType: 1, timeUs: T0, data: udpFrame('10.0.0.1', '10.0.0.2', INVITE) },
      { linkType: 1, timeUs: T0 + 999_999, data: udpFrame('10.0.0.2', '10.0.0.1', TRYING) },
    ];
    expect(summary(classicPcap(frames, options))).toEqual([
      [T0, '10.0.0.1', INVITE],
      [T0 + 999_999, '10.0.0.2', TRYING],
    ]);
  });

  it.each<[string, { bigEndian?: boolean; simple?: boolean }]>([
    ['little-endian', {}],
    ['big-endian', { bigEndian: true }],
    ['with simple packet blocks', { simple: true }],
  ])('reads pcapng with several interfaces and link types, %s', (_name, options) => {
    const frames = everyLinkType();
    const found = extractSip(pcapng(frames, options));
    expect(found.format).toBe('pcapng');
    expect(found.messages).toHaveLength(frames.length);
    expect(found.messages.map((m) => m.payload.toString())).toEqual(
      frames.map((_f, i) => ([0, 2, 4, 6].includes(i) ? INVITE : TRYING)),
    );
    expect(found.messages.map((m) => m.ipFamily)).toEqual([2, 10, 2, 10, 2, 10, 2, 10]);
    // Interface 1 (the second link type, SLL) counts in ns, the others in µs; SPBs carry no time.
    if (!options.simple) expect(found.messages.map((m) => m.timeUs)).toEqual(frames.map((f) => f.timeUs));
  });

  it('reads every link type from classic pcap files too', () => {
    for (const frame of everyLinkType()) {
      expect(extractSip(classicPcap([frame])).messages).toHaveLength(1);
    }
  });

  it('puts IPv4 fragments back together, in any order', () => {
    const frame = udpFrame('10.0.0.1', '10.0.0.2', INVITE);
    const [a, b, c] = fragmentIpv4(frame, 64);
    expect(c).toBeDefined();
    const file = classicPcap([
      { linkType: 1, timeUs: T0, data: b! },
      { linkType: 1, timeUs: T0 + 1, data: c! },
      { linkType: 1, timeUs: T0 + 2, data: a! },
      ...fragmentIpv4(frame, 64)
        .slice(3)
        .map((data, i) => ({ linkType: 1, timeUs: T0 + 3 + i, data })),
    ]);
    const found = extractSip(file);
    expect(found.messages.map((m) => m.payload.toString())).toEqual([INVITE]);
  });

  it('cuts a TCP stream into SIP messages: several per segment, one over several, retransmissions, reordering', () => {
    const stream = INVITE + TRYING + '\r\n\r\n' + OK;
    const first = INVITE + TRYING.slice(0, 10); // one whole message and the start of the next
    const second = TRYING.slice(10) + '\r\n\r\n' + OK.slice(0, 30);
    const third = OK.slice(30, 100);
    const fourth = OK.slice(100);
    expect(first + second + third + fourth).toBe(stream);
    const seq = 1000;
    const at = (n: number) => seq + 1 + n;
    const frames: TestFrame[] = [
      { linkType: 1, timeUs: T0, data: tcpFrame('10.0.0.1', '10.0.0.2', seq, '', TCP_FLAGS.syn) },
      { linkType: 1, timeUs: T0 + 1, data: tcpFrame('10.0.0.1', '10.0.0.2', at(0), first) },
      { linkType: 1, timeUs: T0 + 2, data: tcpFrame('10.0.0.1', '10.0.0.2', at(0), first) }, // retransmission
      {
        linkType: 1,
        timeUs: T0 + 3,
        data: tcpFrame('10.0.0.1', '10.0.0.2', at(first.length + second.length), third),
      },
      { linkType: 1, timeUs: T0 + 4, data: tcpFrame('10.0.0.1', '10.0.0.2', at(first.length), second) },
      {
        linkType: 1,
        timeUs: T0 + 5,
        data: tcpFrame('10.0.0.1', '10.0.0.2', at(first.length + second.length + third.length), fourth),
      },
    ];
    const found = extractSip(classicPcap(frames));
    expect(found.messages.map((m) => [m.timeUs, m.ipProtocol, m.payload.toString()])).toEqual([
      [T0 + 1, 6, INVITE],
      [T0 + 4, 6, TRYING],
      [T0 + 5, 6, OK],
    ]);
  });

  it('picks up a TCP stream joined in the middle of a message at the next SIP start line', () => {
    const tail = TRYING.slice(30); // ends with the blank line, so the next message starts a line
    const found = extractSip(
      classicPcap([{ linkType: 1, timeUs: T0, data: tcpFrame('10.0.0.1', '10.0.0.2', 5, tail + OK) }]),
    );
    expect(found.messages.map((m) => m.payload.toString())).toEqual([OK]);
  });

  it('counts frames without SIP', () => {
    const found = extractSip(
      classicPcap([
        {
          linkType: 1,
          timeUs: T0,
          data: udpFrame('10.0.0.1', '10.0.0.2', Buffer.from([0x80, 0, 1, 2, 3]), [4000, 4002]),
        },
        { linkType: 1, timeUs: T0, data: udpFrame('10.0.0.1', '10.0.0.2', INVITE) },
        { linkType: 1, timeUs: T0, data: Buffer.alloc(60) },
      ]),
    );
    expect([found.frames, found.messages.length, found.ignoredFrames]).toEqual([3, 1, 2]);
  });
});

describe('malformed capture files', () => {
  const good = classicPcap([{ linkType: 1, timeUs: T0, data: udpFrame('10.0.0.1', '10.0.0.2', INVITE) }]);

  const reasonOf = (file: Buffer): string => {
    try {
      extractSip(file);
    } catch (err) {
      expect(err).toBeInstanceOf(PcapFormatError);
      expect((err as Error).message.length).toBeGreaterThan(10);
      return (err as PcapFormatError).reason;
    }
    return 'none';
  };

  it('rejects what is not a capture, with a reason', () => {
    expect(reasonOf(Buffer.from('this is not a pcap file at all'))).toBe('not_a_capture');
    expect(reasonOf(Buffer.alloc(0))).toBe('not_a_capture');
    expect(reasonOf(good.subarray(0, 10))).toBe('truncated');
  });

  it('rejects a pcap record with an impossible length', () => {
    const bad = Buffer.from(good);
    bad.writeUInt32LE(0x7fffffff, 24 + 8);
    expect(reasonOf(bad)).toBe('bad_record');
  });

  it('rejects pcapng blocks with broken lengths or unknown interfaces', () => {
    const ng = pcapng([{ linkType: 1, timeUs: T0, data: udpFrame('10.0.0.1', '10.0.0.2', INVITE) }]);
    const badLength = Buffer.from(ng);
    badLength.writeUInt32LE(13, 4);
    expect(reasonOf(badLength)).toBe('bad_block');
    const badTrailer = Buffer.from(ng);
    badTrailer.writeUInt32LE(1, ng.readUInt32LE(4) - 4);
    expect(reasonOf(badTrailer)).toBe('bad_block');
    const badMagic = Buffer.from(ng);
    badMagic.writeUInt32LE(0x12345678, 8);
    expect(reasonOf(badMagic)).toBe('bad_section');
    // Drop the interface block: the packet names interface 0, which does not exist.
    const shbLength = ng.readUInt32LE(4);
    const idbLength = ng.readUInt32LE(shbLength + 4);
    const noInterface = Buffer.concat([ng.subarray(0, shbLength), ng.subarray(shbLength + idbLength)]);
    expect(reasonOf(noInterface)).toBe('bad_block');
  });

  it('reads the packets before a record cut short and says the file is truncated', () => {
    const two = classicPcap([
      { linkType: 1, timeUs: T0, data: udpFrame('10.0.0.1', '10.0.0.2', INVITE) },
      { linkType: 1, timeUs: T0, data: udpFrame('10.0.0.1', '10.0.0.2', OK) },
    ]);
    const found = extractSip(two.subarray(0, two.length - 20));
    expect(found.truncated).toBe(true);
    expect(found.messages).toHaveLength(1);
    expect(readCaptureFile(two).info.truncated).toBe(false);
  });

  it('never throws anything but PcapFormatError on random or mutated input', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const ng = pcapng(everyLinkType());
    for (let i = 0; i < 300; i++) {
      const base = i % 2 === 0 ? good : ng;
      const mutated = Buffer.from(base);
      for (let k = 0; k < 1 + (i % 8); k++)
        mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      try {
        extractSip(mutated);
      } catch (err) {
        expect(err).toBeInstanceOf(PcapFormatError);
      }
    }
  });
});
