/**
 * Insert cost of the per-partition indexes on `hep_proto_1_call`. NOT a test: a measurement that
 * takes the machine for several minutes.
 *
 *   npx tsx bench/index-cost.ts [--rows 200000] [--conns 2] [--runs 3] [--seconds 0] [--keep]
 *                               [--url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * `--seconds N` (> 0) makes every run insert for N s, cycling through the rows: long enough to meet
 * checkpoints and their full-page writes, as a sustained ingest does (16 sets × runs × N s).
 *
 * For each index set it loads the same pre-built SIP INVITE rows with bench/store-ceiling.ts (its
 * row builder and its insert loop: the storage writer's prepared 1000-row INSERT, `--conns`
 * batches in flight, synchronous_commit on, the writer's default), run as a child process through
 * bench/lib/ceiling.ts. Before each run the partitions the rows land in get exactly the set's
 * indexes (same names and expressions as `src/storage/schema/indexes.ts`), then TRUNCATE +
 * CHECKPOINT. Sets measured:
 *   - heplify-server's 13 SIP indexes added one at a time in its order (0 = none, 1 = create_date,
 *     2 = + sid, ..., 13 = heplify's full set): the rate after each, hence each index's marginal cost;
 *   - the lean candidates of bench/lib/index-sets.ts (the seeded fields_mapping's searchable fields).
 * Runs go round-robin (every set once, then again) so a slow drift of the machine spreads over all
 * sets; each figure is the median of `--runs`. A last load with heplify's 13 gives each index's size.
 *
 * The machine is shared: before each run it waits (polls every 20 s, up to 15 min) until no other
 * benchmark (`tsx bench/...`, `node dist/main.js serve`, the C sender) runs, and a run during which
 * one started is repeated. It works in a scratch database `homer_bench_idx_<ts>`, dropped at the end.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { partitionDdl } from '../src/storage/schema/data-tables.js';
import { indexesFor, type IndexSpec } from '../src/storage/schema/indexes.js';
import { createPostgresStorage, type PostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import { runCeiling } from './lib/ceiling.js';
import { HEPLIFY_SIP, LEAN_SIP, LEAN_SIP_WITH_CORRELATION, seededSipSearch } from './lib/index-sets.js';
import { createDatabase, dropDatabase, serverSettings, withDatabase } from './lib/pg-admin.js';
import { uidOf, waitForQuiet } from './lib/proc-stats.js';
import { markdownTable } from './lib/report.js';

const TABLE = 'hep_proto_1_call';
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MINUTE = 60_000;
const POLL_MS = 20_000;
const MAX_WAIT_MS = 15 * MINUTE;
/** Whole-machine CPU (% of one core, over 2 s) below which a run may start. */
const QUIET_PCT = 30;
/** A run that overlapped another benchmark is repeated at most this often. */
const MAX_RETRIES = 2;

/** Other engineers' benchmarks: any tsx-run bench script, the capture server, the C sender. */
const OTHER_BENCH_RE = /\btsx\b.*\bbench\/|dist\/main\.js\s+serve|hep-sender|npm (run|exec) bench/;

interface Options {
  readonly adminUrl: string;
  readonly rows: number;
  readonly conns: number;
  readonly runs: number;
  /** > 0: each run inserts for this long, cycling through the rows (store-ceiling `--seconds`). */
  readonly seconds: number;
  readonly keep: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      rows: { type: 'string', default: '200000' },
      conns: { type: 'string', default: '2' },
      runs: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '0' },
      keep: { type: 'boolean', default: false },
    },
  });
  const positive = (name: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  return {
    adminUrl: values.url,
    rows: positive('rows', values.rows),
    conns: positive('conns', values.conns),
    runs: positive('runs', values.runs),
    seconds: values.seconds === '0' ? 0 : positive('seconds', values.seconds),
    keep: values.keep,
  };
}

