import type { Storage } from '../storage/types.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';

/**
 * Runs storage maintenance now and every `intervalMs`: partitions ahead, retention, mapping
 * reload. Runs never overlap; a failed run is logged and retried at the next tick, never fatal.
 */
export class MaintenanceLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: { storage: Storage; metrics: Metrics; logger: Logger; intervalMs: number },
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.deps.intervalMs);
    this.timer.unref();
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.runOnce().finally(() => {
      this.running = undefined;
    });
  }

  /** Runs maintenance now (after a run in progress), e.g. when mapping_schema changed. */
  async runNow(): Promise<void> {
    await this.running;
    this.tick();
    await this.running;
  }

  async runOnce(): Promise<void> {
    const { storage, metrics, logger } = this.deps;
    try {
      const report = await storage.maintain(Date.now());
      metrics.partitionsCreated.inc(report.partitionsCreated);
      metrics.partitionsDropped.inc(report.partitionsDropped);
      if (report.partitionsCreated > 0 || report.partitionsDropped > 0) {
        logger.info(report, 'partition maintenance');
      }
    } catch (err) {
      logger.error({ err }, 'partition maintenance failed; will retry');
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
