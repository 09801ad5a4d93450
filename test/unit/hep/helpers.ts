import { readFileSync } from 'node:fs';
import { sharedTestdataPath } from '../../helpers/shared-testdata.js';

/** A file of the project's shared test data (see test/helpers/shared-testdata.ts). */
export function sharedTestdata(relative: string): Buffer {
  return readFileSync(sharedTestdataPath(relative));
}

export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

/**
 * First 28 bytes of a Kamailio 5.6 siptrace HEPv2 OPTIONS (reference/hep.md §1.7): the 8-byte
 * header, both IPv4 addresses and the little-endian time block; the payload follows.
 */
export const KAMAILIO_V2_HEADER = hex(`
  02 10 02 11 13 c5 13 c4
  7f 00 00 01 7f 00 00 01
  ee 45 08 6b 6f e6 02 00 d1 07 00 00
`);

/** What KAMAILIO_V2_HEADER carries (besides version 2, IPv4, UDP and SIP). */
export const KAMAILIO_V2_FIELDS = {
  srcIp: '127.0.0.1',
  dstIp: '127.0.0.1',
  srcPort: 5061,
  dstPort: 5060,
  timeSeconds: 0x6b0845ee,
  timeUseconds: 0x0002e66f,
  captureId: 2001,
} as const;

/**
 * The `ErrorClass` error `fn` throws, or undefined when it returns; any other error is rethrown so
 * the test fails on it.
 */
export function thrownBy<E extends Error>(
  ErrorClass: abstract new (...args: never[]) => E,
  fn: () => unknown,
): E | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ErrorClass) return error;
    throw error;
  }
  return undefined;
}

/** The `ErrorClass` error `fn` throws; fails the test when `fn` returns. */
export function expectThrown<E extends Error>(
  ErrorClass: abstract new (...args: never[]) => E,
  fn: () => unknown,
): E {
  const error = thrownBy(ErrorClass, fn);
  if (error === undefined) throw new Error(`expected a ${ErrorClass.name}`);
  return error;
}

const LINKTYPE_NULL = 0;
const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LINUX_SLL = 113;

/**
 * UDP payloads of a classic pcap or a pcapng file (Ethernet, Linux SLL, BSD loopback or raw IP
 * link types; unfragmented IPv4/IPv6 only). Just enough to pull HEP datagrams out of captures.
 */
export function udpPayloads(file: Buffer): Buffer[] {
  const frames = file.readUInt32BE(0) === 0x0a0d0d0a ? pcapngFrames(file) : pcapFrames(file);
  const out: Buffer[] = [];
  for (const { linkType, data } of frames) {
    const payload = udpPayload(linkType, data);
    if (payload !== undefined) out.push(payload);
  }
  return out;
}

interface LinkFrame {
  readonly linkType: number;
  readonly data: Buffer;
}

function pcapFrames(file: Buffer): LinkFrame[] {
  const magic = file.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const u32 = (o: number): number => (le ? file.readUInt32LE(o) : file.readUInt32BE(o));
  const linkType = u32(20) & 0xffff;
  const frames: LinkFrame[] = [];
  for (let off = 24; off + 16 <= file.length;) {
    const captured = u32(off + 8);
    frames.push({ linkType, data: file.subarray(off + 16, off + 16 + captured) });
    off += 16 + captured;
  }
  return frames;
}

function pcapngFrames(file: Buffer): LinkFrame[] {
  let le = true;
  const linkTypes: number[] = [];
  const frames: LinkFrame[] = [];
  for (let off = 0; off + 12 <= file.length;) {
    if (file.readUInt32BE(off) === 0x0a0d0d0a) le = file.readUInt32LE(off + 8) === 0x1a2b3c4d;
    const u32 = (o: number): number => (le ? file.readUInt32LE(o) : file.readUInt32BE(o));
    const type = u32(off);
    const length = u32(off + 4);
    if (type === 1) linkTypes.push(le ? file.readUInt16LE(off + 8) : file.readUInt16BE(off + 8));
    if (type === 6) {
      const captured = u32(off + 20);
      frames.push({
        linkType: linkTypes[u32(off + 8)] ?? -1,
        data: file.subarray(off + 28, off + 28 + captured),
      });
    }
    off += length;
  }
  return frames;
}

function udpPayload(linkType: number, frame: Buffer): Buffer | undefined {
  let off: number;
  let etherType: number;
  if (linkType === LINKTYPE_ETHERNET) {
    off = 14;
    etherType = frame.readUInt16BE(12);
    if (etherType === 0x8100) {
      etherType = frame.readUInt16BE(16);
      off = 18;
    }
  } else if (linkType === LINKTYPE_LINUX_SLL) {
    off = 16;
    etherType = frame.readUInt16BE(14);
  } else if (linkType === LINKTYPE_NULL || linkType === LINKTYPE_RAW) {
    off = linkType === LINKTYPE_NULL ? 4 : 0;
    etherType = (frame[off] ?? 0) >> 4 === 6 ? 0x86dd : 0x0800;
  } else {
    return undefined;
  }
  let udp: number;
  if (etherType === 0x0800) {
    const ihl = ((frame[off] ?? 0) & 0x0f) * 4;
    const fragment = frame.readUInt16BE(off + 6) & 0x3fff;
    if (frame[off + 9] !== 17 || fragment !== 0) return undefined;
    udp = off + ihl;
  } else if (etherType === 0x86dd) {
    if (frame[off + 6] !== 17) return undefined;
    udp = off + 40;
  } else {
    return undefined;
  }
  const udpLength = frame.readUInt16BE(udp + 4);
  return frame.subarray(udp + 8, udp + udpLength);
}
