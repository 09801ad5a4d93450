import type { HepPacket } from '../../hep/types.js';
import { parseJsonObject } from '../json-payload.js';
import { nonSipRow, type HeaderValue } from '../non-sip-row.js';
import { payloadText } from '../text.js';
import type { DecodeContext, DecodeResult } from '../types.js';
import { readHoraclifixReport, readRtpAgentReport } from './reports.js';
import { parseVqReport, vqNumber } from './vq-report.js';

/**
 * heplify-server stores every quality report type (34, 35, 38, ...) in `hep_proto_35_default`
 * (capture-servers.md §2) and homer-app's `call/report/qos` reads RTP reports from there
 * (homer-app.md §1): so do we. protocol_header keeps the real `payloadType`.
 */
export const QOS_REPORT_HEPID = 35;

export const QOS_PARSE_ERRORS = {
  rtpAgentNotJson: 'rtpagent_not_json',
  horaclifixNotJson: 'horaclifix_not_json',
  vqNoReport: 'rtcpxr_no_report',
} as const;

/** HEP type 34: RTP agent JSON; `mos`, `jitter`, ... in data_header. */
export function decodeRtpAgent(packet: HepPacket, ctx: DecodeContext): DecodeResult {
  const raw = payloadText(packet.payload);
  const json = parseJsonObject(raw);
  if (json === undefined) return failed(packet, ctx, raw, QOS_PARSE_ERRORS.rtpAgentNotJson);
  const r = readRtpAgentReport(json);
  const extra: Record<string, HeaderValue> = {
    mos: r.mos,
    jitter: r.jitter,
    packet_loss: r.packetLoss,
    delta: r.delta,
    rfactor: r.rFactor,
    skew: r.skew,
    total_pk: r.totalPackets,
    expected_pk: r.expectedPackets,
  };
  return {
    row: nonSipRow(packet, ctx, { hepid: QOS_REPORT_HEPID, raw, extra, fallbackSid: r.callId }),
    qos: { kind: 'rtpagent', report: r },
  };
}

/** HEP type 35: RFC 6035 VQ report text; NLR/JDR/IAJ/MOSLQ/MOSCQ ... in data_header. */
export function decodeVqReport(packet: HepPacket, ctx: DecodeContext): DecodeResult {
  const raw = payloadText(packet.payload);
  const report = parseVqReport(raw);
  if (report.reportType === '' && Object.keys(report.metrics).length === 0) {
    return failed(packet, ctx, raw, QOS_PARSE_ERRORS.vqNoReport);
  }
  const extra: Record<string, HeaderValue> = {
    report: report.reportType || undefined,
    event: report.event || undefined,
    callid: report.callId,
    nlr: vqNumber(report, 'NLR'),
    jdr: vqNumber(report, 'JDR'),
    bld: vqNumber(report, 'BLD'),
    gld: vqNumber(report, 'GLD'),
    rtd: vqNumber(report, 'RTD'),
    esd: vqNumber(report, 'ESD'),
    iaj: vqNumber(report, 'IAJ'),
    maj: vqNumber(report, 'MAJ'),
    rlq: vqNumber(report, 'RLQ'),
    rcq: vqNumber(report, 'RCQ'),
    moslq: vqNumber(report, 'MOSLQ'),
    moscq: vqNumber(report, 'MOSCQ'),
  };
  return {
    row: nonSipRow(packet, ctx, { hepid: QOS_REPORT_HEPID, raw, extra, fallbackSid: report.callId }),
    qos: { kind: 'vq', report },
  };
}

/** HEP type 38: Oracle/Acme SBC QoS JSON; realms and MOS per direction in data_header. */
export function decodeHoraclifix(packet: HepPacket, ctx: DecodeContext): DecodeResult {
  const raw = payloadText(packet.payload);
  const json = parseJsonObject(raw);
  if (json === undefined) return failed(packet, ctx, raw, QOS_PARSE_ERRORS.horaclifixNotJson);
  const r = readHoraclifixReport(json);
  const extra: Record<string, HeaderValue> = {
    sbc_name: r.sbcName,
    inc_realm: r.incRealm,
    out_realm: r.outRealm,
    inc_mos: r.inc.mos,
    out_mos: r.out.mos,
    inc_rval: r.inc.rVal,
    out_rval: r.out.rVal,
    inc_rtp_pk_loss: r.inc.rtpLostPackets,
    out_rtp_pk_loss: r.out.rtpLostPackets,
    inc_rtp_avg_jitter: r.inc.rtpAvgJitter,
    out_rtp_avg_jitter: r.out.rtpAvgJitter,
  };
  return {
    row: nonSipRow(packet, ctx, { hepid: QOS_REPORT_HEPID, raw, extra, fallbackSid: r.callId }),
    qos: { kind: 'horaclifix', report: r },
  };
}

function failed(packet: HepPacket, ctx: DecodeContext, raw: string, reason: string): DecodeResult {
  return {
    row: nonSipRow(packet, ctx, { hepid: QOS_REPORT_HEPID, raw, extra: { parse_error: reason } }),
    parseError: reason,
  };
}
