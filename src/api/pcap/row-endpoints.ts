import { parseIp } from '../../hep/ip.js';
import type { DataRow } from '../data/rows.js';

/** The transport addressing of a stored row, read from its protocol_header. */
export interface RowEndpoints {
  readonly srcIp: string;
  readonly dstIp: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** IANA protocol number as stored (17 when absent). */
  readonly protocol: number;
}

function port(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 0xffff ? n : 0;
}

export function rowEndpoints(row: DataRow): RowEndpoints {
  const h = row.protocolHeader;
  const protocol = Number(h.protocol);
  return {
    srcIp: typeof h.srcIp === 'string' ? h.srcIp : '',
    dstIp: typeof h.dstIp === 'string' ? h.dstIp : '',
    srcPort: port(h.srcPort),
    dstPort: port(h.dstPort),
    protocol: Number.isInteger(protocol) && protocol > 0 ? protocol : 17,
  };
}

/** Address bytes, or undefined for text that is not an IP address (an empty or mangled header). */
export function addressBytes(text: string): Buffer | undefined {
  try {
    return parseIp(text);
  } catch {
    return undefined;
  }
}

/** An IPv4 address as IPv4-mapped IPv6 (::ffff:a.b.c.d), for a pair whose other side is IPv6. */
export function toIpv6(address: Buffer): Buffer {
  if (address.length === 16) return address;
  const out = Buffer.alloc(16);
  out.writeUInt16BE(0xffff, 10);
  address.copy(out, 12);
  return out;
}

/** True for a SIP row (HEP payload type 1): the only rows whose `raw` is the payload on the wire. */
export function isSipRow(row: DataRow): boolean {
  const type = row.protocolHeader.payloadType;
  if (type !== undefined && type !== null && type !== '') return Number(type) === 1;
  return row.table.startsWith('hep_proto_1_');
}

/** Rows in capture order: by microsecond timestamp, then by id (stable for equal timestamps). */
export function inTimeOrder(rows: readonly DataRow[]): DataRow[] {
  return [...rows].sort((a, b) => a.createUs - b.createUs || a.id - b.id);
}

const IPV4_ANY = Buffer.alloc(4);

/**
 * Address bytes of both ends, of one family: an IPv4 end next to an IPv6 one is written
 * IPv4-mapped, and an address that is not an IP (a mangled header) as 0.0.0.0 so the message is
 * still written.
 */
export function addressPair(ends: Pick<RowEndpoints, 'srcIp' | 'dstIp'>): { src: Buffer; dst: Buffer } {
  const src = addressBytes(ends.srcIp) ?? IPV4_ANY;
  const dst = addressBytes(ends.dstIp) ?? IPV4_ANY;
  return src.length === dst.length ? { src, dst } : { src: toIpv6(src), dst: toIpv6(dst) };
}
