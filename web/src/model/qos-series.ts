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
    key,
    label: s.label,
    points: s.points,
    jitterMs: stats(s.points.map((p) => p.jitterMs)),
    lossPct: stats(s.points.map((p) => p.lossPct)),
    mos: stats(s.points.map((p) => p.mos)),
  }));
}
