import { type Counter, Gauge, type Registry } from 'prom-client';
import { CounterTally } from './tally.js';

const XRTP = ['cs', 'jir', 'jis', 'plr', 'pls', 'dle', 'mos'] as const;
const VQ = ['nlr', 'jdr', 'iaj', 'moslq', 'moscq'] as const;
const RTPAGENT = ['delta', 'jitter', 'mos', 'packets_lost'] as const;
const HORACLIFIX_RTP = ['mos', 'rval', 'packets', 'lost_packets', 'avg_jitter', 'max_jitter'] as const;
const HORACLIFIX_RTCP = [
  'packets',
  'lost_packets',
  'avg_jitter',
  'max_jitter',
  'avg_lat',
  'max_lat',
] as const;

export type XrtpGauge = (typeof XRTP)[number];
export type VqGauge = (typeof VQ)[number];
export type RtpAgentGauge = (typeof RTPAGENT)[number];
export type HoraclifixRtpGauge = (typeof HORACLIFIX_RTP)[number];
export type HoraclifixRtcpGauge = (typeof HORACLIFIX_RTCP)[number];

type HoraclifixLabels = 'sbc_name' | 'direction' | 'inc_realm' | 'out_realm';

/**
 * heplify-server's quality-report metrics with its names and labels (capture-servers.md §1.9):
 * X-RTP-Stat SIP headers, VQ-RTCPXR (HEP 35), RTP agent (34), Oracle SBC QoS (38) — gauges holding
 * the last report — and `heplify_reason_isup_total`. src/analytics/quality-reports.ts feeds them and
 * bounds every label (see there).
 */
export interface ReportMetrics {
  readonly xrtp: Readonly<Record<XrtpGauge, Gauge<'target_name'>>>;
  readonly vqrtcpxr: Readonly<Record<VqGauge, Gauge<'node_id'>>>;
  readonly rtpagent: Readonly<Record<RtpAgentGauge, Gauge<'node_id'>>>;
  readonly horaclifixRtp: Readonly<Record<HoraclifixRtpGauge, Gauge<HoraclifixLabels>>>;
  readonly horaclifixRtcp: Readonly<Record<HoraclifixRtcpGauge, Gauge<HoraclifixLabels>>>;
  readonly reasonIsup: Counter<'target_name' | 'cause' | 'method'>;
  /** `reasonIsup` as quality-reports.ts counts it, once per message with a Q.850 Reason (tally.ts). */
  readonly tallies: { readonly reasonIsup: CounterTally<'target_name' | 'cause' | 'method'> };
}

function gauges<K extends string, L extends string>(
  registry: Registry,
  prefix: string,
  names: readonly K[],
  labelNames: readonly L[],
  what: string,
): Record<K, Gauge<L>> {
  return Object.fromEntries(
    names.map((name) => [
      name,
      new Gauge({ name: `${prefix}_${name}`, help: `${what}: ${name}`, labelNames, registers: [registry] }),
    ]),
  ) as Record<K, Gauge<L>>;
}

export function createReportMetrics(registry: Registry): ReportMetrics {
  const sbc = ['sbc_name', 'direction', 'inc_realm', 'out_realm'] as const;
  // Registered in exposition order (the registry lists metrics in the order they register).
  const xrtp = gauges(
    registry,
    'heplify_xrtp',
    XRTP,
    ['target_name'],
    'X-RTP-Stat SIP header of the last call',
  );
  const vqrtcpxr = gauges(registry, 'heplify_vqrtcpxr', VQ, ['node_id'], 'VQ-RTCPXR report (HEP 35)');
  const rtpagent = gauges(registry, 'heplify_rtpagent', RTPAGENT, ['node_id'], 'RTP agent report (HEP 34)');
  const horaclifixRtp = gauges(
    registry,
    'horaclifix_rtp',
    HORACLIFIX_RTP,
    sbc,
    'Oracle SBC QoS report RTP (HEP 38)',
  );
  const horaclifixRtcp = gauges(
    registry,
    'horaclifix_rtcp',
    HORACLIFIX_RTCP,
    sbc,
    'Oracle SBC QoS report RTCP (HEP 38)',
  );
  const reasonIsup = new CounterTally({
    name: 'heplify_reason_isup_total',
    help: 'SIP messages with a Q.850 Reason header, by cause and CSeq method',
    labelNames: ['target_name', 'cause', 'method'],
    registers: [registry],
  });
  return {
    xrtp,
    vqrtcpxr,
    rtpagent,
    horaclifixRtp,
    horaclifixRtcp,
    reasonIsup: reasonIsup.metric,
    tallies: { reasonIsup },
  };
}
