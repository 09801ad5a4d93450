import { crc32c, finishChecksum, internetChecksum, sumWords } from './checksum.js';

/** Transport protocols the exporter writes (IANA protocol numbers). */
export const IP_PROTO = { tcp: 6, udp: 17, sctp: 132 } as const;

/** TCP flags the exporter sets: every segment carries data, so ACK|PSH. */
export const TCP_FLAGS = { fin: 0x01, syn: 0x02, rst: 0x04, psh: 0x08, ack: 0x10 } as const;

export interface TcpFields {
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
}

export interface SctpFields {
  /** Transmission sequence number of the single DATA chunk. */
  readonly tsn: number;
  readonly streamSeq: number;
}

/** One synthetic frame: addresses as bytes (4 for IPv4, 16 for IPv6) and the transport payload. */
export interface FrameSpec {
  readonly src: Buffer;
  readonly dst: Buffer;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly protocol: (typeof IP_PROTO)[keyof typeof IP_PROTO];
  readonly payload: Buffer;
  /** IPv4 identification field (ignored for IPv6). */
  readonly ipId?: number;
  /** Required when protocol is TCP. */
  readonly tcp?: TcpFields;
  /** Required when protocol is SCTP. */
  readonly sctp?: SctpFields;
}

const ETHERNET_HEADER = 14;
const IPV4_HEADER = 20;
const IPV6_HEADER = 40;
const UDP_HEADER = 8;
const TCP_HEADER = 20;
/** SCTP common header (12) + one DATA chunk header (16). */
const SCTP_HEADERS = 28;
const MAX_IP_LENGTH = 0xffff;
/** Locally administered unicast MACs: the stored rows carry none. */
const SRC_MAC = Buffer.from([0x02, 0x00, 0x00, 0x00, 0x00, 0x01]);
const DST_MAC = Buffer.from([0x02, 0x00, 0x00, 0x00, 0x00, 0x02]);

function transportHeaderLength(protocol: FrameSpec['protocol']): number {
  if (protocol === IP_PROTO.tcp) return TCP_HEADER;
  if (protocol === IP_PROTO.sctp) return SCTP_HEADERS;
  return UDP_HEADER;
}

/**
 * The largest payload one IP packet of this family and protocol can carry: the IPv4 total length
 * and the IPv6 payload length are 16-bit fields (65 507 bytes of UDP over IPv4, 65 527 over IPv6).
 */
export function maxPayload(family: 4 | 6, protocol: FrameSpec['protocol']): number {
  const padding = protocol === IP_PROTO.sctp ? 3 : 0;
  return MAX_IP_LENGTH - (family === 4 ? IPV4_HEADER : 0) - transportHeaderLength(protocol) - padding;
}

/** Checksum of a UDP or TCP segment over the IPv4/IPv6 pseudo-header (RFC 768, 793, 8200 §8.1). */
function pseudoHeaderChecksum(spec: FrameSpec, segment: Buffer): number {
  let sum = sumWords(spec.src);
  sum = sumWords(spec.dst, sum);
  // The upper-layer length is a 16-bit (IPv4) or 32-bit (IPv6) field; folding makes both the same sum.
  sum += spec.protocol + segment.length;
  return finishChecksum(sumWords(segment, sum));
}

function udpSegment(spec: FrameSpec): Buffer {
  const segment = Buffer.alloc(UDP_HEADER + spec.payload.length);
  segment.writeUInt16BE(spec.srcPort, 0);
  segment.writeUInt16BE(spec.dstPort, 2);
  segment.writeUInt16BE(segment.length, 4);
  spec.payload.copy(segment, UDP_HEADER);
  // Computed for IPv4 too (0 would be allowed there); a result of 0 is sent as 0xffff (RFC 768).
  segment.writeUInt16BE(pseudoHeaderChecksum(spec, segment) || 0xffff, 6);
  return segment;
}

