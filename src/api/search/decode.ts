import type { DataRow } from '../data/rows.js';
import { fetchMessages, type MessageBody } from './messages.js';
import { pcapFile, udpFrame } from './pcap-frame.js';
import type { SearchDataDeps } from './search-data.js';
import { decodeWithTshark } from './tshark.js';

function portOf(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : 0;
}

function frameOf(row: DataRow): { timeUs: number; frame: Buffer } {
  const p = row.protocolHeader;
  return {
    timeUs: row.createUs,
    frame: udpFrame({
      srcIp: String(p.srcIp ?? ''),
      dstIp: String(p.dstIp ?? ''),
      srcPort: portOf(p.srcPort),
      dstPort: portOf(p.dstPort),
      timeUs: row.createUs,
      payload: Buffer.from(row.raw, 'utf8'),
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
  const packets = await decodeWithTshark(pcapFile(rows.map(frameOf)), binary);
  const data = rows.map((_row, i) => ({ decoded: packets[i] === undefined ? [] : [packets[i]] }));
  return { total: data.length, data };
}
