import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cpuPercent, processTicks, TickTracker } from './proc-stats.js';

export interface CeilingRun {
  readonly method: string;
  readonly rowsFrom: 'mix' | 'invite';
  readonly rowsPerSec: number;
  /** The script's own JSON, kept whole in the results file. */
  readonly report: Record<string, unknown>;
  /** Over the script's whole life (row building and warm-up included); the script reports its timed part. */
  readonly postgresPct: number;
  readonly clientPct: number;
}

export interface CeilingOptions {
  readonly repoRoot: string;
  readonly url: string;
  readonly rows: number;
  /** When > 0, insert for this long, cycling through the rows (store-ceiling `--seconds`). */
  readonly seconds?: number;
  readonly conns: number;
  readonly method: string;
  readonly rowsFrom: 'mix' | 'invite';
  readonly pgUid?: number;
  /** The database the script writes to: only its backends count (see uidTicks). */
  readonly database?: string;
}

export function ceilingScript(repoRoot: string): string | undefined {
  const path = join(repoRoot, 'bench/store-ceiling.ts');
  return existsSync(path) ? path : undefined;
}

/**
 * The store's ceiling: bench/store-ceiling.ts (the storage engineer's plain-insert benchmark of
 * pre-built rows into the same schema) run as its own process against the same database, with the
 * capture server stopped so it has the machine to itself.
 */
export async function runCeiling(options: CeilingOptions): Promise<CeilingRun> {
  const script = ceilingScript(options.repoRoot);
  if (!script) throw new Error('bench/store-ceiling.ts does not exist yet');
  // `node --import tsx` rather than the tsx CLI, which would run the script in a grandchild process
  // and hide its CPU from us.
  const args = [
    '--import',
    'tsx',
    script,
    '--url',
    options.url,
    '--rows',
    String(options.rows),
    '--conns',
    String(options.conns),
    '--method',
    options.method,
    '--seconds',
    String(options.seconds ?? 0),
    '--rows-from',
    options.rowsFrom,
  ];
  const pg = options.pgUid === undefined ? undefined : new TickTracker(options.pgUid, options.database);
  pg?.sample();
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: options.repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let clientTicks = 0;
  // Polled because the ticks are gone once the process has exited.
  const poll = setInterval(() => {
    clientTicks = Math.max(clientTicks, processTicks(child.pid ?? -1) ?? 0);
    pg?.sample();
  }, 250);
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  clearInterval(poll);
  const seconds = (performance.now() - t0) / 1000;
  pg?.sample();
  const line = out
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.trim().startsWith('{'));
  if (code !== 0 || line === undefined) {
    throw new Error(`store-ceiling exited with ${code}: ${(err || out).trim().slice(-2000)}`);
  }
  const report = JSON.parse(line) as Record<string, unknown>;
  const rowsPerSec = Number(report['rowsPerSec'] ?? report['rows_per_sec'] ?? NaN);
  return {
    method: options.method,
    rowsFrom: options.rowsFrom,
    rowsPerSec,
    report,
    postgresPct: cpuPercent(pg?.total() ?? 0, seconds),
    clientPct: cpuPercent(clientTicks, seconds),
  };
}
