/**
 * Reads the server's Prometheus /metrics text and sums each metric over its label sets (or keeps
 * them per label set when asked). Only the few pipeline counters the benchmark needs.
 */
export interface ScrapedMetrics {
  readonly total: (name: string) => number;
  /** Values of `name` keyed by the raw label text, e.g. `reason="queue_full"`. */
  readonly byLabels: (name: string) => Record<string, number>;
}

export function parseMetrics(text: string): ScrapedMetrics {
  const samples = new Map<string, Map<string, number>>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const [, name = '', labels = '', value = '0'] = m;
    let series = samples.get(name);
    if (!series) samples.set(name, (series = new Map()));
    series.set(labels, Number(value));
  }
  return {
    total: (name) => {
      let sum = 0;
      for (const v of samples.get(name)?.values() ?? []) sum += v;
      return sum;
    },
    byLabels: (name) => Object.fromEntries(samples.get(name) ?? []),
  };
}

export async function scrapeMetrics(baseUrl: string): Promise<ScrapedMetrics | undefined> {
  try {
    const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return undefined;
    return parseMetrics(await res.text());
  } catch {
    return undefined;
  }
}

/** The pipeline counters one step compares (names from src/telemetry/metrics.ts). */
export interface PipelineCounters {
  readonly received: number;
  readonly rowsWritten: number;
  readonly rowsRejected: number;
  readonly dropped: number;
  readonly droppedByReason: Record<string, number>;
  readonly decodeErrors: number;
  readonly parseErrors: number;
  readonly queueRows: number;
}

export function pipelineCounters(m: ScrapedMetrics): PipelineCounters {
  return {
    received: m.total('homer_received_packets_total'),
    rowsWritten: m.total('homer_rows_written_total'),
    rowsRejected: m.total('homer_rows_rejected_total'),
    dropped: m.total('homer_dropped_total'),
    droppedByReason: m.byLabels('homer_dropped_total'),
    decodeErrors: m.total('homer_decode_errors_total'),
    parseErrors: m.total('homer_parse_errors_total'),
    queueRows: m.total('homer_queue_rows'),
  };
}

export function diffCounters(after: PipelineCounters, before: PipelineCounters): PipelineCounters {
  const reasons: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.droppedByReason)) {
    const d = v - (before.droppedByReason[k] ?? 0);
    if (d !== 0) reasons[k] = d;
  }
  return {
    received: after.received - before.received,
    rowsWritten: after.rowsWritten - before.rowsWritten,
    rowsRejected: after.rowsRejected - before.rowsRejected,
    dropped: after.dropped - before.dropped,
    droppedByReason: reasons,
    decodeErrors: after.decodeErrors - before.decodeErrors,
    parseErrors: after.parseErrors - before.parseErrors,
    queueRows: after.queueRows,
  };
}