function log(message: string): void {
  process.stderr.write(`[index-cost ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Index sets

interface IndexSet {
  readonly id: string;
  readonly label: string;
  readonly specs: readonly IndexSpec[];
}

function indexSets(): IndexSet[] {
  const cumulative = HEPLIFY_SIP.map((ix, i): IndexSet => ({
    id: `cum${i + 1}`,
    label: i === 0 ? ix.suffix : `+ ${ix.suffix}`,
    specs: HEPLIFY_SIP.slice(0, i + 1),
  }));
  return [
    { id: 'cum0', label: 'none', specs: [] },
    ...cumulative,
    { id: 'lean', label: 'lean (9)', specs: LEAN_SIP },
    { id: 'lean+corr', label: 'lean + correlation_id (10)', specs: LEAN_SIP_WITH_CORRELATION },
  ];
}

// ---------------------------------------------------------------------------------------------
// A quiet machine

interface ProcRow {
  readonly pid: number;
  readonly ppid: number;
  readonly args: string;
}

function processes(): ProcRow[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows: ProcRow[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (m) rows.push({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] ?? '' });
  }
  return rows;
}

/** Benchmarks running that are neither this process, its ancestors (npx, tsx) nor its children. */
function otherBenchmarks(): string[] {
  const procs = processes();
  const parent = new Map(procs.map((p) => [p.pid, p.ppid]));
  const ancestors = new Set<number>();
  for (let pid: number | undefined = process.pid; pid !== undefined && pid > 1; pid = parent.get(pid)) {
    ancestors.add(pid);
  }
  const descendsFromMe = (pid: number): boolean => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) return true;
    }
    return false;
  };
  return procs
    .filter((p) => !ancestors.has(p.pid) && !descendsFromMe(p.pid) && OTHER_BENCH_RE.test(p.args))
    .map((p) => `${p.pid} ${p.args.replace(/\S*node_modules\/\S*\s*/g, '').slice(0, 60)}`);
}

async function waitForNoOtherBenchmark(): Promise<{ waitedMs: number; timedOut: boolean }> {
  const started = Date.now();
  let lastLogged = '';
  for (;;) {
    const others = otherBenchmarks();
    if (others.length === 0) return { waitedMs: Date.now() - started, timedOut: false };
    if (Date.now() - started >= MAX_WAIT_MS) {
      log(`still busy after 15 min, measuring anyway (flagged): ${others.join(' | ')}`);
      return { waitedMs: Date.now() - started, timedOut: true };
    }
    const list = others.join(' | ');
    if (list !== lastLogged) log(`waiting for: ${list}`);
    lastLogged = list;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

// ---------------------------------------------------------------------------------------------
// Index sets on the partitions the rows land in

/**
 * store-ceiling writes rows stamped in the 4 minutes before it starts: the partitions around now.
 * Every index is dropped, then the set is created with the production DDL (`partitionDdl`: its
 * `CREATE TABLE IF NOT EXISTS` is a no-op here). The table is empty, so this takes milliseconds.
 */
async function applyIndexSet(storage: PostgresStorage, specs: readonly IndexSpec[]): Promise<string[]> {
  const now = Date.now();
  const targets = storage.partitions
    .partitionsOf(TABLE)
    .filter((p) => p.toMs > now - 10 * MINUTE && p.fromMs < now + 10 * MINUTE);
  if (targets.length === 0) throw new Error(`no ${TABLE} partition around now`);
  for (const p of targets) {
    const { rows } = await storage.sql.query<{ name: string }>(
      'SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = $1::regclass',
      [p.name],
    );
    for (const r of rows) await storage.sql.exec(`DROP INDEX ${r.name}`);
    const ddl = partitionDdl(TABLE, p.fromMs, p.toMs, specs);
    if (ddl.name !== p.name) throw new Error(`partition ${p.name} is not named as ours (${ddl.name})`);
    await storage.sql.exec(ddl.sql);
  }
  return targets.map((p) => p.name);
}

async function truncateAndCheckpoint(storage: PostgresStorage): Promise<void> {
  await storage.sql.exec(`TRUNCATE ${TABLE}`);
  await storage.sql.exec('CHECKPOINT');
}

// ---------------------------------------------------------------------------------------------
// Runs

interface Run {
  readonly set: string;
  readonly round: number;
  readonly rowsPerSec: number;
  readonly seconds: number;
  readonly pgCpuPercent: number;
  readonly nodeCpuPercent: number;
  readonly walBytesPerRow: number;
  readonly checkpoints: number;
  /** 1-minute load average when the run started (our own previous run is part of it). */
  readonly loadAvg1: number;
  /** Whole-machine CPU (% of one core) in the 2 s before the run, with nothing of ours running. */
  readonly busyPctBefore: number;
  readonly waitedMs: number;
  /** Another benchmark was still running after the 15-minute wait or started during the run, or the machine was busy. */
  readonly contended: boolean;
}

function num(report: Record<string, unknown>, key: string): number {
  const v = Number(report[key]);
  return Number.isFinite(v) ? v : Number.NaN;
}

interface Context {
  readonly opt: Options;
  readonly storage: PostgresStorage;
  readonly url: string;
  readonly database: string;
  readonly pgUid: number | undefined;
}

async function measure(ctx: Context, set: IndexSet, round: number): Promise<Run> {
  for (let attempt = 0; ; attempt++) {
    const wait = await waitForNoOtherBenchmark();
    const quiet = await waitForQuiet(QUIET_PCT, 30_000);
    await applyIndexSet(ctx.storage, set.specs);
    await truncateAndCheckpoint(ctx.storage);
    const loadAvg1 = loadavg()[0] ?? Number.NaN;
    const result = await runCeiling({
      repoRoot: REPO_ROOT,
      url: ctx.url,
      rows: ctx.opt.rows,
      seconds: ctx.opt.seconds,
      conns: ctx.opt.conns,
      method: 'insert',
      // Index sets are applied to hep_proto_1_call only, where the INVITE rows all go.
      rowsFrom: 'invite',
      pgUid: ctx.pgUid,
      database: ctx.database,
    });
    const after = otherBenchmarks();
    // Also a run that started on a busy machine (someone's build or test suite, not a benchmark).
    const contended = wait.timedOut || after.length > 0 || quiet.busyPct > QUIET_PCT;
    const run: Run = {
      set: set.id,
      round,
      rowsPerSec: result.rowsPerSec,
      seconds: num(result.report, 'seconds'),
      pgCpuPercent: num(result.report, 'pgCpuPercent'),
      nodeCpuPercent: num(result.report, 'nodeCpuPercent'),
      walBytesPerRow: num(result.report, 'walBytesPerRow'),
      checkpoints: num(result.report, 'checkpoints'),
      loadAvg1,
      busyPctBefore: quiet.busyPct,
      waitedMs: wait.waitedMs,
      contended,
    };
    log(
      `round ${round} ${set.id.padEnd(9)} ${String(run.rowsPerSec).padStart(6)} rows/s  pg ${run.pgCpuPercent} %  ` +
        `wal ${run.walBytesPerRow} B/row  load ${loadAvg1.toFixed(2)}  busy-before ${quiet.busyPct.toFixed(0)} %` +
        (run.checkpoints > 0 ? `  checkpoints ${run.checkpoints}` : '') +
        (contended ? `  CONTENDED: ${after.join(' | ') || 'busy machine'}` : ''),
    );
    if (!contended || attempt >= MAX_RETRIES) return run;
    log('the machine was not quiet during the measurement: repeating it');
  }
}

interface IndexSize {
  readonly suffix: string;
  readonly bytes: number;
}

async function sizes(
  storage: PostgresStorage,
): Promise<{ rows: number; heapBytes: number; tableBytes: number; indexes: IndexSize[] }> {
  const { rows: count } = await storage.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${TABLE}`);
  const { rows: rel } = await storage.sql.query<{ heap: string; total: string }>(
    `SELECT sum(pg_relation_size(c.oid))::text AS heap, sum(pg_table_size(c.oid))::text AS total
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = $1::regclass`,
    [TABLE],
  );
  // Per suffix: `<partition>_<suffix>`, summed over the partitions that hold rows.
  const { rows: ix } = await storage.sql.query<{ suffix: string; bytes: string }>(
    `SELECT substr(x.relname, length(c.relname) + 2) AS suffix, sum(pg_relation_size(x.oid))::text AS bytes
       FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_index ix ON ix.indrelid = c.oid
       JOIN pg_class x ON x.oid = ix.indexrelid
      WHERE i.inhparent = $1::regclass AND pg_relation_size(c.oid) > 0
      GROUP BY 1`,
    [TABLE],
  );
  const order = HEPLIFY_SIP.map((s) => s.suffix);
  return {
    rows: Number(count[0]?.n ?? 0),
    heapBytes: Number(rel[0]?.heap ?? 0),
    tableBytes: Number(rel[0]?.total ?? 0),
    indexes: ix
      .map((r) => ({ suffix: r.suffix, bytes: Number(r.bytes) }))
      .sort((a, b) => order.indexOf(a.suffix) - order.indexOf(b.suffix)),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface Summary {
  readonly set: IndexSet;
  readonly runs: readonly Run[];
  readonly rowsPerSec: number;
  /** Wall time per row with `conns` in flight, µs. */
  readonly usPerRow: number;
  /** PostgreSQL CPU (backends + background processes) per row, µs. */
  readonly pgUsPerRow: number;
  readonly walBytesPerRow: number;
}

function summarize(set: IndexSet, runs: readonly Run[]): Summary {
  const rowsPerSec = median(runs.map((r) => r.rowsPerSec));
  return {
    set,
    runs,
    rowsPerSec,
    usPerRow: 1e6 / rowsPerSec,
    pgUsPerRow: median(runs.map((r) => ((r.pgCpuPercent / 100) * 1e6) / r.rowsPerSec)),
    walBytesPerRow: median(runs.map((r) => r.walBytesPerRow)),
  };
}

const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const fix = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : '–');
const signed = (n: number, d = 1): string =>
  Number.isFinite(n) ? `${n >= 0 ? '+' : ''}${n.toFixed(d)}` : '–';
const pct = (a: number, b: number): string => `${signed((a / b - 1) * 100)} %`;
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

function range(runs: readonly Run[]): string {
  const r = runs.map((x) => x.rowsPerSec);
  return `${int(Math.min(...r))}–${int(Math.max(...r))}`;
}

function loads(runs: readonly Run[]): string {
  return runs.map((r) => r.loadAvg1.toFixed(2)).join(' / ');
}

/** Least-squares slope of y over x. */
function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxy / sxx;
}

