import { describe, expect, it } from 'vitest';
import {
  HepDecodeError,
  HepEncodeError,
  HepStreamFramer,
  decodeHep,
  encodeHep3,
  encodeHepLegacy,
  isHep3Magic,
  type HepPacket,
} from '../../../src/hep/index.js';
import { prng, randomInt } from '../../helpers/random.js';
import { sharedTestdata, udpPayloads } from './helpers.js';

/**
 * Property: whatever the bytes, decodeHep and the framer either succeed or throw HepDecodeError
 * (never RangeError/TypeError, never an out-of-bounds read), and what decodes re-encodes to the
 * same packet. Change SEED or ITERATIONS to explore; a failure message names the iteration.
 */
const SEED = 0x48455033;
const ITERATIONS = 100_000;

function corpus(): Buffer[] {
  const sip = 'INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: x@y\r\nContent-Length: 0\r\n\r\n';
  return [
    sharedTestdata('hep/heplify-server_decoder_test_hepPacket_v3.bin'),
    sharedTestdata('hep/heplify-server_decoder_test_hepV2Packet_v1.bin'),
    ...udpPayloads(sharedTestdata('pcap/hep/hep-wireshark_hep.pcap')).slice(0, 3),
    ...udpPayloads(sharedTestdata('pcap/hep/hep-wireshark_hep3_compressed.pcapng')).slice(0, 2),
    Buffer.from('HEP3\x00\x06', 'latin1'),
    encodeHep3({
      srcIp: '2001:db8::1',
      dstIp: '::ffff:10.0.0.1',
      srcPort: 5060,
      dstPort: 5060,
      timeSeconds: 1_700_000_000,
      timeUseconds: 1,
      captureId: 7,
      keepAlive: 1,
      authKey: 'k',
      correlationId: 'c',
      vlan: 1,
      nodeName: 'n',
      srcMac: 1n,
      dstMac: 2n,
      ethType: 0x800,
      tcpFlags: 2,
      ipTos: 3,
      mos: 400,
      rFactor: 90,
      geoLocation: 'g',
      jitter: 5,
      transactionType: 'call',
      payloadJsonKeys: 'k',
      tagsValues: 't',
      tagType: 1,
      eventType: 1,
      groupId: 'g',
      extraChunks: [{ vendor: 5, type: 0x0f, value: Buffer.from('vendor') }],
      payload: sip,
    }),
    encodeHep3({
      srcIp: '192.0.2.1',
      dstIp: '192.0.2.2',
      srcPort: 1,
      dstPort: 2,
      payload: sip,
      compress: true,
    }),
    encodeHepLegacy(2, {
      srcIp: '192.0.2.1',
      dstIp: '192.0.2.2',
      srcPort: 1,
      dstPort: 2,
      captureId: 9,
      payload: sip,
    }),
    encodeHepLegacy(1, { srcIp: 'fe80::1', dstIp: 'fe80::2', srcPort: 1, dstPort: 2, payload: sip }),
  ];
}

function mutate(random: () => number, input: Buffer): Buffer {
  let out = Buffer.from(input);
  const kind = randomInt(random, 8);
  switch (kind) {
    case 0: {
      const flips = 1 + randomInt(random, 4);
      for (let i = 0; i < flips && out.length > 0; i++) {
        const at = randomInt(random, out.length);
        out[at] = (out[at] ?? 0) ^ (1 << randomInt(random, 8));
      }
      break;
    }
    case 1:
      out = out.subarray(0, randomInt(random, out.length + 1));
      break;
    case 2:
      if (out.length >= 6) {
        const total = out.readUInt16BE(4);
        const delta = randomInt(random, 17) - 8;
        out.writeUInt16BE(random() < 0.5 ? randomInt(random, 0x10000) : (total + delta) & 0xffff, 4);
      }
      break;
    case 3:
      if (out.length >= 2) out.writeUInt16BE(randomInt(random, 0x10000), randomInt(random, out.length - 1));
      break;
    case 4: {
      const count = 1 + randomInt(random, 16);
      for (let i = 0; i < count && out.length > 0; i++)
        out[randomInt(random, out.length)] = randomInt(random, 256);
      break;
    }
    case 5:
      out = Buffer.concat([out, randomBytes(random, 1 + randomInt(random, 64))]);
      break;
    case 6: {
      const prefixes = [
        Buffer.from('HEP3'),
        Buffer.from('EEP3'),
        Buffer.from([1, 16, 2]),
        Buffer.from([2, 40, 10]),
      ];
      const prefix = random() < 0.7 ? prefixes[randomInt(random, prefixes.length)] : Buffer.alloc(0);
      out = Buffer.concat([prefix ?? Buffer.alloc(0), randomBytes(random, randomInt(random, 200))]);
      break;
    }
    default:
      mutateChunkHeader(random, out);
  }
  // Half the time repair the HEP3 total length so the mutation reaches the chunk parser.
  if (out.length >= 6 && out.length <= 0xffff && isHep3Magic(out, 0) && random() < 0.5) {
    out.writeUInt16BE(out.length, 4);
  }
  return out;
}

