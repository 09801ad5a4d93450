import { hostPort } from '../data/flatten.js';
import type { DataRow } from '../data/rows.js';
import { inTimeOrder, rowEndpoints } from './row-endpoints.js';

const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 6: 'TCP', 17: 'UDP', 132: 'SCTP' };

/** RFC 3339 UTC with microseconds: the stored precision, unambiguous whatever the reader's zone. */
export function isoMicros(timeUs: number): string {
  const ms = Math.floor(timeUs / 1000);
  const micros = String(Math.trunc(timeUs) % 1_000_000).padStart(6, '0');
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${micros}Z`);
}

/**
 * homer-app's text export: per message `proto:<P> <date>  src:port ---> dst:port`, a blank line,
 * the raw message and CRLF, in time order. Unlike homer-app (always "UDP") the protocol is the
 * stored one, and every row is included (RTCP reports and logs are readable text here).
 */
export function exportText(rows: readonly DataRow[]): string {
  let out = '';
  for (const row of inTimeOrder(rows)) {
    const ends = rowEndpoints(row);
    const proto = PROTOCOL_NAMES[ends.protocol] ?? 'UDP';
    out +=
      `proto:${proto} ${isoMicros(row.createUs)}  ${hostPort(ends.srcIp, ends.srcPort)} ---> ` +
      `${hostPort(ends.dstIp, ends.dstPort)}\r\n\r\n${row.raw}\r\n`;
  }
  return out;
}
