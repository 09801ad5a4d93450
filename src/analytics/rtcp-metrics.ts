import { RTCPXR_KEYS, type QosMetrics } from '../telemetry/qos-metrics.js';
import { LabelCap } from './label-cap.js';
import type { TargetNames } from './targets.js';

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

export interface RtcpObservation {
  /** The report in heplify's JSON shape, as the RTCP decoder read it (`DecodeResult.rtcp`). */
  readonly report: Readonly<Record<string, unknown>>;
  /** The decoder's E-model MOS, used when the report carries none of its own. */
  readonly mos?: number;
  readonly srcIp: string;
  readonly dstIp: string;
  readonly nodeId: string;
}

/**
 * Feeds the RTCP gauges from a report in heplify's JSON shape: `report_blocks[0]` for
 * `heplify_rtcp_*`, `report_blocks_xr` for `heplify_rtcpxr_*`, and `mos` (when present) for the
 * MOS histogram. Malformed reports have no summary and are not observed (their row is stored).
 */
export class RtcpMetrics {
  /** node_id comes from the wire: at most 256 values (then "other"), as the other QoS gauges. */
  private readonly nodeIds = new LabelCap(256);

  constructor(
    private readonly metrics: QosMetrics,
    private readonly targets: TargetNames,
  ) {}

  observe(o: RtcpObservation): void {
    const report = o.report;
    const { name, direction } = this.targets.ofFlow(o.srcIp, o.dstIp);
    const labels = { target_name: name, direction, node_id: this.nodeIds.value(o.nodeId) };
    const block = Array.isArray(report.report_blocks)
      ? (report.report_blocks[0] as Record<string, unknown> | undefined)
      : undefined;
    if (block) {
      const set = (gauge: keyof QosMetrics['rtcp'], value: unknown): void => {
        const n = num(value);
        if (n !== undefined) this.metrics.rtcp[gauge].set(labels, n);
      };
      set('fraction_lost', block.fraction_lost);
      set('packets_lost', block.packets_lost);
      set('jitter', block.ia_jitter);
      set('dlsr', block.dlsr);
    }
    const xr = report.report_blocks_xr;
    if (xr && typeof xr === 'object') {
      for (const key of RTCPXR_KEYS) {
        const n = num((xr as Record<string, unknown>)[key]);
        if (n !== undefined) this.metrics.rtcpxr[key].set(labels, n);
      }
    }
    const mos = num(report.mos) ?? o.mos;
    if (mos !== undefined && mos > 0) this.metrics.mos.observe({ target_name: name, source: 'rtcp' }, mos);
  }
}
