import type { QosReportSummary, SipSummary } from '../decoders/types.js';
import type { HoraclifixLeg } from '../decoders/qos/reports.js';
import { vqNumber } from '../decoders/qos/vq-report.js';
import { parseXRtpStat } from '../decoders/qos/xrtp-stat.js';
import type { QosMetrics } from '../telemetry/qos-metrics.js';
import type { ReportMetrics } from '../telemetry/report-metrics.js';
import type { CounterCell } from '../telemetry/tally.js';
import { LabelCap, OVERFLOW_LABEL } from './label-cap.js';
import type { TargetNames } from './targets.js';

/**
 * Label caps (distinct values per label; later new values are counted under `other`):
 * - `target_name`: only configured HOMER_PROM_TARGETS names or "" (TargetNames), no cap needed;
 * - `node_id` of heplify_vqrtcpxr_* / heplify_rtpagent_*: 256 capture nodes;
 * - horaclifix_* `sbc_name` 64, `inc_realm` and `out_realm` 256 each, `direction` inc/out;
 * - heplify_reason_isup_total `cause`: Q.850 causes 0–127, anything else `other`; `method`: the
 *   SIP methods of RFC 3261 and its extensions (SIP_METHODS), anything else `other`;
 * - homer_mos `source`: rtcp, xrtp, rtpagent, vqrtcpxr, horaclifix.
 * Values are cut to 64 characters.
 */
export const LABEL_CAPS = Object.freeze({ nodeId: 256, sbcName: 64, realm: 256 });

export const SIP_METHODS: ReadonlySet<string> = new Set([
  'INVITE',
  'ACK',
  'BYE',
  'CANCEL',
  'REGISTER',
  'OPTIONS',
  'PRACK',
  'SUBSCRIBE',
  'NOTIFY',
  'PUBLISH',
  'INFO',
  'REFER',
  'MESSAGE',
  'UPDATE',
]);

export interface ReportObservation {
  readonly srcIp: string;
  readonly dstIp: string;
  readonly nodeId: string;
}

/**
 * Feeds heplify-server's quality-report metrics and the `homer_mos` histogram (with a `source`
 * label) from what the decoders read: the X-RTP-Stat and Reason headers of SIP messages, and the
 * reports of HEP 34, 35 and 38. Everything it needs is already parsed; it only sets gauges.
 */
export class QualityReportMetrics {
  private readonly nodes = new LabelCap(LABEL_CAPS.nodeId);
  private readonly sbcNames = new LabelCap(LABEL_CAPS.sbcName);
  private readonly incRealms = new LabelCap(LABEL_CAPS.realm);
  private readonly outRealms = new LabelCap(LABEL_CAPS.realm);
  /** heplify_reason_isup_total cells by target, cause and method. */
  private readonly reasonCells = new Map<string, Map<string, Map<string, CounterCell>>>();

  constructor(
    private readonly metrics: ReportMetrics,
    private readonly qos: QosMetrics,
    private readonly targets: TargetNames,
  ) {}

  /**
   * A SIP message: X-RTP-Stat → heplify_xrtp_*, `Reason: Q.850;cause=N` → heplify_reason_isup_total.
   * Takes any object with the two addresses (the HEP packet itself on the capture path).
   */
  observeSip(sip: SipSummary, o: Pick<ReportObservation, 'srcIp' | 'dstIp'>): void {
    if (sip.xRtpStat === undefined && sip.reason === undefined) return;
    const target = this.targets.nameOf(o.srcIp, o.dstIp);
    if (sip.xRtpStat !== undefined) this.observeXRtpStat(sip.xRtpStat, target);
    // heplify-server counts only Reason values containing "850" (Q.850, ISUP causes).
    if (sip.reason !== undefined && sip.reason.includes('850')) {
      this.reasonCell(
        target,
        q850Cause(sip.reason),
        SIP_METHODS.has(sip.cseqMethod) ? sip.cseqMethod : OVERFLOW_LABEL,
      ).inc();
    }
  }

  /** The heplify_reason_isup_total cell; every label is bounded (targets, 129 causes, 15 methods). */
  private reasonCell(target: string, cause: string, method: string): CounterCell {
    let byCause = this.reasonCells.get(target);
    if (!byCause) this.reasonCells.set(target, (byCause = new Map()));
    let byMethod = byCause.get(cause);
    if (!byMethod) byCause.set(cause, (byMethod = new Map()));
    let cell = byMethod.get(method);
    if (!cell) {
      cell = this.metrics.tallies.reasonIsup.cell({ target_name: target, cause, method });
      byMethod.set(method, cell);
    }
    return cell;
  }