function tcpSegment(spec: FrameSpec): Buffer {
  const tcp = spec.tcp;
  if (!tcp) throw new Error('TCP frame without sequence numbers');
  const segment = Buffer.alloc(TCP_HEADER + spec.payload.length);
  segment.writeUInt16BE(spec.srcPort, 0);
  segment.writeUInt16BE(spec.dstPort, 2);
  segment.writeUInt32BE(tcp.seq >>> 0, 4);
  segment.writeUInt32BE(tcp.ack >>> 0, 8);
  segment.writeUInt8((TCP_HEADER / 4) << 4, 12);
  segment.writeUInt8(tcp.flags, 13);
  segment.writeUInt16BE(0xffff, 14); // window
  spec.payload.copy(segment, TCP_HEADER);
  segment.writeUInt16BE(pseudoHeaderChecksum(spec, segment), 16);
  return segment;
}

function sctpPacket(spec: FrameSpec): Buffer {
  const sctp = spec.sctp;
  if (!sctp) throw new Error('SCTP frame without a TSN');
  const chunkLength = 16 + spec.payload.length;
  const packet = Buffer.alloc(12 + ((chunkLength + 3) & ~3));
  packet.writeUInt16BE(spec.srcPort, 0);
  packet.writeUInt16BE(spec.dstPort, 2);
  packet.writeUInt32BE(1, 4); // verification tag: any non-zero value outside an INIT
  packet.writeUInt8(0, 12); // DATA
  packet.writeUInt8(0x03, 13); // B and E: the whole message in one chunk
  packet.writeUInt16BE(chunkLength, 14);
  packet.writeUInt32BE(sctp.tsn >>> 0, 16);
  packet.writeUInt16BE(0, 20); // stream id
  packet.writeUInt16BE(sctp.streamSeq & 0xffff, 22);
  packet.writeUInt32BE(0, 24); // payload protocol id: unspecified (RFC 4168 uses 0 for SIP)
  spec.payload.copy(packet, 28);
  // RFC 9260 appendix A: the CRC is stored least significant byte first.
  packet.writeUInt32LE(crc32c(packet), 8);
  return packet;
}

function ipv4Header(spec: FrameSpec, transportLength: number): Buffer {
  const header = Buffer.alloc(IPV4_HEADER);
  header.writeUInt8(0x45, 0);
  header.writeUInt16BE(IPV4_HEADER + transportLength, 2);
  header.writeUInt16BE((spec.ipId ?? 0) & 0xffff, 4);
  header.writeUInt16BE(0x4000, 6); // don't fragment
  header.writeUInt8(64, 8);
  header.writeUInt8(spec.protocol, 9);
  spec.src.copy(header, 12);
  spec.dst.copy(header, 16);
  header.writeUInt16BE(internetChecksum(header), 10);
  return header;
}

function ipv6Header(spec: FrameSpec, transportLength: number): Buffer {
  const header = Buffer.alloc(IPV6_HEADER);
  header.writeUInt32BE(0x60000000, 0);
  header.writeUInt16BE(transportLength, 4);
  header.writeUInt8(spec.protocol, 6);
  header.writeUInt8(64, 7);
  spec.src.copy(header, 8);
  spec.dst.copy(header, 24);
  return header;
}

/**
 * An Ethernet II frame holding one IPv4 or IPv6 packet with a UDP, TCP or SCTP segment, lengths and
 * checksums filled in. Throws RangeError when the payload does not fit one IP packet (see maxPayload).
 */
export function buildFrame(spec: FrameSpec): Buffer {
  const family = spec.src.length === 16 ? 6 : 4;
  if (spec.dst.length !== spec.src.length) throw new RangeError('source and destination families differ');
  if (spec.payload.length > maxPayload(family, spec.protocol)) {
    throw new RangeError(`payload of ${spec.payload.length} bytes does not fit one IPv${family} packet`);
  }
  const transport =
    spec.protocol === IP_PROTO.tcp
      ? tcpSegment(spec)
      : spec.protocol === IP_PROTO.sctp
        ? sctpPacket(spec)
        : udpSegment(spec);
  const ip = family === 4 ? ipv4Header(spec, transport.length) : ipv6Header(spec, transport.length);
  const ethernet = Buffer.alloc(ETHERNET_HEADER);
  DST_MAC.copy(ethernet, 0);
  SRC_MAC.copy(ethernet, 6);
  ethernet.writeUInt16BE(family === 4 ? 0x0800 : 0x86dd, 12);
  return Buffer.concat([ethernet, ip, transport]);
}
