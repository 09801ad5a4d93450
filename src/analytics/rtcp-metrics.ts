import { RTCPXR_KEYS, type QosMetrics } from '../telemetry/qos-metrics.js';
import type { TargetNames } from './targets.js';

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

export interface RtcpObservation {
  /** The stored RTCP JSON (`raw` of a hep_proto_5_default row). */
  readonly json: string;
  /** The row's data_header JSON, where the RTCP decoder puts its E-model `mos`. */
  readonly dataHeader?: string;
  readonly srcIp: string;
  readonly dstIp: string;
  readonly nodeId: string;
}

/**
 * Feeds the RTCP gauges from a report in heplify's JSON shape: `report_blocks[0]` for
 * `heplify_rtcp_*`, `report_blocks_xr` for `heplify_rtcpxr_*`, and `mos` (when present) for the
 * MOS histogram. Reports that are not JSON are ignored here (the row is stored anyway).
 */
export class RtcpMetrics {
  constructor(
    private readonly metrics: QosMetrics,
    private readonly targets: TargetNames,
    private readonly mosFallback?: (fractionLost: number, jitterMs: number) => number,
  ) {}

  private mosFromDataHeader(dataHeader: string | undefined): number | undefined {
    if (!dataHeader || !dataHeader.includes('"mos"')) return undefined;
    try {
      return num((JSON.parse(dataHeader) as { mos?: unknown }).mos);
    } catch {
      return undefined;
    }
  }

  observe(o: RtcpObservation): void {
    let report: Record<string, unknown>;
    try {
      const parsed = JSON.parse(o.json) as unknown;
      if (!parsed || typeof parsed !== 'object') return;
      report = parsed as Record<string, unknown>;
    } catch {
      return;
    }
    const { name, direction } = this.targets.ofFlow(o.srcIp, o.dstIp);
    const labels = { target_name: name, direction, node_id: o.nodeId };
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
    let mos = num(report.mos) ?? this.mosFromDataHeader(o.dataHeader);
    if (mos === undefined && block && this.mosFallback) {
      const lost = num(block.fraction_lost);
      const jitter = num(block.ia_jitter);
      if (lost !== undefined && jitter !== undefined) mos = this.mosFallback(lost / 256, jitter / 8);
    }
    if (mos !== undefined && mos > 0) this.metrics.mos.observe({ target_name: name, source: 'rtcp' }, mos);
  }
}
