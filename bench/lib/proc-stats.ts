import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';

/**
 * CPU and memory from /proc, the way limits.md measured: utime+stime (fields 14 and 15 of
 * /proc/<pid>/stat) in clock ticks, RSS from /proc/<pid>/status. Reading /proc costs the measured
 * processes nothing.
 */

let ticksPerSecond: number | undefined;

export function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of one process in ticks, or undefined when it is gone. */
export function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after the last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

export interface MemoryKb {
  readonly rssKb: number;
  readonly hwmKb: number;
}

export function processMemory(pid: number): MemoryKb | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number =>
      Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  } catch {
    return undefined;
  }
}

export function uidOf(user: string): number | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${user}:`));
    return line === undefined ? undefined : Number(line.split(':')[2]);
  } catch {
    return undefined;
  }
}

/**
 * Sum of utime+stime over every process owned by `uid` (PostgreSQL: postmaster, backends, WAL
 * writer, checkpointer, ...). A backend that exits between two readings takes its ticks with it,
 * so callers read before and after a window in which the connections stay open.
 */
export function uidTicks(uid: number, database?: string): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (statSync(`/proc/${name}`).uid !== uid) continue;
      if (database !== undefined && !servesDatabase(Number(name), database)) continue;
    } catch {
      continue;
    }
    total += processTicks(Number(name)) ?? 0;
  }
  return total;
}

/**
 * CPU of a changing set of processes (PostgreSQL backends come and go): each sample records every
 * matching pid's ticks, and `total()` sums what each pid used since it was first seen. A pid that
 * exits loses only what it used after the last sample, so sample every few hundred ms.
 */
export class TickTracker {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private started = false;

  constructor(
    private readonly uid: number,
    private readonly database?: string,
  ) {}

  sample(): void {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      try {
        if (statSync(`/proc/${name}`).uid !== this.uid) continue;
        if (this.database !== undefined && !servesDatabase(pid, this.database)) continue;
      } catch {
        continue;
      }
      const ticks = processTicks(pid);
      if (ticks === undefined) continue;
      // A pid first seen after the start began inside the window: all its ticks count.
      if (!this.first.has(pid)) this.first.set(pid, this.started ? 0 : ticks);
      this.last.set(pid, ticks);
    }
    this.started = true;
  }

  total(): number {
    let sum = 0;
    for (const [pid, last] of this.last) sum += last - (this.first.get(pid) ?? 0);
    return sum;
  }
}

/**
 * Other engineers' test suites share this PostgreSQL instance, so with `database` set only the
 * postmaster, its background processes and the backends of that database are counted. A backend's
 * title is "postgres: <cluster>: <user> <database> <client> <state>"; background processes
 * (checkpointer, walwriter, ...) have no user/database. WAL and checkpoint work of the other
 * databases still lands in the shared background processes.
 */
function servesDatabase(pid: number, database: string): boolean {
  const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  const m = /^postgres: [^:]+: (.*)$/.exec(title);
  if (!m) return true;
  const rest = m[1] ?? '';
  if (
    /^(checkpointer|background writer|walwriter|autovacuum launcher|logical replication launcher|archiver|stats collector|startup|walsender|walreceiver)/.test(
      rest,
    )
  ) {
    return true;
  }
  return rest.split(' ').includes(database);
}

/** Whole-machine busy and total jiffies from the first line of /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

/** Percent of one core used over `seconds` for a tick delta. */
export function cpuPercent(deltaTicks: number, seconds: number): number {
  return seconds > 0 ? (deltaTicks / clockTicks() / seconds) * 100 : 0;
}

/**
 * Waits until the whole machine is nearly idle (other engineers' builds and tests share these two
 * cores); returns the busy percentage last seen so the report can flag a noisy step.
 */
export async function waitForQuiet(
  maxPct: number,
  timeoutMs: number,
): Promise<{ busyPct: number; waitedMs: number }> {
  const started = performance.now();
  for (;;) {
    const a = machineTicks();
    await new Promise((r) => setTimeout(r, 2000));
    const b = machineTicks();
    const busyPct = ((b.busy - a.busy) / Math.max(1, b.total - a.total)) * 100 * cpuCount();
    const waitedMs = performance.now() - started;
    if (busyPct <= maxPct || waitedMs >= timeoutMs) return { busyPct, waitedMs };
  }
}

function cpuCount(): number {
  const text = readFileSync('/proc/stat', 'utf8');
  return (text.match(/^cpu\d+ /gm) ?? []).length || 1;
}
