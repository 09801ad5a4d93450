import type { CaptureRow } from './row.js';
import { tableOf } from './row.js';

interface TableBuffer {
  readonly table: string;
  /**
   * Rows in arrival order, in chunks of at most `chunkRows`, so taking a batch hands over a chunk
   * instead of copying the rest of a long backlog (which made each take O(backlog)).
   */
  chunks: CaptureRow[][];
  count: number;
  /** When the oldest row in `chunks` arrived (ms, monotonic clock). */
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
  private readonly chunkRows: number;
  private readonly buffers = new Map<string, TableBuffer>();
  private buffered = 0;
  private inFlight = 0;

  /** `chunkRows` should be the batch size: full batches are then handed over without copying. */
  constructor(capacity: number, chunkRows = 1000) {
    this.capacity = capacity;
    this.chunkRows = Math.max(1, chunkRows);
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
      buffer = { table, chunks: [], count: 0, since: now };
      this.buffers.set(table, buffer);
    }
    if (buffer.count === 0) buffer.since = now;
    const last = buffer.chunks[buffer.chunks.length - 1];
    if (last && last.length < this.chunkRows) last.push(row);
    else buffer.chunks.push([row]);
    buffer.count++;
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
      if (buffer.count === 0) continue;
      const ready = force || buffer.count >= batchSize || now - buffer.since >= maxAgeMs;
      if (ready && (!chosen || buffer.since < chosen.since)) chosen = buffer;
    }
    if (!chosen) return undefined;
    const rows = takeRows(chosen, batchSize);
    chosen.count -= rows.length;
    if (chosen.count > 0) chosen.since = now;
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
    let buffer = this.buffers.get(batch.table);
    if (!buffer) {
      buffer = { table: batch.table, chunks: [], count: 0, since: now };
      this.buffers.set(batch.table, buffer);
    }
    buffer.chunks.unshift(batch.rows);
    buffer.count += batch.rows.length;
    buffer.since = Math.min(buffer.since, now);
    this.buffered += batch.rows.length;
  }

  /** Rows waiting in buffers (not in flight). */
  get pending(): number {
    return this.buffered;
  }
}

/** Removes up to `max` rows from the front of a buffer; a whole chunk when it fits exactly. */
function takeRows(buffer: TableBuffer, max: number): CaptureRow[] {
  const first = buffer.chunks[0] as CaptureRow[];
  if (first.length === max || (first.length < max && buffer.chunks.length === 1)) {
    buffer.chunks.shift();
    return first;
  }
  const rows: CaptureRow[] = [];
  while (rows.length < max && buffer.chunks.length > 0) {
    const chunk = buffer.chunks[0] as CaptureRow[];
    const wanted = max - rows.length;
    if (chunk.length <= wanted) {
      for (const row of chunk) rows.push(row);
      buffer.chunks.shift();
    } else {
      for (let i = 0; i < wanted; i++) rows.push(chunk[i] as CaptureRow);
      buffer.chunks[0] = chunk.slice(wanted);
    }
  }
  return rows;
}
