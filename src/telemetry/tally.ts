import { Counter, Gauge, type CounterConfiguration, type GaugeConfiguration } from 'prom-client';

type Labels<L extends string> = Partial<Record<L, string>>;

/**
 * Per-packet metric updates without prom-client on the packet path. prom-client 15 hashes the
 * label object on every `inc`/`set`, even through a cached `labels(...)` child, and a gauge `set`
 * allocates a new entry each time: at capture rates that cost more than some decoders. A tally hands
 * out one cell per distinct label set, to be kept by the caller; the packet path bumps a number in
 * the cell, and the tally pushes the cells into the metric from the metric's `collect`, which
 * prom-client runs whenever the metric is read (`registry.metrics()`, `metric.get()`), so every
 * reader sees exact values. Each metric flushes only its own cells, in its own `collect`.
 *
 * A cell's series is created in the metric when the cell is, so series keep the order of their
 * first update as with direct calls. Other code may still `inc` a tallied counter directly; a
 * tallied gauge series must be set only through its cell (a flush would overwrite a direct `set`).
 * Bounded: past `maxCells` label sets a tally hands out cells that write through to the metric
 * (the old per-call cost, and nothing kept).
 */

/** One counter series; `inc` is all a packet costs. */
export interface CounterCell {
  inc(by?: number): void;
}

/** One gauge series; `set` is all a packet costs. */
export interface GaugeCell {
  set(value: number): void;
}

class TalliedCounterCell<L extends string> implements CounterCell {
  /** Increments since the last flush. */
  pending = 0;

  constructor(readonly labels: Labels<L>) {}

  inc(by = 1): void {
    this.pending += by;
  }
}

class DirectCounterCell<L extends string> implements CounterCell {
  constructor(
    private readonly metric: Counter<L>,
    private readonly labels: Labels<L>,
  ) {}

  inc(by = 1): void {
    this.metric.inc(this.labels, by);
  }
}

class TalliedGaugeCell<L extends string> implements GaugeCell {
  value = 0;
  /** Set since the last flush. */
  dirty = false;

  constructor(readonly labels: Labels<L>) {}

  set(value: number): void {
    this.value = value;
    this.dirty = true;
  }
}

class DirectGaugeCell<L extends string> implements GaugeCell {
  constructor(
    private readonly metric: Gauge<L>,
    private readonly labels: Labels<L>,
  ) {}

  set(value: number): void {
    this.metric.set(this.labels, value);
  }
}

/** Default bound of label sets per tally (as the child caches it replaces). */
export const MAX_TALLY_CELLS = 10_000;

/** Identifies a label set whatever the key order of the object. */
function keyOf(labelNames: readonly string[], labels: Readonly<Record<string, string | undefined>>): string {
  let key = '';
  for (const name of labelNames) key += `${labels[name] ?? '\u0001'}\u0000`;
  return key;
}

/** A prom-client Counter fed by cells (see above). `metric` is the Counter itself. */
export class CounterTally<L extends string> {
  readonly metric: Counter<L>;
  private readonly labelNames: readonly L[];
  private readonly cells = new Map<string, TalliedCounterCell<L>>();

  constructor(
    config: Omit<CounterConfiguration<L>, 'collect'>,
    private readonly maxCells = MAX_TALLY_CELLS,
  ) {
    this.labelNames = config.labelNames ?? [];
    this.metric = new Counter<L>({ ...config, collect: () => this.flush() });
  }

  /** The cell of one label set: the same one for the same labels. Keep it; this call hashes. */
  cell(labels: Labels<L>): CounterCell {
    const key = keyOf(this.labelNames, labels);
    let cell = this.cells.get(key);
    if (cell === undefined) {
      if (this.cells.size >= this.maxCells) return new DirectCounterCell(this.metric, labels);
      this.metric.inc(labels, 0);
      cell = new TalliedCounterCell(labels);
      this.cells.set(key, cell);
    }
    return cell;
  }

  /** Pushes what the cells counted into the counter. */
  flush(): void {
    for (const cell of this.cells.values()) {
      if (cell.pending === 0) continue;
      const n = cell.pending;
      cell.pending = 0;
      this.metric.inc(cell.labels, n);
    }
  }
}

/** A prom-client Gauge fed by cells that keep the last value set (see above). */
export class GaugeTally<L extends string> {
  readonly metric: Gauge<L>;
  private readonly labelNames: readonly L[];
  private readonly cells = new Map<string, TalliedGaugeCell<L>>();

  constructor(
    config: Omit<GaugeConfiguration<L>, 'collect'>,
    private readonly maxCells = MAX_TALLY_CELLS,
  ) {
    this.labelNames = config.labelNames ?? [];
    this.metric = new Gauge<L>({ ...config, collect: () => this.flush() });
  }

  /**
   * The cell of one label set: the same one for the same labels. Keep it; this call hashes. The
   * series exists from here on (at 0 until a `set` is flushed): set the cell right away.
   */
  cell(labels: Labels<L>): GaugeCell {
    const key = keyOf(this.labelNames, labels);
    let cell = this.cells.get(key);
    if (cell === undefined) {
      if (this.cells.size >= this.maxCells) return new DirectGaugeCell(this.metric, labels);
      this.metric.set(labels, 0);
      cell = new TalliedGaugeCell(labels);
      this.cells.set(key, cell);
    }
    return cell;
  }

  /** Pushes the last value of every cell set since the last flush into the gauge. */
  flush(): void {
    for (const cell of this.cells.values()) {
      if (!cell.dirty) continue;
      cell.dirty = false;
      this.metric.set(cell.labels, cell.value);
    }
  }
}
