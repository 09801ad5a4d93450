import type { CaptureRow } from './row.js';
import { tableOf } from './row.js';

interface TableBuffer {
  readonly table: string;
  rows: CaptureRow[];
  /** When the oldest row in `rows` arrived (ms, monotonic clock). */
  since: number;
}

export interface Batch {
  readonly table: string;
  readonly rows: CaptureRow[];
}

/**
 * The bounded queue between decode and the database, grouped by table so each batch goes to one
 * table. `size` counts rows buffered plus rows handed out and not yet settled, so the bound caps
 * memory even while batches are in flight. Full policy: `push` refuses the row and returns false;
 * the caller decides (UDP drops and counts, TCP/TLS pause their sockets).
 */
export class RowQueue {
  readonly capacity: number;
  private readonly buffers = new Map<string, TableBuffer>();
  private buffered = 0;
  private inFlight = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.buffered + this.inFlight;
  }

  get isFull(): boolean {
    return this.size >= this.capacity;
  }

  /** Adds a row; false when the queue is full (the row was not taken). */
  push(row: CaptureRow, now: number): boolean {
    if (this.size >= this.capacity) return false;
    const table = tableOf(row);
    let buffer = this.buffers.get(table);
    if (!buffer) {
      buffer = { table, rows: [], since: now };
      this.buffers.set(table, buffer);
    }
    if (buffer.rows.length === 0) buffer.since = now;
    buffer.rows.push(row);
    this.buffered++;
    return true;
  }

  /**
   * Takes the next batch worth writing: a table with at least `batchSize` rows, or — when `force`
   * or its oldest row is older than `maxAgeMs` — whatever a table holds. Oldest buffers go first.
   */
  take(batchSize: number, maxAgeMs: number, now: number, force = false): Batch | undefined {
    let chosen: TableBuffer | undefined;
    for (const buffer of this.buffers.values()) {
      if (buffer.rows.length === 0) continue;
      const ready = force || buffer.rows.length >= batchSize || now - buffer.since >= maxAgeMs;
      if (ready && (!chosen || buffer.since < chosen.since)) chosen = buffer;
    }
    if (!chosen) return undefined;
    const rows = chosen.rows.length <= batchSize ? chosen.rows : chosen.rows.slice(0, batchSize);
    chosen.rows = chosen.rows.length <= batchSize ? [] : chosen.rows.slice(batchSize);
    if (chosen.rows.length > 0) chosen.since = now;
    this.buffered -= rows.length;
    this.inFlight += rows.length;
    return { table: chosen.table, rows };
  }

  /** A batch handed out by `take` was written (or rejected for good). */
  settle(batch: Batch): void {
    this.inFlight -= batch.rows.length;
  }

  /** A batch could not be written now: its rows go back to the front of their table. */
  requeue(batch: Batch, now: number): void {
    this.inFlight -= batch.rows.length;
    const buffer = this.buffers.get(batch.table);
    if (!buffer) {
      this.buffers.set(batch.table, { table: batch.table, rows: batch.rows, since: now });
    } else {
      buffer.rows = batch.rows.concat(buffer.rows);
      buffer.since = Math.min(buffer.since, now);
    }
    this.buffered += batch.rows.length;
  }

  /** Rows waiting in buffers (not in flight). */
  get pending(): number {
    return this.buffered;
  }
}
