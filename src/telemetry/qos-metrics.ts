import { type Gauge, Histogram, type Registry } from 'prom-client';
import { GaugeTally } from './tally.js';

const RTCP = ['fraction_lost', 'packets_lost', 'jitter', 'dlsr'] as const;
/** The RTCP-XR VoIP-metrics keys of heplify's JSON, each a `heplify_rtcpxr_<key>` gauge. */
export const RTCPXR_KEYS = [
  'fraction_lost',
  'fraction_discard',
  'burst_density',
  'burst_duration',
  'gap_density',
  'gap_duration',
  'round_trip_delay',
  'end_system_delay',
] as const;

export type RtcpGauge = (typeof RTCP)[number];
export type RtcpXrGauge = (typeof RTCPXR_KEYS)[number];

export type QosLabels = 'target_name' | 'direction' | 'node_id';

/**
 * Media quality metrics: heplify-server's `heplify_rtcp_*` and `heplify_rtcpxr_*` gauges (last
 * report per target/direction/node, as heplify-server sets them) and homer-ts's `homer_mos`
 * histogram, which shows the distribution rather than the last value.
 */
export interface QosMetrics {
  readonly rtcp: Readonly<Record<RtcpGauge, Gauge<QosLabels>>>;
  readonly rtcpxr: Readonly<Record<RtcpXrGauge, Gauge<QosLabels>>>;
  readonly mos: Histogram<'target_name' | 'source'>;
  /** The RTCP gauges as src/analytics/rtcp-metrics.ts sets them, once per report packet (tally.ts). */
  readonly tallies: {
    readonly rtcp: Readonly<Record<RtcpGauge, GaugeTally<QosLabels>>>;
    readonly rtcpxr: Readonly<Record<RtcpXrGauge, GaugeTally<QosLabels>>>;
  };
}

export function createQosMetrics(registry: Registry): QosMetrics {
  const registers = [registry];
  const labelNames = ['target_name', 'direction', 'node_id'] as const;
  const gauges = <K extends string>(
    prefix: string,
    names: readonly K[],
    what: string,
  ): Record<K, GaugeTally<QosLabels>> =>
    Object.fromEntries(
      names.map((name) => [
        name,
        new GaugeTally({
          name: `${prefix}_${name}`,
          help: `${what} ${name} of the last report`,
          labelNames,
          registers,
        }),
      ]),
    ) as Record<K, GaugeTally<QosLabels>>;
  const metricsOf = <K extends string>(
    tallies: Record<K, GaugeTally<QosLabels>>,
  ): Record<K, Gauge<QosLabels>> =>
    Object.fromEntries(
      Object.entries<GaugeTally<QosLabels>>(tallies).map(([k, t]) => [k, t.metric]),
    ) as Record<K, Gauge<QosLabels>>;
  const rtcp = gauges('heplify_rtcp', RTCP, 'RTCP report block');
  const rtcpxr = gauges('heplify_rtcpxr', RTCPXR_KEYS, 'RTCP-XR VoIP metrics');
  return {
    rtcp: metricsOf(rtcp),
    rtcpxr: metricsOf(rtcpxr),
    mos: new Histogram({
      name: 'homer_mos',
      help: 'MOS per quality report (E-model from loss and jitter when the report has none), by target and source',
      labelNames: ['target_name', 'source'],
      buckets: [1.5, 2, 2.5, 3, 3.25, 3.5, 3.75, 4, 4.2, 4.4, 4.6],
      registers,
    }),
    tallies: { rtcp, rtcpxr },
  };
}
