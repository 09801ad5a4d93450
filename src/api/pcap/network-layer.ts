import { formatIpv4, formatIpv6 } from '../../hep/ip.js';
import { ethernetPayload } from './link-layer.js';

/** One complete IP datagram's transport part (fragments already put back together). */
export interface IpDatagram {
  readonly family: 4 | 6;
  readonly srcIp: string;
  readonly dstIp: string;
  /** IANA protocol of the transport (6, 17, 132, ...). */
  readonly protocol: number;
  /** The transport header and its data. */
  readonly transport: Buffer;
}

const PROTO_IPIP = 4;
const PROTO_IPV6_IN_IP = 41;
const PROTO_GRE = 47;
const IPV6_EXTENSIONS = new Set([0, 43, 60, 135, 139, 140]);
const IPV6_FRAGMENT = 44;
const IPV6_AH = 51;
/** IP-in-IP or GRE inside GRE: a few levels are real, more is a crafted loop. */
const MAX_TUNNEL_DEPTH = 4;
/** Fragment sets kept waiting for their missing parts; the oldest go first. */
const MAX_PENDING_REASSEMBLIES = 1024;
const MAX_DATAGRAM = 0xffff;

interface Reassembly {
  readonly parts: Map<number, Buffer>;
  /** Known once the last fragment (more-fragments clear) arrived. */
  total?: number;
}

/**
 * IPv4/IPv6 decoding with fragment reassembly (IPv4 flags/offset, IPv6 fragment header), IPv6
 * extension headers, and the tunnels captures commonly hold: IP-in-IP, IPv6-in-IPv4 and GRE with
 * IP, transparent Ethernet or ERSPAN I/II/III inside. Never throws: what it cannot read it skips.
 */
export class NetworkLayer {
  private readonly pending = new Map<string, Reassembly>();

  /** Complete datagrams in this packet: none while fragments are missing, one or more otherwise. */
  decode(packet: Buffer, depth = 0): IpDatagram[] {
    if (depth > MAX_TUNNEL_DEPTH || packet.length < 1) return [];
    const version = packet[0]! >> 4;
    const datagram = version === 4 ? this.ipv4(packet) : version === 6 ? this.ipv6(packet) : undefined;
    if (!datagram) return [];
    return this.unwrap(datagram, depth);
  }

  private unwrap(datagram: IpDatagram, depth: number): IpDatagram[] {
    switch (datagram.protocol) {
      case PROTO_IPIP:
      case PROTO_IPV6_IN_IP:
        return this.decode(datagram.transport, depth + 1);
      case PROTO_GRE: {
        const inner = greInner(datagram.transport);
        return inner ? this.decode(inner, depth + 1) : [];
      }
      default:
        return [datagram];
    }
  }

  private ipv4(packet: Buffer): IpDatagram | undefined {
    if (packet.length < 20) return undefined;
    const headerLength = (packet[0]! & 0x0f) * 4;
    const totalLength = packet.readUInt16BE(2);
    // A total length of 0 happens with TSO captures: take the captured bytes.
    const end = totalLength === 0 ? packet.length : Math.min(totalLength, packet.length);
    if (headerLength < 20 || end < headerLength) return undefined;
    const srcIp = formatIpv4(packet, 12);
    const dstIp = formatIpv4(packet, 16);
    const protocol = packet[9]!;
    const flags = packet.readUInt16BE(6);
    const more = (flags & 0x2000) !== 0;
    const fragmentOffset = (flags & 0x1fff) * 8;
    let transport = packet.subarray(headerLength, end);
    if (more || fragmentOffset > 0) {
      const key = `4|${srcIp}|${dstIp}|${packet.readUInt16BE(4)}|${protocol}`;
      const whole = this.reassemble(key, fragmentOffset, more, transport);
      if (!whole) return undefined;
      transport = whole;
    }
    return { family: 4, srcIp, dstIp, protocol, transport };
  }

