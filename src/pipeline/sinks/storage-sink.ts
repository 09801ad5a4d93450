import type { Logger } from '../../telemetry/logger.js';
import type { Metrics } from '../../telemetry/metrics.js';
import { isRetryable } from '../../storage/errors.js';
import type { RowWriter } from '../../storage/types.js';
import type { Batch, RowQueue } from '../row-queue.js';

export interface StorageSinkOptions {
  readonly queue: RowQueue;
  readonly writer: RowWriter;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  /** First retry delay after the database became unreachable; doubles up to `maxBackoffMs`. */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Called whenever queue room frees up (stream sources resume). */
  readonly onDrain?: () => void;
}

/**
 * Moves batches from the row queue to the database: up to `writer.concurrency` batches in flight
 * (one per connection), a batch when a table has `batchSize` rows or its oldest row is
 * `flushIntervalMs` old. The receive path never waits on it. When the database is unreachable the
 * batch goes back to the queue and writing pauses with exponential backoff; nothing is dropped
 * here — the queue bound decides what happens when it fills.
 */
export class StorageSink {
  private readonly options: StorageSinkOptions;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private backoffUntil = 0;
  private backoffMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(options: StorageSinkOptions) {
    this.options = options;
    this.backoffMs = options.minBackoffMs ?? 100;
  }

  start(): void {
    const interval = Math.max(5, Math.min(this.options.flushIntervalMs / 2, 100));
    this.timer = setInterval(() => this.pump(), interval);
    this.timer.unref();
  }

  /** Called after rows were queued: starts a write when a full batch is ready. */
  notify(): void {
    if (
      this.inFlight < this.options.writer.concurrency &&
      this.options.queue.pending >= this.options.batchSize
    ) {
      this.pump();
    }
  }

  /** Starts as many writes as connections allow. */
  pump(force = false): void {
    const { queue, writer, batchSize, flushIntervalMs } = this.options;
    const now = performance.now();
    if (now < this.backoffUntil) return;
    while (this.inFlight < writer.concurrency) {
      const batch = queue.take(batchSize, flushIntervalMs, now, force || this.stopping);
      if (!batch) break;
      this.inFlight++;
      this.options.metrics.batchesInFlight.set(this.inFlight);
      void this.write(batch);
    }
    this.options.metrics.queueRows.set(queue.size);
    this.checkIdle();
  }

  private async write(batch: Batch): Promise<void> {
    const { queue, writer, metrics, logger } = this.options;
    const end = metrics.batchSeconds.startTimer();
    try {
      const outcome = await writer.write(batch.table, batch.rows);
      end({ outcome: 'ok' });
      queue.settle(batch);
      metrics.rowsWritten.inc({ table: batch.table }, outcome.written);
      for (const rejected of outcome.rejected) {
        metrics.rowsRejected.inc({ table: batch.table, reason: rejected.reason });
        metrics.dropped.inc({ reason: `db_rejected_${rejected.reason}` });
      }
      if (outcome.rejected.length > 0) {
        logger.warn(
          { table: batch.table, rejected: outcome.rejected.length, first: outcome.rejected[0]?.message },
          'database rejected rows; the rest of the batch is stored',
        );
      }
      metrics.storageUp.set(1);
      this.backoffMs = this.options.minBackoffMs ?? 100;
    } catch (err) {
      if (isRetryable(err)) {
        end({ outcome: 'retry' });
        queue.requeue(batch, performance.now());
        metrics.storageRetries.inc();
        metrics.storageUp.set(0);
        this.scheduleRetry(err);
      } else {
        end({ outcome: 'failed' });
        queue.settle(batch);
        metrics.dropped.inc({ reason: 'db_write_failed' }, batch.rows.length);
        logger.error(
          { err, table: batch.table, rows: batch.rows.length },
          'batch write failed; rows dropped',
        );
      }
    } finally {
      this.inFlight--;
      metrics.batchesInFlight.set(this.inFlight);
      metrics.queueRows.set(queue.size);
      this.options.onDrain?.();
      if (performance.now() >= this.backoffUntil) this.pump();
      this.checkIdle();
    }
  }

  private scheduleRetry(err: unknown): void {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 5000);
    this.backoffUntil = performance.now() + delay;
    this.options.logger.warn(
      { err: (err as Error).message, retryInMs: delay },
      'database unreachable; will retry',
    );
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.backoffUntil = 0;
      this.pump();
    }, delay);
    this.retryTimer.unref();
  }

  private checkIdle(): void {
    if (this.inFlight === 0 && this.options.queue.size === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /**
   * Writes everything still queued and resolves when the queue is empty, or when `timeoutMs`
   * passes (rows still queued then are counted as dropped with reason `shutdown`).
   */
  async drain(timeoutMs: number): Promise<void> {
    this.stopping = true;
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.pump(true);
    this.checkIdle();
    const timedOut = await Promise.race([
      idle.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), timeoutMs).unref()),
    ]);
    if (timedOut) {
      const lost = this.options.queue.size;
      if (lost > 0) {
        this.options.metrics.dropped.inc({ reason: 'shutdown' }, lost);
        this.options.logger.error({ rows: lost }, 'shutdown timed out; rows still queued were not stored');
      }
    }
    this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }
}
