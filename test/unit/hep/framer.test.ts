import { describe, expect, it } from 'vitest';
import { HepDecodeError, HepStreamFramer, decodeHep, encodeHep3 } from '../../../src/hep/index.js';
import { prng, randomInt } from '../../helpers/random.js';
import { expectThrown } from './helpers.js';

function frame(index: number, payloadLength: number, compress = false): Buffer {
  return encodeHep3({
    srcIp: index % 2 === 0 ? '192.0.2.1' : '2001:db8::1',
    dstIp: index % 2 === 0 ? '192.0.2.2' : '2001:db8::2',
    srcPort: 5060,
    dstPort: 9060 + index,
    timeSeconds: 1_700_000_000 + index,
    captureId: index,
    payload: `#${index} `.padEnd(payloadLength, 'x'),
    compress,
  });
}

/** 50 frames of varied sizes, including the 65535-byte maximum and a compressed one. */
function frames50(): Buffer[] {
  const random = prng(50);
  return Array.from({ length: 50 }, (_, i) => {
    if (i === 7) return frame(i, 65535 - (frame(i, 0).length - `#${i} `.length));
    return frame(i, randomInt(random, 1500), i === 11);
  });
}

function collect(framer: HepStreamFramer, chunks: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const chunk of chunks) out.push(...framer.push(chunk));
  return out;
}

function expectSameFrames(actual: readonly Buffer[], expected: readonly Buffer[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((f, i) => expect(f.equals(expected[i] ?? Buffer.alloc(0)), `frame ${i}`).toBe(true));
}

function desyncOf(fn: () => unknown): HepDecodeError {
  return expectThrown(HepDecodeError, fn);
}

describe('HepStreamFramer', () => {
  it('checks that the 65535-byte test frame is at the limit', () => {
    expect(frames50()[7]?.length).toBe(65535);
  });

  it('returns several frames from one read, as views of it', () => {
    const frames = [frame(1, 100), frame(2, 0), frame(3, 900)];
    const stream = Buffer.concat(frames);
    const framer = new HepStreamFramer();
    const out = framer.push(stream);
    expectSameFrames(out, frames);
    expect(out[0]?.buffer).toBe(stream.buffer);
    expect(framer.pendingBytes).toBe(0);
    expect(out.map((f) => decodeHep(f).dstPort)).toEqual([9061, 9062, 9063]);
  });

  it('reassembles 50 frames fed one byte at a time', () => {
    const frames = frames50();
    const stream = Buffer.concat(frames);
    const framer = new HepStreamFramer();
    const out: Buffer[] = [];
    let maxPending = 0;
    for (let i = 0; i < stream.length; i++) {
      out.push(...framer.push(stream.subarray(i, i + 1)));
      maxPending = Math.max(maxPending, framer.pendingBytes);
    }
    expect(maxPending).toBe(65534);
    expectSameFrames(out, frames);
    expect(framer.pendingBytes).toBe(0);
  });

  it('reassembles 50 frames cut at random points (200 seeded runs)', () => {
    const frames = frames50();
    const stream = Buffer.concat(frames);
    for (let seed = 1; seed <= 200; seed++) {
      const random = prng(seed);
      const chunks: Buffer[] = [];
      for (let off = 0; off < stream.length;) {
        // Mix tiny reads (splits inside the 6-byte header) with socket-sized ones.
        const size = random() < 0.3 ? 1 + randomInt(random, 8) : 1 + randomInt(random, 70_000);
        chunks.push(stream.subarray(off, off + size));
        off += size;
      }
      const framer = new HepStreamFramer();
      const out: Buffer[] = [];
      for (const chunk of chunks) {
        out.push(...framer.push(chunk));
        expect(framer.pendingBytes, `seed ${seed}`).toBeLessThan(65535);
      }
      expectSameFrames(out, frames);
    }
  });

  it('splits inside the 6-byte header at every position', () => {
    const frames = [frame(1, 50), frame(2, 60)];
    const stream = Buffer.concat(frames);
    for (let cut = 1; cut < 6; cut++) {
      const at = frames[0]!.length + cut;
      const out = collect(new HepStreamFramer(), [stream.subarray(0, at), stream.subarray(at)]);
      expectSameFrames(out, frames);
    }
  });

  it('returns frames that later pushes do not change', () => {
    const frames = [frame(1, 300), frame(2, 300)];
    const stream = Buffer.concat(frames);
    const framer = new HepStreamFramer();
    const first = framer.push(stream.subarray(0, 400));
    const kept = first.map((f) => Buffer.from(f));
    const second = framer.push(stream.subarray(400));
    expectSameFrames(first, kept);
    expectSameFrames([...first, ...second], frames);
    expect(stream.equals(Buffer.concat(frames))).toBe(true);
  });

  it('accepts a bare 6-byte frame and "EEP3"', () => {
    const eep = Buffer.from('EEP3\x00\x06', 'latin1');
    const out = new HepStreamFramer().push(Buffer.concat([eep, Buffer.from('HEP3\x00\x06', 'latin1')]));
    expect(out.map((f) => f.length)).toEqual([6, 6]);
  });

  it('throws stream_desync on garbage after a valid frame and stays failed', () => {
    const framer = new HepStreamFramer();
    const good = frame(1, 10);
    const error = desyncOf(() => framer.push(Buffer.concat([good, Buffer.from('GET / HTTP/1.1\r\n')])));
    expect(error.reason).toBe('stream_desync');
    expect(error.message).toContain(`offset ${good.length}`);
    expect(desyncOf(() => framer.push(good)).reason).toBe('stream_desync');
    expect(framer.pendingBytes).toBe(0);
  });

  it('throws stream_desync on a frame length below 6', () => {
    expect(desyncOf(() => new HepStreamFramer().push(Buffer.from('HEP3\x00\x05', 'latin1'))).reason).toBe(
      'stream_desync',
    );
    const split = new HepStreamFramer();
    split.push(Buffer.from('HEP3\x00', 'latin1'));
    expect(desyncOf(() => split.push(Buffer.from([0]))).reason).toBe('stream_desync');
  });

  it('detects a bad magic from its first byte, without waiting for 6 bytes', () => {
    expect(desyncOf(() => new HepStreamFramer().push(Buffer.from([0x02]))).reason).toBe('stream_desync');
    const framer = new HepStreamFramer();
    expect(framer.push(Buffer.from('HE'))).toEqual([]);
    expect(desyncOf(() => framer.push(Buffer.from('X'))).reason).toBe('stream_desync');
  });

  it('rejects HEPv1/v2 on a stream (they have no length to frame by)', () => {
    const v2 = Buffer.from('0210021113c513c47f0000017f000001', 'hex');
    expect(desyncOf(() => new HepStreamFramer().push(v2)).reason).toBe('stream_desync');
  });
});