  private observeXRtpStat(header: string, target: string): void {
    const stat = parseXRtpStat(header);
    const labels = { target_name: target };
    const g = this.metrics.xrtp;
    const set = (gauge: keyof typeof g, value: number | undefined): void => {
      if (value !== undefined) g[gauge].set(labels, value);
    };
    // heplify-server: CS in seconds, the rest as sent; MOS from its E-model approximation.
    set('cs', stat.callSetupMs === undefined ? undefined : stat.callSetupMs / 1000);
    set('jir', stat.jitterReceived);
    set('jis', stat.jitterSent);
    set('plr', stat.packetsLostReceived);
    set('pls', stat.packetsLostSent);
    set('dle', stat.delayAvg);
    set('mos', stat.mos);
    // Only a header with packet counts says anything about the media (the estimate of an empty
    // header is a perfect 4.4): the histogram takes only those.
    if (stat.packetsReceived !== undefined || stat.packetsSent !== undefined) {
      this.qos.mos.observe({ target_name: target, source: 'xrtp' }, stat.mos);
    }
  }

  /** A quality report of HEP type 34, 35 or 38 as its decoder read it. */
  observeReport(qos: QosReportSummary, o: ReportObservation): void {
    const target = this.targets.ofFlow(o.srcIp, o.dstIp).name;
    if (qos.kind === 'rtpagent') {
      const labels = { node_id: this.nodes.value(o.nodeId) };
      const r = qos.report;
      const g = this.metrics.rtpagent;
      if (r.delta !== undefined) g.delta.set(labels, r.delta);
      if (r.jitter !== undefined) g.jitter.set(labels, r.jitter);
      if (r.mos !== undefined) g.mos.set(labels, r.mos);
      if (r.packetLoss !== undefined) g.packets_lost.set(labels, r.packetLoss);
      this.observeMos(r.mos, target, 'rtpagent');
    } else if (qos.kind === 'vq') {
      const labels = { node_id: this.nodes.value(o.nodeId) };
      const g = this.metrics.vqrtcpxr;
      for (const [gauge, key] of VQ_KEYS) {
        const value = vqNumber(qos.report, key);
        if (value !== undefined) g[gauge].set(labels, value);
      }
      this.observeMos(vqNumber(qos.report, 'MOSLQ') ?? vqNumber(qos.report, 'MOSCQ'), target, 'vqrtcpxr');
    } else {
      const r = qos.report;
      const base = {
        sbc_name: this.sbcNames.value(r.sbcName),
        inc_realm: this.incRealms.value(r.incRealm),
        out_realm: this.outRealms.value(r.outRealm),
      };
      this.observeLeg(r.inc, { ...base, direction: 'inc' });
      this.observeLeg(r.out, { ...base, direction: 'out' });
      this.observeMos(r.inc.mos, target, 'horaclifix');
      this.observeMos(r.out.mos, target, 'horaclifix');
    }
  }

  private observeLeg(
    leg: HoraclifixLeg,
    labels: { sbc_name: string; inc_realm: string; out_realm: string; direction: string },
  ): void {
    const rtp = this.metrics.horaclifixRtp;
    const rtcp = this.metrics.horaclifixRtcp;
    const set = (gauge: { set(l: typeof labels, v: number): void }, value: number | undefined): void => {
      if (value !== undefined) gauge.set(labels, value);
    };
    set(rtp.mos, leg.mos);
    set(rtp.rval, leg.rVal);
    set(rtp.packets, leg.rtpPackets);
    set(rtp.lost_packets, leg.rtpLostPackets);
    set(rtp.avg_jitter, leg.rtpAvgJitter);
    set(rtp.max_jitter, leg.rtpMaxJitter);
    set(rtcp.packets, leg.rtcpPackets);
    set(rtcp.lost_packets, leg.rtcpLostPackets);
    set(rtcp.avg_jitter, leg.rtcpAvgJitter);
    set(rtcp.max_jitter, leg.rtcpMaxJitter);
    set(rtcp.avg_lat, leg.rtcpAvgLatency);
    set(rtcp.max_lat, leg.rtcpMaxLatency);
  }

  private observeMos(mos: number | undefined, target: string, source: string): void {
    if (mos !== undefined && mos > 0 && mos <= 5) this.qos.mos.observe({ target_name: target, source }, mos);
  }
}

const VQ_KEYS = [
  ['nlr', 'NLR'],
  ['jdr', 'JDR'],
  ['iaj', 'IAJ'],
  ['moslq', 'MOSLQ'],
  ['moscq', 'MOSCQ'],
] as const;

/** `Q.850;cause=16;text="Normal call clearing"` → "16"; anything but a cause 0–127 → `other`. */
export function q850Cause(reason: string): string {
  const m = /cause\s*=\s*"?(\d{1,3})\b/i.exec(reason);
  if (m === null) return OVERFLOW_LABEL;
  const cause = Number(m[1]);
  return cause <= 127 ? String(cause) : OVERFLOW_LABEL;
}
