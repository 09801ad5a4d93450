import type { HepPacket } from '../../hep/types.js';
import { isObject, looksLikeJson, numberAt, parseJsonObject, type JsonObject } from '../json-payload.js';
import { nonSipRow } from '../non-sip-row.js';
import { payloadText } from '../text.js';
import type { DecodeContext, DecodeResult } from '../types.js';
import { mosOf } from './mos.js';
import { parseRtcp, RTCP_PARSE_ERRORS, type RtcpReport } from './parse.js';

/** parseError reasons of the RTCP decoder (metric labels). */
export const RTCP_DECODE_ERRORS = { ...RTCP_PARSE_ERRORS, badJson: 'rtcp_bad_json' } as const;

/**
 * HEP type 5 → `hep_proto_5_default` (capture-servers.md §1.4, §2).
 *
 * - JSON (rtpengine, heplify, Asterisk): stored as sent; the MOS of its first report block goes
 *   into data_header (`mos`) so it can be searched without rewriting the agent's JSON.
 * - Binary RTCP (an agent that forwards the packet itself): decoded into the same JSON
 *   (parse.ts) plus `mos`, which is also copied to data_header.
 * - Anything else is stored too: text as received, binary as lowercase hex (PostgreSQL text cannot
 *   hold arbitrary bytes), with `parse_error` (and `raw_encoding: "hex"`) in data_header and the
 *   reason in `parseError` for `homer_parse_errors_total{reason}`. A compound whose first
 *   sub-packets decode but a later one does not is stored as the decoded JSON plus `parse_error`
 *   and `undecoded_hex` (the bytes from the bad sub-packet on), and counted the same way.
 *
 * data_header keeps heplify-server's `{"node","proto":"rtcp"}` first. `sid` is the correlation id.
 */
export function decodeRtcp(packet: HepPacket, ctx: DecodeContext): DecodeResult {
  const payload = packet.payload;
  if (payload.length === 0) return malformed(packet, ctx, '', RTCP_DECODE_ERRORS.empty, false);
  if (looksLikeJson(payload.toString('latin1', 0, Math.min(payload.length, 64)))) {
    const text = payloadText(payload);
    const json = parseJsonObject(text);
    if (json === undefined) return malformed(packet, ctx, text, RTCP_DECODE_ERRORS.badJson, false);
    const mos = mosOfJson(json);
    return { row: nonSipRow(packet, ctx, { raw: text, extra: { mos } }), rtcp: { report: json, mos } };
  }
  const parsed = parseRtcp(payload);
  if (parsed.report === undefined) {
    return malformed(packet, ctx, payload.toString('hex'), parsed.error, true);
  }
  const mos = mosOfReport(parsed.report);
  const rtcp = { report: parsed.report as unknown as Readonly<Record<string, unknown>>, mos };
  if (parsed.error === undefined) {
    return { row: nonSipRow(packet, ctx, { raw: rtcpReportJson(parsed.report, mos), extra: { mos } }), rtcp };
  }
  // Good sub-packets then a bad one: keep what decoded, and the rest as hex inside the JSON.
  const raw = rtcpReportJson(parsed.report, mos, {
    parse_error: parsed.error,
    undecoded_hex: payload.subarray(parsed.undecodedFrom).toString('hex'),
  });
  return {
    row: nonSipRow(packet, ctx, { raw, extra: { mos, parse_error: parsed.error } }),
    parseError: parsed.error,
    rtcp,
  };
}

function malformed(
  packet: HepPacket,
  ctx: DecodeContext,
  raw: string,
  reason: string,
  hex: boolean,
): DecodeResult {
  const extra = hex ? { parse_error: reason, raw_encoding: 'hex' } : { parse_error: reason };
  return { row: nonSipRow(packet, ctx, { raw, extra }), parseError: reason };
}

/**
 * The MOS of a report: from its first report block (the block heplify-server's metrics read), with
 * the XR round-trip delay when present; from the XR loss rate alone when there is no block.
 */
export function mosOfReport(report: RtcpReport): number | undefined {
  const rtt = report.voip_metrics?.round_trip_delay;
  const block = report.report_blocks[0];
  if (block !== undefined) {
    return mosOf({ fractionLost: block.fraction_lost, jitter: block.ia_jitter, roundTripMs: rtt });
  }
  if (report.voip_metrics !== undefined) {
    return mosOf({ fractionLost: report.voip_metrics.loss_rate, jitter: 0, roundTripMs: rtt });
  }
  return undefined;
}

/** The same for an agent's JSON (`report_blocks[0]`, `report_blocks_xr.round_trip_delay`). */
export function mosOfJson(json: JsonObject): number | undefined {
  const blocks = json.report_blocks;
  const first: unknown = Array.isArray(blocks) ? blocks[0] : undefined;
  if (!isObject(first)) return undefined;
  const fractionLost = numberAt(first, 'fraction_lost');
  const jitter = numberAt(first, 'ia_jitter');
  if (fractionLost === undefined || jitter === undefined) return undefined;
  const xr = json.report_blocks_xr;
  const rtt = isObject(xr) ? numberAt(xr, 'round_trip_delay') : undefined;
  return mosOf({ fractionLost, jitter, roundTripMs: rtt });
}

/** The report as JSON text, keys in heplify's order, then ours (parse.ts), then `mos`. */
export function rtcpReportJson(
  report: RtcpReport,
  mos: number | undefined,
  trailer: Readonly<Record<string, string>> = {},
): string {
  const out: Record<string, unknown> = {
    sender_information: report.sender_information,
    ssrc: report.ssrc,
    type: report.type,
    report_count: report.report_count,
    report_blocks: report.report_blocks,
    report_blocks_xr: report.report_blocks_xr,
    sdes_ssrc: report.sdes_ssrc,
  };
  if (report.sdes_information !== undefined) {
    out.sdes_chunk_ssrc = report.sdes_chunk_ssrc;
    out.sdes_report_count = report.sdes_report_count;
    out.sdes_information = report.sdes_information;
  }
  if (report.bye !== undefined) out.bye = report.bye;
  if (report.app !== undefined) out.app = report.app;
  if (report.voip_metrics !== undefined) out.voip_metrics = report.voip_metrics;
  out.packet_types = report.packet_types;
  if (mos !== undefined) out.mos = mos;
  return JSON.stringify({ ...out, ...trailer });
}
