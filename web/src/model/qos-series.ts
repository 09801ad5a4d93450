/** A row of `call/report/qos` → `rtcp.data` (homer-app shape: merged headers, `raw` JSON text). */
export interface QosRow {
  readonly create_date: number;
  readonly raw: string;
  readonly srcIp?: string;
  readonly dstIp?: string;
  readonly srcPort?: number;
  readonly dstPort?: number;
  readonly mos?: number | string;
}

export interface QosPoint {
  /** Epoch ms. */
  readonly t: number;
  /** Interarrival jitter in ms (RTP timestamp units / 8 for 8 kHz audio). */
  readonly jitterMs?: number;
  /** Fraction lost in percent (RTCP fraction_lost / 256). */
  readonly lossPct?: number;
  readonly packetsLost?: number;
  readonly mos?: number;
}

export interface Stats {
  readonly min: number;
  readonly avg: number;
  readonly max: number;
}

export interface QosStream {
  /** RTCP (HEP 5) or an RTP report (HEP 34 agent JSON, HEP 35 RFC 6035 VQ). */
  readonly source: 'rtcp' | 'rtp';
  /** `ssrc 0x…` when the report has one, else `src → dst`. */
  readonly key: string;
  readonly label: string;
  readonly points: readonly QosPoint[];
  readonly jitterMs?: Stats;
  readonly lossPct?: Stats;
  readonly mos?: Stats;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function stats(values: readonly (number | undefined)[]): Stats | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  if (present.length === 0) return undefined;
  const sum = present.reduce((a, b) => a + b, 0);
  return { min: Math.min(...present), avg: sum / present.length, max: Math.max(...present) };
}

/**
 * RTCP reports grouped into streams (per sender SSRC, else per address pair) as time series of
 * jitter, loss and MOS with min/avg/max — the QoS tab's charts and table. Reports whose JSON does
 * not parse are skipped.
 */
export function qosStreams(rows: readonly QosRow[]): QosStream[] {
  const byKey = new Map<string, { label: string; points: QosPoint[] }>();
  for (const row of [...rows].sort((a, b) => a.create_date - b.create_date)) {
    let report: Record<string, unknown>;
    try {
      report = JSON.parse(row.raw) as Record<string, unknown>;
    } catch {
      continue;
    }
    const ssrc = num(report.ssrc);
    const pair = `${row.srcIp ?? '?'}:${row.srcPort ?? ''} → ${row.dstIp ?? '?'}:${row.dstPort ?? ''}`;
    const key = ssrc !== undefined ? `ssrc 0x${ssrc.toString(16)}` : pair;
    let stream = byKey.get(key);
    if (!stream)
      byKey.set(key, (stream = { label: ssrc !== undefined ? `${key} (${pair})` : pair, points: [] }));
    const block = Array.isArray(report.report_blocks)
      ? (report.report_blocks[0] as Record<string, unknown> | undefined)
      : undefined;
    const jitter = num(block?.ia_jitter);
    const fraction = num(block?.fraction_lost);
    stream.points.push({
      t: row.create_date,
      jitterMs: jitter === undefined ? undefined : jitter / 8,
      lossPct: fraction === undefined ? undefined : (fraction / 256) * 100,
      packetsLost: num(block?.packets_lost),
      mos: num(report.mos) ?? num(row.mos),
    });
  }
  return [...byKey.entries()].map(([key, s]) => ({
    source: 'rtcp' as const,
    key,
    label: s.label,
    points: s.points,
    jitterMs: stats(s.points.map((p) => p.jitterMs)),
    lossPct: stats(s.points.map((p) => p.lossPct)),
    mos: stats(s.points.map((p) => p.mos)),
  }));
}

/** A row of `call/report/qos` → `rtp.data`: data_header keys merged into the row. */
export type RtpReportRow = QosRow & Readonly<Record<string, unknown>>;

function rawJson(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * RTP reports grouped per address pair. The decoder puts the agent's numbers in data_header
 * (src/decoders/qos/decode.ts): `mos`, `jitter` (ms), `packet_loss` (packets) and `expected_pk` for
 * HEP 34; `moslq`, `iaj` (ms), `nlr` (%) for HEP 35 VQ reports. The raw JSON (`MOS`, `JITTER`, …)
 * is the fallback for rows stored without them.
 */
export function rtpReportStreams(rows: readonly RtpReportRow[]): QosStream[] {
  const byKey = new Map<string, QosPoint[]>();
  for (const row of [...rows].sort((a, b) => a.create_date - b.create_date)) {
    const json = rawJson(row.raw);
    const pick = (...values: unknown[]): number | undefined => {
      for (const v of values) {
        const n = num(v);
        if (n !== undefined) return n;
      }
      return undefined;
    };
    const lost = pick(row.packet_loss, json.PACKET_LOSS);
    const expected = pick(row.expected_pk, json.EXPECTED_PK);
    const nlr = pick(row.nlr);
    const point: QosPoint = {
      t: row.create_date,
      jitterMs: pick(row.jitter, json.JITTER, row.iaj),
      lossPct: nlr ?? (lost !== undefined && expected ? (lost / expected) * 100 : undefined),
      packetsLost: lost,
      mos: pick(row.mos, json.MOS, row.moslq),
    };
    if (point.jitterMs === undefined && point.lossPct === undefined && point.mos === undefined) continue;
    const key = `${row.srcIp ?? '?'}:${row.srcPort ?? ''} → ${row.dstIp ?? '?'}:${row.dstPort ?? ''}`;
    const points = byKey.get(key) ?? [];
    points.push(point);
    byKey.set(key, points);
  }
  return [...byKey.entries()].map(([key, points]) => ({
    source: 'rtp' as const,
    key,
    label: key,
    points,
    jitterMs: stats(points.map((p) => p.jitterMs)),
    lossPct: stats(points.map((p) => p.lossPct)),
    mos: stats(points.map((p) => p.mos)),
  }));
}

export type QosMetric = 'jitterMs' | 'lossPct' | 'mos';

/**
 * One metric of several streams on a shared time axis (uPlot's aligned data): epoch seconds, then
 * one array per stream with null where that stream has no report at that time.
 */
export function alignedSeries(
  streams: readonly QosStream[],
  metric: QosMetric,
): [number[], ...(number | null)[][]] {
  const times = [...new Set(streams.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  const ys = streams.map((s) => {
    const y: (number | null)[] = times.map(() => null);
    for (const p of s.points) {
      const v = p[metric];
      const i = at.get(p.t);
      if (v !== undefined && i !== undefined) y[i] = v;
    }
    return y;
  });
  return [times.map((t) => t / 1000), ...ys];
}