/** Rewrites the type or length of one chunk of a HEP3 packet (walks chunks while they look sane). */
function mutateChunkHeader(random: () => number, out: Buffer): void {
  if (out.length < 12 || !isHep3Magic(out, 0)) return;
  const starts: number[] = [];
  for (let off = 6; off + 6 <= out.length;) {
    starts.push(off);
    const length = out.readUInt16BE(off + 4);
    if (length < 6) break;
    off += length;
  }
  const at = starts[randomInt(random, starts.length)] ?? 6;
  if (random() < 0.5) out.writeUInt16BE(randomInt(random, 0x2b), at + 2);
  else out.writeUInt16BE(random() < 0.5 ? randomInt(random, 24) : randomInt(random, 0x10000), at + 4);
}

function randomBytes(random: () => number, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = randomInt(random, 256);
  return out;
}

/** Field-by-field equality, fast enough for 100 000 packets (generic deep equality is not). */
function samePacket(a: HepPacket, b: HepPacket): string | undefined {
  for (const key of Object.keys(a) as (keyof HepPacket)[]) {
    const x = a[key];
    const y = b[key];
    if (key === 'payload') {
      if (!a.payload.equals(b.payload)) return 'payload';
    } else if (key === 'extraChunks') {
      if (a.extraChunks.length !== b.extraChunks.length) return 'extraChunks length';
      for (let i = 0; i < a.extraChunks.length; i++) {
        const p = a.extraChunks[i];
        const q = b.extraChunks[i];
        if (p?.vendor !== q?.vendor || p?.type !== q?.type || !p?.value.equals(q?.value ?? Buffer.alloc(0))) {
          return `extraChunks[${i}]`;
        }
      }
    } else if (x !== y) {
      return `${key}: ${String(x)} vs ${String(y)}`;
    }
  }
  return undefined;
}

/** Re-encodes a decoded packet and checks it decodes to the same thing. */
function checkRoundTrip(packet: HepPacket, original: Buffer): string | undefined {
  if (packet.version === 3) {
    let bytes: Buffer;
    try {
      bytes = encodeHep3({ ...packet, compress: packet.compressed });
    } catch (error) {
      if (error instanceof HepEncodeError && error.reason === 'too_large') return undefined;
      throw error;
    }
    return samePacket(packet, decodeHep(bytes));
  }
  const bytes = encodeHepLegacy(packet.version, packet);
  // Kamailio's layout exactly, except the v2 pad bytes, which the encoder writes as zeros.
  const expected = Buffer.from(original);
  if (packet.version === 2) expected.fill(0, original[1]! + 10, original[1]! + 12);
  return bytes.equals(expected) ? samePacket(packet, decodeHep(bytes)) : 'legacy bytes differ';
}

function describeFailure(iteration: number, bytes: Buffer, problem: unknown): string {
  const text = problem instanceof Error ? `${problem.name}: ${problem.message}` : String(problem);
  return `seed ${SEED} iteration ${iteration}: ${text}\ninput ${bytes.toString('hex')}`;
}

describe('HEP codec under random mutations', () => {
  it(`decodeHep and HepStreamFramer throw only HepDecodeError on ${ITERATIONS} mutated packets`, () => {
    const seeds = corpus();
    const random = prng(SEED);
    const outcomes = { decoded: 0, rejected: 0, framed: 0, desynced: 0 };

    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const original = seeds[randomInt(random, seeds.length)] ?? Buffer.alloc(0);
      const mutated = mutate(random, original);

      let packet: HepPacket | undefined;
      try {
        packet = decodeHep(mutated);
      } catch (error) {
        if (!(error instanceof HepDecodeError)) expect.fail(describeFailure(iteration, mutated, error));
        outcomes.rejected++;
      }
      if (packet !== undefined) {
        outcomes.decoded++;
        let problem: unknown;
        try {
          if (!packet.compressed && packet.payload.length > mutated.length)
            problem = 'payload longer than the packet';
          else problem = checkRoundTrip(packet, mutated);
        } catch (error) {
          problem = error;
        }
        if (problem !== undefined) expect.fail(describeFailure(iteration, mutated, problem));
      }

      // The same bytes inside a stream, between two valid frames, cut at random points.
      const stream = Buffer.concat([seeds[0] ?? Buffer.alloc(0), mutated, seeds[0] ?? Buffer.alloc(0)]);
      const framer = new HepStreamFramer();
      let framedBytes = 0;
      try {
        for (let off = 0; off < stream.length;) {
          const size = 1 + randomInt(random, random() < 0.5 ? 8 : 2000);
          for (const frame of framer.push(stream.subarray(off, off + size))) {
            framedBytes += frame.length;
            if (!isHep3Magic(frame, 0) || frame.readUInt16BE(4) !== frame.length) {
              throw new Error('framer returned a malformed frame');
            }
            outcomes.framed++;
            try {
              decodeHep(frame);
            } catch (error) {
              if (!(error instanceof HepDecodeError)) throw error;
            }
          }
          off += size;
        }
        if (framedBytes + framer.pendingBytes !== stream.length) throw new Error('framer lost bytes');
      } catch (error) {
        if (!(error instanceof HepDecodeError)) expect.fail(describeFailure(iteration, mutated, error));
        outcomes.desynced++;
      }
    }

    // Both branches must be exercised, or the property says nothing.
    expect(outcomes.decoded).toBeGreaterThan(ITERATIONS / 20);
    expect(outcomes.rejected).toBeGreaterThan(ITERATIONS / 20);
    expect(outcomes.framed).toBeGreaterThan(ITERATIONS / 20);
    expect(outcomes.desynced).toBeGreaterThan(ITERATIONS / 20);
  });
});
