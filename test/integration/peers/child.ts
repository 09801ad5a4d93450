import { spawn } from 'node:child_process';

/** Output kept per process: the tail is what explains a failure, and sipp prints large screens. */
const MAX_OUTPUT_CHARS = 64 * 1024;

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * A peer program started by a test: its own process group (Kamailio forks workers, and one signal
 * to the group stops them all), stdout and stderr kept in one buffer for diagnostics, and a
 * guaranteed stop — also when the test process exits without running afterAll.
 */
export class ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly commandLine: string;
  private text = '';
  private status: ExitStatus | undefined;
  private readonly closed: Promise<ExitStatus>;
  private readonly outputListeners = new Set<() => void>();
  private readonly killOnExit = (): void => this.signal('SIGKILL');

  private constructor(name: string, pid: number, commandLine: string, closed: Promise<ExitStatus>) {
    this.name = name;
    this.pid = pid;
    this.commandLine = commandLine;
    this.closed = closed;
  }

  /** Spawns `command`; rejects when it cannot be started at all (e.g. not installed). */
  static async start(
    name: string,
    command: string,
    args: readonly string[],
    cwd: string,
  ): Promise<ManagedProcess> {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const commandLine = [command, ...args].join(' ');
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', (err) =>
        reject(new Error(`cannot start ${name} (${commandLine}): ${err.message}`)),
      );
    });
    const closed = new Promise<ExitStatus>((resolve) => {
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    await spawned;
    if (child.pid === undefined) throw new Error(`cannot start ${name}: no pid`);
    const managed = new ManagedProcess(name, child.pid, commandLine, closed);
    const append = (chunk: Buffer): void => managed.append(chunk.toString('utf8'));
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    process.once('exit', managed.killOnExit);
    void closed.then((status) => {
      managed.status = status;
      process.off('exit', managed.killOnExit);
      managed.notify();
    });
    return managed;
  }

  private append(chunk: string): void {
    this.text += chunk;
    if (this.text.length > MAX_OUTPUT_CHARS) this.text = this.text.slice(-MAX_OUTPUT_CHARS);
    this.notify();
  }

  private notify(): void {
    for (const listener of this.outputListeners) listener();
  }

  /** stdout and stderr interleaved, the last 64 KiB. */
  output(): string {
    return this.text;
  }

  get exitStatus(): ExitStatus | undefined {
    return this.status;
  }

  /** Resolves once the output matches; rejects if the process exits first or the time runs out. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        this.outputListeners.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const check = (): void => {
        if (pattern.test(this.text)) finish();
        else if (this.status)
          finish(new Error(`${this.name} exited (${describeExit(this.status)}) before printing ${pattern}`));
      };
      const timer = setTimeout(
        () => finish(new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.outputListeners.add(check);
      check();
    });
  }

  /** The exit status, or undefined when the process still runs after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<ExitStatus | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM to the whole process group, SIGKILL if it is still there after 3 s. */
  async stop(): Promise<void> {
    if (this.status) return;
    this.signal('SIGTERM');
    if (await this.waitForExit(3000)) return;
    this.signal('SIGKILL');
    await this.waitForExit(2000);
  }

  private signal(signal: NodeJS.Signals): void {
    try {
      // Negative pid: the process group created by `detached: true`, i.e. Kamailio and its workers.
      process.kill(-this.pid, signal);
    } catch {
      // ESRCH: already gone.
    }
  }
}

export function describeExit(status: ExitStatus): string {
  return status.signal ? `signal ${status.signal}` : `exit code ${status.code}`;
}
