import type { DecodeResult, RtcpSummary } from '../decoders/types.js';
import type { HepPacket } from '../hep/types.js';
import type { Point } from './influx-line.js';

function asNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function rtcpFields(rtcp: RtcpSummary): Record<string, number | undefined> | undefined {
  const blocks = rtcp.report.report_blocks;
  const report = Array.isArray(blocks) ? (blocks[0] as Record<string, unknown> | undefined) : undefined;
  const mos = asNumber(rtcp.report.mos) ?? rtcp.mos;
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
  if (result.rtcp !== undefined) {
    const fields = rtcpFields(result.rtcp);
    if (fields) points.push({ measurement: 'rtcp', tags: { ...tags, sid: row.sid }, fields, timeNs });
  }
  return points;
}
