import type { CallOutcome } from './call-kpi.js';

const MINUTE_US = 60_000_000;

interface Bucket {
  minute: number;
  attempts: number;
  answered: number;
  busy: number;
  cancelled: number;
  failed: number;
}

export interface WindowRatios {
  readonly attempts: number;
  /** Answer-seizure ratio: answered / attempts. */
  readonly asr: number;
  /** Network effectiveness ratio: (answered + busy + cancelled) / attempts — the network did its job. */
  readonly ner: number;
}

/**
 * Per-target call counts in one-minute buckets over a sliding window, for ASR and NER gauges that
 * alert rules can use directly. Memory: targets × window minutes buckets.
 */
export class OutcomeWindow {
  private readonly byTarget = new Map<string, Bucket[]>();
  private latestMinute = 0;

  constructor(readonly minutes = 15) {}

  private bucket(target: string, timeUs: number): Bucket {
    const minute = Math.floor(timeUs / MINUTE_US);
    if (minute > this.latestMinute) this.latestMinute = minute;
    let buckets = this.byTarget.get(target);
    if (!buckets) this.byTarget.set(target, (buckets = []));
    // The newest bucket is the one almost every call lands in: looked up from the end, no closure.
    let bucket: Bucket | undefined;
    for (let i = buckets.length - 1; i >= 0 && bucket === undefined; i--) {
      if ((buckets[i] as Bucket).minute === minute) bucket = buckets[i];
    }
    if (!bucket) {
      bucket = { minute, attempts: 0, answered: 0, busy: 0, cancelled: 0, failed: 0 };
      buckets.push(bucket);
      const oldest = this.latestMinute - this.minutes;
      for (let i = buckets.length - 1; i >= 0; i--)
        if ((buckets[i] as Bucket).minute <= oldest) buckets.splice(i, 1);
    }
    return bucket;
  }

  attempt(target: string, timeUs: number): void {
    this.bucket(target, timeUs).attempts++;
  }

  outcome(target: string, outcome: CallOutcome, timeUs: number): void {
    this.bucket(target, timeUs)[outcome]++;
  }

  /** Ratios per target over the last `minutes` minutes (targets without attempts are left out). */
  ratios(): Map<string, WindowRatios> {
    const out = new Map<string, WindowRatios>();
    const oldest = this.latestMinute - this.minutes;
    for (const [target, buckets] of this.byTarget) {
      let attempts = 0;
      let answered = 0;
      let effective = 0;
      for (const b of buckets) {
        if (b.minute <= oldest) continue;
        attempts += b.attempts;
        answered += b.answered;
        effective += b.answered + b.busy + b.cancelled;
      }
      if (attempts > 0) out.set(target, { attempts, asr: answered / attempts, ner: effective / attempts });
    }
    return out;
  }
}
