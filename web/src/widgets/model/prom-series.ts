/**
 * Prometheus `query_range` replies (one per PromQL query, as `prometheus/value` returns them) →
 * uPlot's aligned data: one shared time axis (seconds) and one value array per series, with null
 * where a series has no sample at that time (a gap, not a zero).
 */

interface PromMatrix {
  readonly status?: string;
  readonly error?: string;
  readonly data?: {
    readonly result?: readonly { metric?: Record<string, string>; values?: [number, string][] }[];
  };
}

export interface ChartSeries {
  readonly label: string;
  readonly values: (number | null)[];
}

export interface ChartData {
  readonly times: number[];
  readonly series: ChartSeries[];
  /** Errors Prometheus reported for single queries (the other queries still draw). */
  readonly errors: string[];
}

/** A series name from its labels: the single label's value, else `{a="1", b="2"}`. */
export function seriesLabel(metric: Record<string, string> | undefined, query: string): string {
  const entries = Object.entries(metric ?? {}).filter(([k]) => k !== '__name__');
  if (entries.length === 0) return metric?.__name__ ?? query;
  if (entries.length === 1) return (entries[0] as [string, string])[1];
  return `{${entries.map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
}

export function chartData(replies: readonly unknown[], queries: readonly string[]): ChartData {
  const raw: { label: string; points: Map<number, number> }[] = [];
  const errors: string[] = [];
  replies.forEach((reply, q) => {
    const r = reply as PromMatrix | null;
    const query = queries[q] ?? `query ${q + 1}`;
    if (r?.status === 'error') {
      errors.push(`${query}: ${r.error ?? 'error'}`);
      return;
    }
    for (const s of r?.data?.result ?? []) {
      const points = new Map<number, number>();
      for (const [t, v] of s.values ?? []) {
        const n = Number(v);
        if (Number.isFinite(n)) points.set(Number(t), n);
      }
      raw.push({ label: seriesLabel(s.metric, query), points });
    }
  });
  const times = [...new Set(raw.flatMap((s) => [...s.points.keys()]))].sort((a, b) => a - b);
  return {
    times,
    series: raw.map((s) => ({ label: s.label, values: times.map((t) => s.points.get(t) ?? null) })),
    errors,
  };
}
