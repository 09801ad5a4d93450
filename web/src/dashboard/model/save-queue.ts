/**
 * Debounced saving of a dashboard: edits in quick succession (a drag fires many layout changes)
 * become one save of the latest value after `delayMs` of quiet, never two saves at once, and a
 * failure is reported and kept for a retry rather than lost.
 */

export type SaveStatus =
  | { readonly state: 'saved' }
  | { readonly state: 'pending' }
  | { readonly state: 'saving' }
  | { readonly state: 'failed'; readonly message: string };

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const browserTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class SaveQueue<T> {
  private timer: unknown;
  private next: { value: T } | undefined;
  private failed: { value: T } | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly save: (value: T) => Promise<void>,
    private readonly onStatus: (status: SaveStatus) => void,
    private readonly delayMs = 800,
    private readonly timers: Timers = browserTimers,
  ) {}

  /** Saves `value` after the quiet period, replacing any value not yet saved. */
  schedule(value: T): void {
    this.next = { value };
    this.failed = undefined;
    this.onStatus({ state: 'pending' });
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => void this.flush(), this.delayMs);
  }

  /** Saves the last failed value again. */
  retry(): Promise<void> {
    if (this.failed && !this.next) this.next = this.failed;
    this.failed = undefined;
    return this.flush();
  }

  /** Saves now what is waiting (on leaving the page); resolves when nothing is left to save. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    while (this.running) await this.running;
    const item = this.next;
    if (!item) return;
    this.next = undefined;
    this.onStatus({ state: 'saving' });
    this.running = this.save(item.value).then(
      () => {
        if (!this.next && this.timer === undefined) this.onStatus({ state: 'saved' });
      },
      (err: unknown) => {
        // A newer edit will be saved anyway; only keep this value when it is still the latest.
        if (!this.next) {
          this.failed = item;
          this.onStatus({ state: 'failed', message: err instanceof Error ? err.message : String(err) });
        }
      },
    );
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    if (this.next && this.timer === undefined) await this.flush();
  }

  /** True while an edit is not yet saved (to warn before the page is left). */
  get dirty(): boolean {
    return this.next !== undefined || this.running !== undefined || this.failed !== undefined;
  }
}