  private ipv6(packet: Buffer): IpDatagram | undefined {
    if (packet.length < 40) return undefined;
    const payloadLength = packet.readUInt16BE(4);
    // 0 is a jumbogram (or TSO): take the captured bytes.
    const end = payloadLength === 0 ? packet.length : Math.min(40 + payloadLength, packet.length);
    const srcIp = formatIpv6(packet, 8);
    const dstIp = formatIpv6(packet, 24);
    let next = packet[6]!;
    let offset = 40;
    let fragment: { offset: number; more: boolean; id: number } | undefined;
    while (IPV6_EXTENSIONS.has(next) || next === IPV6_FRAGMENT || next === IPV6_AH) {
      if (offset + 8 > end) return undefined;
      const following = packet[offset]!;
      if (next === IPV6_FRAGMENT) {
        const field = packet.readUInt16BE(offset + 2);
        fragment = { offset: field & 0xfff8, more: (field & 1) !== 0, id: packet.readUInt32BE(offset + 4) };
        offset += 8;
      } else if (next === IPV6_AH) {
        offset += (packet[offset + 1]! + 2) * 4;
      } else {
        offset += (packet[offset + 1]! + 1) * 8;
      }
      next = following;
    }
    if (offset > end) return undefined;
    let transport = packet.subarray(offset, end);
    if (fragment && (fragment.more || fragment.offset > 0)) {
      const key = `6|${srcIp}|${dstIp}|${fragment.id}|${next}`;
      const whole = this.reassemble(key, fragment.offset, fragment.more, transport);
      if (!whole) return undefined;
      transport = whole;
    }
    return { family: 6, srcIp, dstIp, protocol: next, transport };
  }

  /** Adds one fragment; returns the whole datagram once every byte from 0 to the end is there. */
  private reassemble(key: string, offset: number, more: boolean, data: Buffer): Buffer | undefined {
    let entry = this.pending.get(key);
    if (!entry) {
      if (this.pending.size >= MAX_PENDING_REASSEMBLIES) {
        const oldest = this.pending.keys().next().value;
        if (oldest !== undefined) this.pending.delete(oldest);
      }
      entry = { parts: new Map() };
      this.pending.set(key, entry);
    }
    if (offset + data.length > MAX_DATAGRAM) {
      this.pending.delete(key);
      return undefined;
    }
    entry.parts.set(offset, data);
    if (!more) entry.total = offset + data.length;
    if (entry.total === undefined) return undefined;
    const ordered = [...entry.parts.entries()].sort((a, b) => a[0] - b[0]);
    let covered = 0;
    for (const [start, part] of ordered) {
      if (start > covered) return undefined;
      covered = Math.max(covered, start + part.length);
    }
    if (covered < entry.total) return undefined;
    this.pending.delete(key);
    const whole = Buffer.alloc(entry.total);
    for (const [start, part] of ordered)
      part.copy(whole, start, 0, Math.min(part.length, entry.total - start));
    return whole;
  }
}

/** The IP packet carried by a GRE packet (RFC 2784/2890), directly or inside an Ethernet frame. */
function greInner(gre: Buffer): Buffer | undefined {
  if (gre.length < 4) return undefined;
  const flags = gre.readUInt16BE(0);
  const protocol = gre.readUInt16BE(2);
  let offset = 4;
  if (flags & 0x8000) offset += 4; // checksum + reserved
  if (flags & 0x2000) offset += 4; // key
  const hasSequence = (flags & 0x1000) !== 0;
  if (hasSequence) offset += 4;
  if (offset > gre.length) return undefined;
  const inner = gre.subarray(offset);
  switch (protocol) {
    case 0x0800:
    case 0x86dd:
      return inner;
    case 0x6558: // transparent Ethernet bridging
      return ethernetPayload(inner);
    case 0x88be: // ERSPAN type I has no header (and no GRE sequence), type II an 8-byte one
      return ethernetPayload(hasSequence ? inner.subarray(8) : inner);
    case 0x22eb: {
      // ERSPAN type III: 12-byte header, plus an 8-byte platform sub-header when O (bit 0 of byte 11) is set.
      if (inner.length < 12) return undefined;
      return ethernetPayload(inner.subarray(inner[11]! & 1 ? 20 : 12));
    }
    default:
      return undefined;
  }
}
