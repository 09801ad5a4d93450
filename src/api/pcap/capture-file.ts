import { PcapFormatError } from './errors.js';

/** One frame read from a capture file, with the link type of the interface it was captured on. */
export interface CapturedFrame {
  readonly linkType: number;
  /** Capture time in microseconds since the epoch (nanosecond files are truncated to µs). */
  readonly timeUs: number;
  readonly data: Buffer;
}

/** What the reader found besides frames. */
export interface CaptureFileInfo {
  readonly format: 'pcap' | 'pcapng';
  /** The file ends inside a record (a capture cut short): the frames before it were read. */
  truncated: boolean;
}

/** No real frame is this large; a bigger length means the file is corrupt, not a huge packet. */
const MAX_FRAME = 16 * 1024 * 1024;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;

type Reader = (buf: Buffer, offset: number) => number;
const LE: Reader = (buf, offset) => buf.readUInt32LE(offset);
const BE: Reader = (buf, offset) => buf.readUInt32BE(offset);

/** The format of a capture file from its first four bytes, or undefined when it is neither. */
export function captureFormatOf(buf: Buffer): 'pcap' | 'pcapng' | undefined {
  if (buf.length < 4) return undefined;
  const magic = buf.readUInt32LE(0);
  if (magic === PCAPNG_SHB) return 'pcapng';
  const be = buf.readUInt32BE(0);
  if ([0xa1b2c3d4, 0xa1b23c4d].includes(magic) || [0xa1b2c3d4, 0xa1b23c4d].includes(be)) return 'pcap';
  return undefined;
}

/**
 * Reads a classic libpcap file (either byte order, µs or ns timestamps) or a pcapng file (SHB, IDB,
 * EPB, SPB and the obsolete PB; several interfaces and sections; either byte order; if_tsresol and
 * if_tsoffset). Frames are produced lazily; a file that is not a capture or contradicts itself throws
 * PcapFormatError. A file cut short inside its last record sets `info.truncated` instead.
 */
export function readCaptureFile(buf: Buffer): { info: CaptureFileInfo; frames: Iterable<CapturedFrame> } {
  const format = captureFormatOf(buf);
  if (format === undefined) {
    throw new PcapFormatError(
      'not_a_capture',
      'not a pcap or pcapng file (unknown magic number in the first 4 bytes)',
    );
  }
  const info: CaptureFileInfo = { format, truncated: false };
  return { info, frames: format === 'pcap' ? pcapFrames(buf, info) : pcapngFrames(buf, info) };
}

function* pcapFrames(buf: Buffer, info: CaptureFileInfo): Generator<CapturedFrame> {
  if (buf.length < 24) throw new PcapFormatError('truncated', 'pcap file shorter than its 24-byte header');
  const little = buf.readUInt32LE(0) === 0xa1b2c3d4 || buf.readUInt32LE(0) === 0xa1b23c4d;
  const u32 = little ? LE : BE;
  const nanos = u32(buf, 0) === 0xa1b23c4d;
  // The upper bits may carry FCS information (pcap-linktype); the link type is the low 28.
  const linkType = u32(buf, 20) & 0x0fffffff;
  let offset = 24;
  let index = 0;
  while (offset < buf.length) {
    if (offset + 16 > buf.length) {
      info.truncated = true;
      return;
    }
    const seconds = u32(buf, offset);
    const fraction = u32(buf, offset + 4);
    const captured = u32(buf, offset + 8);
    index++;
    if (captured > MAX_FRAME || fraction >= (nanos ? 1e9 : 1e6)) {
      throw new PcapFormatError(
        'bad_record',
        `pcap record ${index} at byte ${offset} is corrupt (length ${captured}, fraction ${fraction})`,
      );
    }
    const start = offset + 16;
    if (start + captured > buf.length) {
      info.truncated = true;
      return;
    }
    const micros = nanos ? Math.floor(fraction / 1000) : fraction;
    yield { linkType, timeUs: seconds * 1_000_000 + micros, data: buf.subarray(start, start + captured) };
    offset = start + captured;
  }
}

interface PcapngInterface {
  readonly linkType: number;
  /** Timestamp units per second (if_tsresol, default 10^6). */
  readonly unitsPerSecond: bigint;
  /** if_tsoffset in seconds. */
  readonly offsetSeconds: bigint;
}

