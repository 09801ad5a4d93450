import type { DataRow } from '../data/rows.js';
import { fetchMessages, type MessageBody } from './messages.js';
import { buildFrame, IP_PROTO, maxPayload } from '../pcap/frame-builder.js';
import { writePcap, type PcapRecord } from '../pcap/pcap-writer.js';
import { addressPair, rowEndpoints } from '../pcap/row-endpoints.js';
import type { SearchDataDeps } from './search-data.js';
import { decodeWithTshark } from './tshark.js';

/** One UDP frame per message (tshark decodes TCP-carried SIP the same), so frames match rows 1:1. */
function frameOf(row: DataRow): PcapRecord {
  const ends = rowEndpoints(row);
  const payload = Buffer.from(row.raw, 'utf8');
  const { src, dst } = addressPair(ends);
  const room = maxPayload(src.length === 16 ? 6 : 4, IP_PROTO.udp);
  return {
    timeUs: row.createUs,
    frame: buildFrame({
      src,
      dst,
      srcPort: ends.srcPort,
      dstPort: ends.dstPort,
      protocol: IP_PROTO.udp,
      payload: payload.subarray(0, room),
    }),
  };
}

/**
 * `search/call/decode/message`: the selected messages as one pcap through tshark (one run for all
 * of them); each reply element is `{decoded: [<tshark packet>]}`, the array tshark prints for a
 * one-packet capture, as homer-app returned it. Every message goes out as UDP (TCP-carried SIP
 * decodes the same).
 */
export async function decodeCallMessage(
  deps: SearchDataDeps,
  body: MessageBody,
  binary?: string,
): Promise<{ total: number; data: { decoded: unknown[] }[] }> {
  const rows = await fetchMessages(deps, body);
  if (rows.length === 0) return { total: 0, data: [] };
  const packets = await decodeWithTshark(writePcap(rows.map(frameOf)), binary);
  const data = rows.map((_row, i) => ({ decoded: packets[i] === undefined ? [] : [packets[i]] }));
  return { total: data.length, data };
}
