import { parseIp } from '../../../../src/hep/ip.js';
import { buildFrame, IP_PROTO, TCP_FLAGS } from '../../../../src/api/pcap/frame-builder.js';

/** Test captures built byte by byte, in the layouts other tools write. */

export interface TestFrame {
  readonly linkType: number;
  readonly timeUs: number;
  readonly data: Buffer;
}

export function udpFrame(
  src: string,
  dst: string,
  payload: string | Buffer,
  ports: [number, number] = [5060, 5060],
) {
  return buildFrame({
    src: parseIp(src),
    dst: parseIp(dst),
    srcPort: ports[0],
    dstPort: ports[1],
    protocol: IP_PROTO.udp,
    payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload),
  });
}

export function tcpFrame(
  src: string,
  dst: string,
  seq: number,
  payload: string,
  flags: number = TCP_FLAGS.ack | TCP_FLAGS.psh,
) {
  return buildFrame({
    src: parseIp(src),
    dst: parseIp(dst),
    srcPort: 40000,
    dstPort: 5060,
    protocol: IP_PROTO.tcp,
    payload: Buffer.from(payload),
    tcp: { seq, ack: 1, flags },
  });
}

/** The IP packet of an Ethernet frame built above. */
export const ipOf = (ethernet: Buffer): Buffer => ethernet.subarray(14);

/** An Ethernet frame with 802.1Q tags inserted (the outer one 802.1ad when there are two). */
export function vlanFrame(ethernet: Buffer, tags = 1): Buffer {
  const tagBytes = Buffer.alloc(4 * tags);
  for (let i = 0; i < tags; i++) {
    tagBytes.writeUInt16BE(i === 0 && tags > 1 ? 0x88a8 : 0x8100, 4 * i);
    tagBytes.writeUInt16BE(100 + i, 4 * i + 2);
  }
  return Buffer.concat([ethernet.subarray(0, 12), tagBytes, ethernet.subarray(12)]);
}

export function sllFrame(ethernet: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(1, 2);
  header.writeUInt16BE(6, 4);
  ethernet.copy(header, 6, 6, 12);
  header.writeUInt16BE(ethernet.readUInt16BE(12), 14);
  return Buffer.concat([header, ipOf(ethernet)]);
}

export function sll2Frame(ethernet: Buffer): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(ethernet.readUInt16BE(12), 0);
  header.writeUInt32BE(3, 4);
  header.writeUInt16BE(1, 8);
  header.writeUInt8(6, 11);
  ethernet.copy(header, 12, 6, 12);
  return Buffer.concat([header, ipOf(ethernet)]);
}

/** BSD loopback (LINKTYPE_NULL) with the family in little-endian host order. */
export function nullFrame(ethernet: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(ethernet.readUInt16BE(12) === 0x86dd ? 30 : 2, 0);
  return Buffer.concat([header, ipOf(ethernet)]);
}

/** Splits the IPv4 packet of an Ethernet frame into fragments carrying `size` bytes each (multiple of 8). */
export function fragmentIpv4(ethernet: Buffer, size: number): Buffer[] {
  const ip = ipOf(ethernet);
  const payload = ip.subarray(20);
  const out: Buffer[] = [];
  for (let offset = 0; offset < payload.length; offset += size) {
    const part = payload.subarray(offset, offset + size);
    const header = Buffer.from(ip.subarray(0, 20));
    header.writeUInt16BE(20 + part.length, 2);
    header.writeUInt16BE(0x4242, 4);
    const more = offset + size < payload.length;
    header.writeUInt16BE((more ? 0x2000 : 0) | (offset / 8), 6);
    header.writeUInt16BE(0, 10);
    out.push(Buffer.concat([ethernet.subarray(0, 14), header, part]));
  }
  return out;
}

/** Classic pcap in either byte order, µs or ns timestamps. */
export function classicPcap(
  frames: readonly TestFrame[],
  options: { bigEndian?: boolean; nanos?: boolean } = {},
) {
  const be = options.bigEndian === true;
  const w32 = (buf: Buffer, v: number, at: number) =>
    be ? buf.writeUInt32BE(v, at) : buf.writeUInt32LE(v, at);
  const w16 = (buf: Buffer, v: number, at: number) =>
    be ? buf.writeUInt16BE(v, at) : buf.writeUInt16LE(v, at);
  const header = Buffer.alloc(24);
  w32(header, options.nanos ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  w16(header, 2, 4);
  w16(header, 4, 6);
  w32(header, 65535, 16);
  w32(header, frames[0]?.linkType ?? 1, 20);
  const parts: Buffer[] = [header];
  for (const f of frames) {
    const record = Buffer.alloc(16);
    w32(record, Math.floor(f.timeUs / 1e6), 0);
    w32(record, options.nanos ? (f.timeUs % 1e6) * 1000 + 789 : f.timeUs % 1e6, 4);
    w32(record, f.data.length, 8);
    w32(record, f.data.length, 12);
    parts.push(record, f.data);
  }
  return Buffer.concat(parts);
}

/**
 * pcapng with one interface per distinct link type (in order of first use), EPBs carrying the
 * frames, interface 1 (when present) in nanoseconds via if_tsresol; `simple` writes the frames of
 * interface 0 as simple packet blocks instead.
 */
export function pcapng(
  frames: readonly TestFrame[],
  options: { bigEndian?: boolean; simple?: boolean } = {},
) {
  const be = options.bigEndian === true;
  const block = (type: number, body: Buffer) => {
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    const out = Buffer.alloc(12 + padded.length);
    const length = out.length;
    if (be) {
      out.writeUInt32BE(type, 0);
      out.writeUInt32BE(length, 4);
      out.writeUInt32BE(length, length - 4);
    } else {
      out.writeUInt32LE(type, 0);
      out.writeUInt32LE(length, 4);
      out.writeUInt32LE(length, length - 4);
    }
    padded.copy(out, 8);
    return out;
  };
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    if (be) b.writeUInt32BE(v >>> 0);
    else b.writeUInt32LE(v >>> 0);
    return b;
  };
  const u16 = (v: number) => {
    const b = Buffer.alloc(2);
    if (be) b.writeUInt16BE(v);
    else b.writeUInt16LE(v);
    return b;
  };
  const shb = block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]));
  const linkTypes = [...new Set(frames.map((f) => f.linkType))];
  const idbs = linkTypes.map((linkType, index) => {
    const options =
      index === 1
        ? Buffer.concat([u16(9), u16(1), Buffer.from([9, 0, 0, 0]), u16(0), u16(0)])
        : Buffer.alloc(0);
    return block(1, Buffer.concat([u16(linkType), u16(0), u32(0), options]));
  });
  const packets = frames.map((f) => {
    const id = linkTypes.indexOf(f.linkType);
    if (options.simple && id === 0) return block(3, Buffer.concat([u32(f.data.length), f.data]));
    const units = id === 1 ? BigInt(f.timeUs) * 1000n : BigInt(f.timeUs);
    return block(
      6,
      Buffer.concat([
        u32(id),
        u32(Number(units >> 32n)),
        u32(Number(units & 0xffffffffn)),
        u32(f.data.length),
        u32(f.data.length),
        f.data,
      ]),
    );
  });
  return Buffer.concat([shb, ...idbs, ...packets]);
}
