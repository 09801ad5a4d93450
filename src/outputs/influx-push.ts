import type { Counter } from 'prom-client';
import { formatPoint, type Point } from './influx-line.js';

export interface InfluxPushOptions {
  /** Full write URL, e.g. `http://127.0.0.1:8086/write?db=homer` (InfluxDB 1.x line protocol). */
  readonly url: string;
  /** Send when this many bytes are buffered. */
  readonly batchBytes: number;
  /** Send at least this often while points are buffered. */
  readonly flushMs: number;
  /** Buffered bytes beyond which new points are dropped (counted). */
  readonly maxBufferBytes: number;
  /** Attempts per batch before it is dropped (counted). */
  readonly attempts: number;
  /** Points by outcome: sent, dropped_buffer_full, dropped_after_retries. */
  readonly points: Counter<'outcome'>;
  readonly onError?: (message: string) => void;
}

/**
 * Pushes points to InfluxDB in line protocol, batched by size and age, retried with backoff. It
 * never blocks capture: `add` only appends to a bounded buffer; one request is in flight at a time.
 */
export class InfluxPush {
  private lines: string[] = [];
  private bytes = 0;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: InfluxPushOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.flushMs);
    this.timer.unref();
  }

  add(points: readonly Point[]): void {
    for (const point of points) {
      const line = formatPoint(point);
      if (line === undefined) continue;
      if (this.bytes + line.length > this.options.maxBufferBytes) {
        this.options.points.inc({ outcome: 'dropped_buffer_full' });
        continue;
      }
      this.lines.push(line);
      this.bytes += line.length + 1;
    }
    if (this.bytes >= this.options.batchBytes) void this.flush();
  }

  /** Sends what is buffered (waits for a send already running first). */
  async flush(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.lines.length === 0) return;
    const lines = this.lines;
    this.lines = [];
    this.bytes = 0;
    this.inFlight = this.send(lines).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async send(lines: string[]): Promise<void> {
    const body = lines.join('\n') + '\n';
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      try {
        const res = await fetch(this.options.url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          signal: AbortSignal.timeout(10_000),
        });
        if (res.ok) {
          this.options.points.inc({ outcome: 'sent' }, lines.length);
          return;
        }
        const text = (await res.text()).slice(0, 200);
        // A 4xx means the points themselves are bad: retrying cannot help.
        if (res.status >= 400 && res.status < 500) {
          this.options.onError?.(`InfluxDB refused a batch (${res.status}): ${text}`);
          break;
        }
        this.options.onError?.(`InfluxDB write failed (${res.status}): ${text}`);
      } catch (err) {
        this.options.onError?.(`InfluxDB unreachable: ${(err as Error).message}`);
      }
      if (this.stopped || attempt === this.options.attempts) break;
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** (attempt - 1))));
    }
    this.options.points.inc({ outcome: 'dropped_after_retries' }, lines.length);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    this.stopped = true;
    await this.flush();
  }
}
