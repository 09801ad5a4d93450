/** libpcap link type of the frames the exporter writes. */
export const LINKTYPE_ETHERNET = 1;
/** Large enough for any frame the exporter builds (one IP packet of at most 64 KiB plus Ethernet). */
const SNAPLEN = 262_144;
const MICROS = 1_000_000;

/** One captured frame and when it was captured, in microseconds since the epoch. */
export interface PcapRecord {
  readonly timeUs: number;
  readonly frame: Buffer;
}

/**
 * A classic libpcap file (magic a1b2c3d4, version 2.4, microsecond timestamps, little-endian as
 * written by x86 tcpdump) holding Ethernet frames in the order given.
 */
export function writePcap(records: readonly PcapRecord[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(SNAPLEN, 16);
  header.writeUInt32LE(LINKTYPE_ETHERNET, 20);
  const parts: Buffer[] = [header];
  for (const { timeUs, frame } of records) {
    const record = Buffer.alloc(16);
    const whole = Math.max(0, Math.trunc(timeUs));
    record.writeUInt32LE(Math.floor(whole / MICROS) >>> 0, 0);
    record.writeUInt32LE(whole % MICROS, 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    parts.push(record, frame);
  }
  return Buffer.concat(parts);
}
