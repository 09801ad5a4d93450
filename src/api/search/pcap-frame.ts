import ipaddr from 'ipaddr.js';

/**
 * A minimal pcap writer for the decode view: one Ethernet/IPv4-or-6/UDP frame per message, rebuilt
 * from the stored headers, with the capture timestamp. (The export module writes richer frames;
 * the two can share one builder once both exist.)
 */

export interface FrameInput {
  readonly srcIp: string;
  readonly dstIp: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Capture time in µs since the epoch. */
  readonly timeUs: number;
  readonly payload: Buffer;
}

const ETHERNET = 14;
const UDP = 8;
/** Largest UDP payload an IPv4 datagram can carry; longer payloads are cut. */
const MAX_PAYLOAD = 65_507;

function parseIp(ip: string): ipaddr.IPv4 | ipaddr.IPv6 {
  try {
    const addr = ipaddr.parse(ip.replace(/^\[|\]$/g, ''));
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
      return (addr as ipaddr.IPv6).toIPv4Address();
    }
    return addr;
  } catch {
    return ipaddr.IPv4.parse('0.0.0.0');
  }
}

function sum16(buf: Buffer, start: number, end: number, initial = 0): number {
  let sum = initial;
  for (let i = start; i < end; i += 2)
    sum += (buf[i] as number) * 256 + (i + 1 < end ? (buf[i + 1] as number) : 0);
  return sum;
}

function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

/** One frame: Ethernet II, IPv4 (or IPv6 when either address is v6), UDP with checksums. */
export function udpFrame(input: FrameInput): Buffer {
  let src = parseIp(input.srcIp);
  let dst = parseIp(input.dstIp);
  const v6 = src.kind() === 'ipv6' || dst.kind() === 'ipv6';
  if (v6) {
    if (src.kind() === 'ipv4') src = (src as ipaddr.IPv4).toIPv4MappedAddress();
    if (dst.kind() === 'ipv4') dst = (dst as ipaddr.IPv4).toIPv4MappedAddress();
  }
  const payload = input.payload.subarray(0, MAX_PAYLOAD);
  const ipHeader = v6 ? 40 : 20;
  const udpLength = UDP + payload.length;
  const frame = Buffer.alloc(ETHERNET + ipHeader + udpLength);
  // Ethernet: locally administered MACs, EtherType IPv4/IPv6.
  Buffer.from([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]).copy(frame, 0);
  frame.writeUInt16BE(v6 ? 0x86dd : 0x0800, 12);
  const ip = ETHERNET;
  const srcBytes = Buffer.from(src.toByteArray());
  const dstBytes = Buffer.from(dst.toByteArray());
  if (v6) {
    frame.writeUInt32BE(0x60000000, ip);
    frame.writeUInt16BE(udpLength, ip + 4);
    frame[ip + 6] = 17;
    frame[ip + 7] = 64;
    srcBytes.copy(frame, ip + 8);
    dstBytes.copy(frame, ip + 24);
  } else {
    frame[ip] = 0x45;
    frame.writeUInt16BE(ipHeader + udpLength, ip + 2);
    frame[ip + 8] = 64;
    frame[ip + 9] = 17;
    srcBytes.copy(frame, ip + 12);
    dstBytes.copy(frame, ip + 16);
    frame.writeUInt16BE(fold(sum16(frame, ip, ip + 20)), ip + 10);
  }
  const udp = ip + ipHeader;
  frame.writeUInt16BE(input.srcPort & 0xffff, udp);
  frame.writeUInt16BE(input.dstPort & 0xffff, udp + 2);
  frame.writeUInt16BE(udpLength, udp + 4);
  payload.copy(frame, udp + UDP);
  // Pseudo-header: addresses, protocol, UDP length.
  let pseudo = sum16(srcBytes, 0, srcBytes.length) + sum16(dstBytes, 0, dstBytes.length) + 17 + udpLength;
  pseudo = sum16(frame, udp, udp + udpLength, pseudo);
  frame.writeUInt16BE(fold(pseudo) || 0xffff, udp + 6);
  return frame;
}

/** A classic pcap file (µs timestamps, LINKTYPE_ETHERNET) holding `frames` in order. */
export function pcapFile(frames: readonly { timeUs: number; frame: Buffer }[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262_144, 16);
  header.writeUInt32LE(1, 20);
  const parts: Buffer[] = [header];
  for (const { timeUs, frame } of frames) {
    const record = Buffer.alloc(16);
    record.writeUInt32LE(Math.floor(timeUs / 1_000_000) >>> 0, 0);
    record.writeUInt32LE(Math.floor(timeUs % 1_000_000), 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    parts.push(record, frame);
  }
  return Buffer.concat(parts);
}