function machine(): string {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    // not Linux
  }
  return `${cpus().length} × ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

function report(
  opt: Options,
  settings: Record<string, string>,
  summaries: readonly Summary[],
  size: Awaited<ReturnType<typeof sizes>>,
  sizeRun: Run,
): string {
  const by = new Map(summaries.map((s) => [s.set.id, s]));
  const get = (id: string): Summary => {
    const s = by.get(id);
    if (!s) throw new Error(`no summary for ${id}`);
    return s;
  };
  const none = get('cum0');
  const full = get(`cum${HEPLIFY_SIP.length}`);
  const out: string[] = [];
  out.push(`machine: ${machine()}`);
  out.push(
    `PostgreSQL ${settings['server_version'] ?? '?'}: shared_buffers ${settings['shared_buffers'] ?? '?'}, ` +
      `max_wal_size ${settings['max_wal_size'] ?? '?'}, fsync ${settings['fsync'] ?? '?'}, ` +
      `synchronous_commit ${settings['synchronous_commit'] ?? '?'} (the writer keeps it on)`,
  );
  out.push(
    `${opt.seconds > 0 ? `${opt.seconds} s per run cycling through ` : ''}${opt.rows.toLocaleString('en-US')} rows per run into ${TABLE}, ` +
      `${opt.conns} connections, prepared INSERT of 1000 rows, ` +
      `median of ${opt.runs} runs per set (round-robin)`,
  );
  out.push('');

  out.push('### Cumulative, in heplify-server order');
  out.push('');
  const cum = summaries.filter((s) => s.set.id.startsWith('cum'));
  out.push(
    markdownTable(
      [
        '#',
        'index added',
        'rows/s (median)',
        'runs min–max',
        'vs previous',
        'µs/row',
        'Δ µs/row',
        'PG CPU µs/row',
        'Δ PG CPU',
        'WAL B/row',
        'load avg at starts',
      ],
      cum.map((s, i) => {
        const prev = i > 0 ? cum[i - 1] : undefined;
        return [
          String(i),
          s.set.label,
          int(s.rowsPerSec),
          range(s.runs),
          prev ? pct(s.rowsPerSec, prev.rowsPerSec) : '',
          fix(s.usPerRow, 2),
          prev ? signed(s.usPerRow - prev.usPerRow, 2) : '',
          fix(s.pgUsPerRow),
          prev ? signed(s.pgUsPerRow - prev.pgUsPerRow) : '',
          int(s.walBytesPerRow),
          loads(s.runs),
        ];
      }),
    ),
  );
  const fit = slope(cum.slice(1).map((s, i) => [i + 1, s.usPerRow] as const));
  const fitPg = slope(cum.slice(1).map((s, i) => [i + 1, s.pgUsPerRow] as const));
  out.push('');
  out.push(
    `Least-squares over indexes 1..${HEPLIFY_SIP.length}: each btree adds ≈ ${fix(fit, 2)} µs of wall time per row ` +
      `(${fix((fit / full.usPerRow) * 100)} % of the full set's) and ≈ ${fix(fitPg)} µs of PostgreSQL CPU per row.`,
  );
  out.push('');

  out.push('### Configurations');
  out.push('');
  const configs: [string, Summary][] = [
    ['(a) none', none],
    ['(b) create_date', get('cum1')],
    ['(c) create_date + sid', get('cum2')],
    [`(d) heplify-server's ${HEPLIFY_SIP.length}`, full],
    ['(f) lean: ' + LEAN_SIP.map((s) => s.suffix).join(', '), get('lean')],
    ['(f′) lean + correlation_id', get('lean+corr')],
  ];
  out.push(
    markdownTable(
      [
        'set',
        'indexes',
        'rows/s (median)',
        'runs min–max',
        'vs none',
        `vs heplify ${HEPLIFY_SIP.length}`,
        'PG CPU µs/row',
        'WAL B/row',
      ],
      configs.map(([label, s]) => [
        label,
        String(s.set.specs.length),
        int(s.rowsPerSec),
        range(s.runs),
        pct(s.rowsPerSec, none.rowsPerSec),
        pct(s.rowsPerSec, full.rowsPerSec),
        fix(s.pgUsPerRow),
        int(s.walBytesPerRow),
      ]),
    ),
  );
  out.push('');

  out.push(
    `### Sizes after loading ${size.rows.toLocaleString('en-US')} rows with heplify's ${HEPLIFY_SIP.length} ` +
      `(that load: ${int(sizeRun.rowsPerSec)} rows/s)`,
  );
  out.push('');
  const totalIx = size.indexes.reduce((s, x) => s + x.bytes, 0);
  const lean = new Set(LEAN_SIP.map((s) => s.suffix));
  out.push(
    markdownTable(
      ['relation', 'MiB', 'bytes/row', 'in lean set'],
      [
        ['heap (main fork)', mb(size.heapBytes), int(size.heapBytes / size.rows), ''],
        ['table incl. TOAST, FSM, VM', mb(size.tableBytes), int(size.tableBytes / size.rows), ''],
        ...size.indexes.map((x) => [
          x.suffix,
          mb(x.bytes),
          int(x.bytes / size.rows),
          lean.has(x.suffix) ? 'yes' : 'no',
        ]),
        [`all ${size.indexes.length} indexes`, mb(totalIx), int(totalIx / size.rows), ''],
        [
          'lean set',
          mb(size.indexes.filter((x) => lean.has(x.suffix)).reduce((s, x) => s + x.bytes, 0)),
          int(size.indexes.filter((x) => lean.has(x.suffix)).reduce((s, x) => s + x.bytes, 0) / size.rows),
          '',
        ],
      ],
    ),
  );
  out.push('');
  const contended = summaries.flatMap((s) => s.runs).filter((r) => r.contended);
  const checkpointed = summaries.flatMap((s) => s.runs).filter((r) => r.checkpoints > 0);
  if (contended.length > 0) {
    out.push(
      `Contended runs (another benchmark was running): ${contended.map((r) => `${r.set}#${r.round}`).join(', ')}`,
    );
  }
  if (checkpointed.length > 0) {
    out.push(`Runs with a checkpoint inside: ${checkpointed.map((r) => `${r.set}#${r.round}`).join(', ')}`);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const opt = options();
  const started = Date.now();
  const database = `homer_bench_idx_${started}`;
  const url = withDatabase(opt.adminUrl, database);
  const sets = indexSets();

  const search = seededSipSearch('call');
  const derived = search.indexed.map((s) => s.suffix).join(',');
  if (derived !== LEAN_SIP_WITH_CORRELATION.map((s) => s.suffix).join(',')) {
    log(`note: the seed's indexed searchable fields (${derived}) differ from lean + correlation_id`);
  }
  log(`seeded 1/call searchable fields: ${search.searchable.join(', ')}`);
  log(`heplify indexes no seeded field uses: ${search.unused.map((s) => s.suffix).join(', ')}`);
  log(`searchable fields heplify does not index: ${search.withoutIndex.join(', ')}`);

  const settings = await serverSettings(opt.adminUrl);
  await createDatabase(opt.adminUrl, database);
  log(`scratch database ${database}; ${sets.length} sets × ${opt.runs} runs of ${opt.rows} rows`);
  let storage: PostgresStorage | undefined;
  const cleanup = async (): Promise<void> => {
    await storage?.close().catch(() => undefined);
    storage = undefined;
    if (!opt.keep) await dropDatabase(opt.adminUrl, database).catch(() => undefined);
  };
  const onSignal = (): void => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // Our data table's partitions start with no index; the other tables keep heplify's.
    storage = await createPostgresStorage({
      url,
      poolSize: 1,
      partitions: { indexes: (table) => (table === TABLE ? [] : indexesFor(table)) },
    });
    await storage.migrate();
    const now = Date.now();
    await storage.maintain(now);
    // store-ceiling's own maintain() then finds every partition it needs already there.
    await storage.partitions.ensureRange(TABLE, now - 2 * 60 * MINUTE, now + 8 * 60 * MINUTE);
    const ctx: Context = { opt, storage, url, database, pgUid: uidOf('postgres') };

    const runs: Run[] = [];
    for (let round = 1; round <= opt.runs; round++) {
      for (const set of sets) runs.push(await measure(ctx, set, round));
    }
    // One more load with heplify's full set, for the sizes of every index.
    const fullSet: IndexSet = { id: 'sizes', label: 'heplify 13 (sizes)', specs: HEPLIFY_SIP };
    const sizeRun = await measure(ctx, fullSet, 0);
    const size = await sizes(storage);

    const summaries = sets.map((set) =>
      summarize(
        set,
        runs.filter((r) => r.set === set.id),
      ),
    );
    process.stdout.write(`${report(opt, settings, summaries, size, sizeRun)}\n\n`);
    process.stdout.write(
      `${JSON.stringify({
        rows: opt.rows,
        conns: opt.conns,
        minutes: Number(((Date.now() - started) / MINUTE).toFixed(1)),
        sets: summaries.map((s) => ({
          id: s.set.id,
          indexes: s.set.specs.map((x) => x.suffix),
          rowsPerSec: Math.round(s.rowsPerSec),
          pgUsPerRow: Number(s.pgUsPerRow.toFixed(2)),
          walBytesPerRow: s.walBytesPerRow,
          runs: s.runs,
        })),
        sizes: size,
      })}\n`,
    );
    log(`done in ${((Date.now() - started) / MINUTE).toFixed(1)} min`);
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`index-cost: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