/** Reads the options of an IDB for if_tsresol (9) and if_tsoffset (14). */
function interfaceOptions(
  buf: Buffer,
  start: number,
  end: number,
  little: boolean,
): { unitsPerSecond: bigint; offsetSeconds: bigint } {
  let unitsPerSecond = 1_000_000n;
  let offsetSeconds = 0n;
  let offset = start;
  while (offset + 4 <= end) {
    const code = little ? buf.readUInt16LE(offset) : buf.readUInt16BE(offset);
    const length = little ? buf.readUInt16LE(offset + 2) : buf.readUInt16BE(offset + 2);
    if (code === 0) break;
    const value = offset + 4;
    if (value + length > end) break;
    if (code === 9 && length >= 1) {
      const resol = buf[value]!;
      const exponent = BigInt(resol & 0x7f);
      unitsPerSecond = resol & 0x80 ? 2n ** exponent : 10n ** exponent;
    } else if (code === 14 && length >= 8) {
      offsetSeconds = little ? buf.readBigInt64LE(value) : buf.readBigInt64BE(value);
    }
    offset = value + ((length + 3) & ~3);
  }
  return { unitsPerSecond, offsetSeconds };
}

function timeUsOf(iface: PcapngInterface, high: number, low: number): number {
  const units = (BigInt(high) << 32n) | BigInt(low);
  const micros = (units * 1_000_000n) / iface.unitsPerSecond + iface.offsetSeconds * 1_000_000n;
  return Number(micros);
}

function* pcapngFrames(buf: Buffer, info: CaptureFileInfo): Generator<CapturedFrame> {
  let little = true;
  let interfaces: PcapngInterface[] = [];
  let lastTimeUs = 0;
  let offset = 0;
  while (offset < buf.length) {
    if (offset + 12 > buf.length) {
      info.truncated = true;
      return;
    }
    const type =
      buf.readUInt32LE(offset) === PCAPNG_SHB ? PCAPNG_SHB : little ? LE(buf, offset) : BE(buf, offset);
    if (type === PCAPNG_SHB) {
      const magic = buf.readUInt32LE(offset + 8);
      if (magic === PCAPNG_BYTE_ORDER_MAGIC) little = true;
      else if (buf.readUInt32BE(offset + 8) === PCAPNG_BYTE_ORDER_MAGIC) little = false;
      else
        throw new PcapFormatError(
          'bad_section',
          `pcapng section header at byte ${offset} has no byte-order magic`,
        );
      interfaces = [];
    }
    const u32 = little ? LE : BE;
    const length = u32(buf, offset + 4);
    if (length < 12 || length % 4 !== 0 || length > MAX_FRAME + 64) {
      throw new PcapFormatError(
        'bad_block',
        `pcapng block at byte ${offset} has an invalid length ${length}`,
      );
    }
    if (offset + length > buf.length) {
      info.truncated = true;
      return;
    }
    if (u32(buf, offset + length - 4) !== length) {
      throw new PcapFormatError(
        'bad_block',
        `pcapng block at byte ${offset}: trailing length differs from ${length}`,
      );
    }
    const body = offset + 8;
    const end = offset + length - 4;
    const frame = (iface: PcapngInterface | undefined, id: number, start: number, captured: number) => {
      if (!iface) {
        throw new PcapFormatError(
          'bad_block',
          `pcapng packet at byte ${offset} names unknown interface ${id}`,
        );
      }
      if (start + captured > end) {
        throw new PcapFormatError('bad_block', `pcapng packet at byte ${offset} is longer than its block`);
      }
      return buf.subarray(start, start + captured);
    };
    if (type === 1) {
      if (body + 8 > end)
        throw new PcapFormatError('bad_block', `pcapng interface block at byte ${offset} is too short`);
      const linkType = little ? buf.readUInt16LE(body) : buf.readUInt16BE(body);
      interfaces.push({ linkType, ...interfaceOptions(buf, body + 8, end, little) });
    } else if (type === 6 || type === 2) {
      if (body + 20 > end)
        throw new PcapFormatError('bad_block', `pcapng packet block at byte ${offset} is too short`);
      const id = type === 6 ? u32(buf, body) : little ? buf.readUInt16LE(body) : buf.readUInt16BE(body);
      const iface = interfaces[id];
      const data = frame(iface, id, body + 20, u32(buf, body + 12));
      lastTimeUs = timeUsOf(iface!, u32(buf, body + 4), u32(buf, body + 8));
      yield { linkType: iface!.linkType, timeUs: lastTimeUs, data };
    } else if (type === 3) {
      const iface = interfaces[0];
      const original = u32(buf, body);
      const data = frame(iface, 0, body + 4, Math.min(original, end - body - 4));
      // A simple packet block has no timestamp: it keeps the time of the packet before it.
      yield { linkType: iface!.linkType, timeUs: lastTimeUs, data };
    }
    offset += length;
  }
}
