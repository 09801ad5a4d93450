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
export function uidTicks(uid: number): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (statSync(`/proc/${name}`).uid !== uid) continue;
    } catch {
      continue;
    }
    total += processTicks(Number(name)) ?? 0;
  }
  return total;
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
