import type { StepMeasurement } from './step.js';

/** A measured step with its verdicts. */
export interface StepResult extends StepMeasurement {
  readonly stored: number;
  readonly storedByTable: Record<string, number>;
  readonly lost: number;
  readonly lossPct: number;
  /** sent == stored: the definition of lossless. */
  readonly lossless: boolean;
  /**
   * Lossless and the server kept pace: at the sender's end at most one second of traffic was still
   * queued. A step can be lossless only because the 200 k-row queue absorbed a backlog that would
   * overflow in a longer run; this flag tells the two apart.
   */
  readonly sustained: boolean;
}

export function judge(m: StepMeasurement, storedByTable: Record<string, number>): StepResult {
  const stored = Object.values(storedByTable).reduce((a, b) => a + b, 0);
  const lost = m.sent - stored;
  const lossless = m.sent > 0 && stored === m.sent;
  return {
    ...m,
    stored,
    storedByTable,
    lost,
    lossPct: m.sent > 0 ? (lost / m.sent) * 100 : 0,
    lossless,
    sustained: lossless && !m.drainTimedOut && m.backlogAtSendEnd <= m.rate,
  };
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function stepTable(steps: readonly StepResult[]): string {
  const head = [
    'offered pps',
    'sent',
    'stored',
    'lost',
    'loss %',
    'kernel drops',
    'server drops',
    'rows/s (send)',
    'backlog',
    'drain s',
    'server CPU %',
    'PG CPU %',
    'sender CPU %',
    'machine CPU %',
    'other CPU %',
    'RSS peak MB',
    'loop lag max ms',
    'GC %',
    'verdict',
  ];
  const rows = [...steps]
    .sort((a, b) => a.rate - b.rate)
    .map((s) => [
      fmt(s.rate),
      fmt(s.sent),
      fmt(s.stored),
      fmt(s.lost),
      fmt(s.lossPct, 2),
      fmt(s.kernelDrops),
      fmt(s.counters.dropped),
      fmt(s.writeRateDuringSend),
      fmt(s.backlogAtSendEnd),
      fmt(s.drainSeconds, 1),
      fmt(s.cpuSend.serverPct),
      fmt(s.cpuSend.postgresPct),
      fmt(s.cpuSend.senderPct),
      fmt(s.cpuSend.machinePct),
      fmt(
        Math.max(0, s.cpuSend.machinePct - s.cpuSend.serverPct - s.cpuSend.postgresPct - s.cpuSend.senderPct),
      ),
      fmt(s.rssPeakMb),
      fmt(s.eventLoopLagMaxMs),
      fmt(s.gcPct),
      s.sustained ? 'lossless' : s.lossless ? 'lossless, backlog' : s.serverAlive ? 'LOSS' : 'SERVER DIED',
    ]);
  return markdownTable(head, rows);
}

export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (i === cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function highest(steps: readonly StepResult[], pick: (s: StepResult) => boolean): number | undefined {
  const rates = steps.filter(pick).map((s) => s.rate);
  return rates.length > 0 ? Math.max(...rates) : undefined;
}

/** Next rate to try between the highest lossless rate and the lowest lossy rate above it. */
export function nextRefinement(steps: readonly StepResult[], resolution = 1000): number | undefined {
  const lo = highest(steps, (s) => s.lossless);
  if (lo === undefined) return undefined;
  const above = steps.filter((s) => !s.lossless && s.rate > lo).map((s) => s.rate);
  if (above.length === 0) return undefined;
  const hi = Math.min(...above);
  if (hi - lo <= resolution) return undefined;
  const mid = Math.round((lo + hi) / 2 / resolution) * resolution;
  return mid > lo && mid < hi ? mid : undefined;
}
