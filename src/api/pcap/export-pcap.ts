import type { DataRow } from '../data/rows.js';
import { PcapWriteError } from './errors.js';
import { buildFrame, IP_PROTO, maxPayload, TCP_FLAGS, type FrameSpec } from './frame-builder.js';
import { writePcap, type PcapRecord } from './pcap-writer.js';
import { addressPair, inTimeOrder, isSipRow, rowEndpoints } from './row-endpoints.js';

export interface PcapExport {
  readonly pcap: Buffer;
  /** SIP messages written (a large TCP message may take several frames). */
  readonly messages: number;
  /** Rows left out because they are not SIP (RTCP/QoS reports and logs are JSON or text, not packets). */
  readonly skipped: number;
}

/** First sequence number of every synthetic TCP direction and SCTP association. */
const INITIAL_SEQ = 1;

/**
 * Per-direction TCP sequence numbers and SCTP TSNs, so consecutive messages of one flow form a
 * stream tshark can reassemble, and each segment acknowledges what the other direction sent.
 */
class FlowState {
  private readonly next = new Map<string, number>();

  private static key(spec: Pick<FrameSpec, 'src' | 'dst' | 'srcPort' | 'dstPort'>, reverse: boolean): string {
    const a = `${spec.src.toString('hex')}:${spec.srcPort}`;
    const b = `${spec.dst.toString('hex')}:${spec.dstPort}`;
    return reverse ? `${b}>${a}` : `${a}>${b}`;
  }

  /** Takes `length` units (bytes for TCP, 1 for an SCTP chunk) of this direction and returns the first. */
  take(spec: Pick<FrameSpec, 'src' | 'dst' | 'srcPort' | 'dstPort'>, length: number): number {
    const key = FlowState.key(spec, false);
    const first = this.next.get(key) ?? INITIAL_SEQ;
    this.next.set(key, (first + length) >>> 0);
    return first;
  }

  /** What the reverse direction sent so far: the acknowledgement number. */
  acknowledged(spec: Pick<FrameSpec, 'src' | 'dst' | 'srcPort' | 'dstPort'>): number {
    return this.next.get(FlowState.key(spec, true)) ?? INITIAL_SEQ;
  }
}

function transportOf(protocol: number): FrameSpec['protocol'] {
  if (protocol === IP_PROTO.tcp) return IP_PROTO.tcp;
  if (protocol === IP_PROTO.sctp) return IP_PROTO.sctp;
  // UDP, and anything a HEP agent labels otherwise (e.g. Kamailio's 22 for TLS/WebSocket).
  return IP_PROTO.udp;
}

/**
 * A libpcap file of the SIP rows, in time order with their stored microsecond timestamps: each
 * message rebuilt as an Ethernet/IPv4-or-IPv6 frame with UDP, TCP (running sequence numbers,
 * ACK|PSH) or SCTP (one DATA chunk) as its protocol_header says. A TCP message larger than one IP
 * packet is split over several segments; a UDP or SCTP one cannot be and is refused with
 * PcapWriteError naming the row. Addresses that are not IPs (mangled headers) are written as
 * 0.0.0.0 so the message is still there.
 */
export function exportPcap(rows: readonly DataRow[]): PcapExport {
  const flows = new FlowState();
  const records: PcapRecord[] = [];
  let ipId = 0;
  let messages = 0;
  let skipped = 0;
  for (const row of inTimeOrder(rows)) {
    if (!isSipRow(row)) {
      skipped++;
      continue;
    }
    const ends = rowEndpoints(row);
    const { src, dst } = addressPair(ends);
    const family = src.length === 16 ? 6 : 4;
    const protocol = transportOf(ends.protocol);
    const payload = Buffer.from(row.raw, 'utf8');
    const limit = maxPayload(family, protocol);
    const base = { src, dst, srcPort: ends.srcPort, dstPort: ends.dstPort, protocol };
    if (payload.length > limit && protocol !== IP_PROTO.tcp) {
      throw new PcapWriteError(
        'payload_too_large',
        `message id ${row.id} (${row.table}) is ${payload.length} bytes; one ${protocol === IP_PROTO.sctp ? 'SCTP' : 'UDP'} packet over IPv${family} holds at most ${limit}`,
      );
    }
    for (let offset = 0; offset === 0 || offset < payload.length; offset += limit) {
      const chunk = payload.subarray(offset, offset + limit);
      const spec: FrameSpec = { ...base, payload: chunk, ipId: ipId++ & 0xffff };
      const frame =
        protocol === IP_PROTO.tcp
          ? buildFrame({
              ...spec,
              tcp: {
                seq: flows.take(spec, chunk.length),
                ack: flows.acknowledged(spec),
                flags: TCP_FLAGS.ack | TCP_FLAGS.psh,
              },
            })
          : protocol === IP_PROTO.sctp
            ? buildFrame({ ...spec, sctp: { tsn: flows.take(spec, 1), streamSeq: messages } })
            : buildFrame(spec);
      records.push({ timeUs: row.createUs, frame });
    }
    messages++;
  }
  return { pcap: writePcap(records), messages, skipped };
}
