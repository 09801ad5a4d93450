import type { RtcpSummary } from '../decoders/types.js';
import { RTCPXR_KEYS, type QosMetrics, type RtcpGauge, type RtcpXrGauge } from '../telemetry/qos-metrics.js';
import type { GaugeCell } from '../telemetry/tally.js';
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

/** The RTCP gauge cells of one label set, made when a gauge is first set (its series appears then). */
interface RtcpCells {
  readonly labels: { readonly target_name: string; readonly direction: string; readonly node_id: string };
  readonly rtcp: Partial<Record<RtcpGauge, GaugeCell>>;
  readonly rtcpxr: Partial<Record<RtcpXrGauge, GaugeCell>>;
}

/**
 * Feeds the RTCP gauges from a report in heplify's JSON shape: `report_blocks[0]` for
 * `heplify_rtcp_*`, `report_blocks_xr` for `heplify_rtcpxr_*`, and `mos` (when present) for the
 * MOS histogram. Malformed reports have no summary and are not observed (their row is stored).
 * Every RTCP packet is a report, so the gauges go through cells (telemetry/tally.ts).
 */
export class RtcpMetrics {
  /** node_id comes from the wire: at most 256 values (then "other"), as the other QoS gauges. */
  private readonly nodeIds = new LabelCap(256);
  /** By target name, direction and node id: bounded by the targets, 3 and 257. */
  private readonly cells = new Map<string, Map<string, Map<string, RtcpCells>>>();

  constructor(
    private readonly metrics: QosMetrics,
    private readonly targets: TargetNames,
  ) {}

  observe(o: RtcpObservation): void {
    this.observeReport(o, o.srcIp, o.dstIp, o.nodeId);
  }

  /** `observe` without the observation object, for the per-packet path. */
  observeReport(rtcp: RtcpSummary, srcIp: string, dstIp: string, nodeId: string): void {
    const report = rtcp.report;
    const { name, direction } = this.targets.ofFlow(srcIp, dstIp);
    const cells = this.cellsOf(name, direction, this.nodeIds.value(nodeId));
    const block = Array.isArray(report.report_blocks)
      ? (report.report_blocks[0] as Record<string, unknown> | undefined)
      : undefined;
    if (block) {
      this.set(cells, 'fraction_lost', block.fraction_lost);
      this.set(cells, 'packets_lost', block.packets_lost);
      this.set(cells, 'jitter', block.ia_jitter);
      this.set(cells, 'dlsr', block.dlsr);
    }
    const xr = report.report_blocks_xr;
    if (xr && typeof xr === 'object') {
      for (const key of RTCPXR_KEYS) {
        const n = num((xr as Record<string, unknown>)[key]);
        if (n !== undefined) {
          (cells.rtcpxr[key] ??= this.metrics.tallies.rtcpxr[key].cell(cells.labels)).set(n);
        }
      }
    }
    const mos = num(report.mos) ?? rtcp.mos;
    if (mos !== undefined && mos > 0) this.metrics.mos.observe({ target_name: name, source: 'rtcp' }, mos);
  }

  private set(cells: RtcpCells, gauge: RtcpGauge, value: unknown): void {
    const n = num(value);
    if (n !== undefined) (cells.rtcp[gauge] ??= this.metrics.tallies.rtcp[gauge].cell(cells.labels)).set(n);
  }

  private cellsOf(name: string, direction: string, nodeId: string): RtcpCells {
    let byDirection = this.cells.get(name);
    if (!byDirection) this.cells.set(name, (byDirection = new Map()));
    let byNode = byDirection.get(direction);
    if (!byNode) byDirection.set(direction, (byNode = new Map()));
    let cells = byNode.get(nodeId);
    if (!cells) {
      cells = { labels: { target_name: name, direction, node_id: nodeId }, rtcp: {}, rtcpxr: {} };
      byNode.set(nodeId, cells);
    }
    return cells;
  }
}
