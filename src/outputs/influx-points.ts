import type { DecodeResult } from '../decoders/types.js';
import type { HepPacket } from '../hep/types.js';
import type { Point } from './influx-line.js';

function asNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function rtcpFields(raw: string): Record<string, number | undefined> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object') return undefined;
  const report = (json as { report_blocks?: unknown[] }).report_blocks?.[0] as
    Record<string, unknown> | undefined;
  const mos = asNumber((json as { mos?: unknown }).mos);
  if (!report && mos === undefined) return undefined;
  return {
    fraction_lost: asNumber(report?.fraction_lost),
    packets_lost: asNumber(report?.packets_lost),
    jitter: asNumber(report?.ia_jitter),
    dlsr: asNumber(report?.dlsr),
    mos,
  };
}

/**
 * The points one captured packet yields. `hep_<type>` mirrors heplify-server's line-protocol output
 * (tags src/dst ip and port, fields create_date ms, payload_size, sip_method, call_id) without the
 * payload itself; RTCP reports add an `rtcp` point with loss, jitter and MOS.
 */
export function pointsFor(result: DecodeResult, packet: HepPacket, includePayload: boolean): Point[] {
  const row = result.row;
  const timeNs = BigInt(row.timeSeconds) * 1_000_000_000n + BigInt(row.timeUseconds) * 1000n;
  const tags = {
    src_ip: packet.srcIp,
    dst_ip: packet.dstIp,
    src_port: String(packet.srcPort),
    dst_port: String(packet.dstPort),
    node: packet.nodeName ?? String(packet.captureId),
  };
  const points: Point[] = [
    {
      measurement: `hep_${row.hepid}`,
      tags,
      fields: {
        create_date: { int: row.timeSeconds * 1000 + Math.floor(row.timeUseconds / 1000) },
        payload_size: { int: packet.payload.length },
        sip_method: result.sip?.methodOrStatus,
        call_id: result.sip ? row.sid : undefined,
        payload: includePayload ? row.raw : undefined,
      },
      timeNs,
    },
  ];
  if (row.hepid === 5) {
    const fields = rtcpFields(row.raw);
    if (fields) points.push({ measurement: 'rtcp', tags: { ...tags, sid: row.sid }, fields, timeNs });
  }
  return points;
}
