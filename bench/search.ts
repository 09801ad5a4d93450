/**
 * Search benchmark (`npm run bench:search`, issue 3; not a test). Loads N SIP rows spread over 24 h
 * of hourly partitions into a fresh PostgreSQL database with the production schema (the storage's
 * own migrate + partition manager + per-partition indexes), then measures through HTTP against the
 * real API (`buildApp`, as `homer api` runs it): Call-ID searches (`sid` and `data_header.callid`),
 * From-user prefix searches, each in a 1 h and a 24 h window, and the call flow of a known
 * 30-message call with RTCP and log rows. Next to each HTTP figure: the database alone, i.e.
 * EXPLAIN ANALYZE of the SQL stock homer-app runs for the same request and of the SQL the API
 * actually ran (recorded in-process), with the scans and indexes the plans used.
 *
 *   npx tsx bench/search.ts [--rows 10000000] [--hours 24] [--requests 200] [--keep] [--reuse DB]
 *
 * Output: a table on stdout, every figure in .bench-out/search-<ts>.json. --help lists options.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import { createDatabase, dropDatabase, serverSettings, withDatabase } from './lib/pg-admin.js';
import { machineTicks, TickTracker, cpuPercent, uidOf, waitForQuiet } from './lib/proc-stats.js';
import { markdownTable } from './lib/report.js';
import { openBenchStorage, startBenchApi, type BenchApi, type RecordedQuery } from './lib/search-api.js';
import { parseSearchArgs, USAGE, type SearchArgs } from './lib/search-args.js';
import { insertKnownCall } from './lib/search-known-call.js';
import { loadDataset, type LoadResult } from './lib/search-load.js';
import {
  plainLikeSql,
  prng,
  requestKinds,
  sampleCalls,
  type Dataset,
  type RequestKind,
  type SqlStatement,
} from './lib/search-requests.js';
import {
  explainAnalyze,
  mergeScans,
  percentiles,
  timeStatement,
  type Percentiles,
  type PlanSummary,
} from './lib/search-stats.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(REPO, '.bench-out');
const HOUR_MS = 3_600_000;
const META_TABLE = 'homer_bench_search_meta';

const cleanups: (() => Promise<void> | void)[] = [];

function log(message: string): void {
  process.stdout.write(`[search ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const fmt = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : '–');

// ---------------------------------------------------------------------------------------------
// Dataset

interface Meta {
  readonly startMs: number;
  readonly endMs: number;
  readonly knownCall: {
    callId: string;
    firstMs: number;
    lastMs: number;
    rowsByTable: Record<string, number>;
  };
  readonly load?: LoadResult;
}

async function prepareData(args: SearchArgs, storage: PostgresStorage, url: string): Promise<Meta> {
  if (args.reuse !== undefined) {
    const { rows } = await storage.sql.query<{ meta: Meta }>(`SELECT meta FROM ${META_TABLE}`);
    const meta = rows[0]?.meta;
    if (meta === undefined)
      throw new Error(`${args.reuse} has no ${META_TABLE}: not a bench:search database`);
    log(
      `reusing ${args.reuse}: ${new Date(meta.startMs).toISOString()} – ${new Date(meta.endMs).toISOString()}`,
    );
    return meta;
  }
  const startMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - args.hours * HOUR_MS;
  const endMs = startMs + args.hours * HOUR_MS;
  log(
    `loading ${args.rows.toLocaleString('en-US')} SIP rows over ${args.hours} h (${new Date(startMs).toISOString()} – ` +
      `${new Date(endMs).toISOString()}), ${args.concurrency} connections, indexes ${args.indexedLoad ? 'maintained during the load' : 'built after the load'}`,
  );
  const load = await loadDataset({
    storage,
    url,
    rows: args.rows,
    startMs,
    hours: args.hours,
    concurrency: args.concurrency,
    indexedLoad: args.indexedLoad,
    log,
  });
  log(
    `loaded ${JSON.stringify(load.rowsByTable)} in ${fmt(load.loadSeconds, 0)} s = ${fmt(load.rowsPerSecond, 0)} rows/s; ` +
      `indexes ${fmt(load.indexSeconds, 0)} s, VACUUM ANALYZE ${fmt(load.vacuumSeconds, 0)} s`,
  );
  // Mid-window, so both the 1 h and 24 h searches and the padded call-flow window fall inside.
  const known = await insertKnownCall(
    storage,
    startMs + Math.floor(args.hours / 2) * HOUR_MS + 17 * 60_000 + 123,
  );
  for (const t of Object.keys(known.rowsByTable)) await storage.sql.exec(`ANALYZE ${t}`);
  log(`known call ${known.callId}: ${JSON.stringify(known.rowsByTable)}`);
  const meta: Meta = { startMs, endMs, knownCall: known, load };
  await storage.sql.exec(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (meta jsonb NOT NULL)`);
  await storage.sql.query(`INSERT INTO ${META_TABLE} (meta) VALUES ($1)`, [JSON.stringify(meta)]);
  return meta;
}

// ---------------------------------------------------------------------------------------------
// Database alone

interface DbAloneKind {
  readonly id: string;
  readonly label: string;
  /** EXPLAIN ANALYZE execution + planning per request (all its statements). */
  readonly explainMs: Percentiles;
  readonly executionMs: Percentiles;
  /** Plain execution as the pg client sees it (other draws than the EXPLAINs). */
  readonly clientMs: Percentiles;
  readonly rows: Percentiles;
  readonly jitRuns: number;
  readonly scans: Record<string, string>;
  readonly example: SqlStatement;
}

async function measureStatements(
  storage: PostgresStorage,
  id: string,
  label: string,
  samples: number,
  draw: () => readonly SqlStatement[],
): Promise<DbAloneKind> {
  const explain: number[] = [];
  const exec: number[] = [];
  const client: number[] = [];
  const rows: number[] = [];
  const plans: PlanSummary[] = [];
  let jitRuns = 0;
  let example: SqlStatement | undefined;
  for (let i = 0; i < samples; i++) {
    const statements = draw();
    example ??= statements[0];
    let e = 0;
    let x = 0;
    let r = 0;
    for (const s of statements) {
      const p = await explainAnalyze(storage.sql, s);
      plans.push(p);
      e += p.planningMs + p.executionMs;
      x += p.executionMs;
      r += p.rows;
      if (p.jitMs > 0) jitRuns++;
    }
    explain.push(e);
    exec.push(x);
    rows.push(r);
    let c = 0;
    for (const s of draw()) c += (await timeStatement(storage.sql, s)).ms;
    client.push(c);
  }
  if (example === undefined) throw new Error(`${id}: no statement`);
  return {
    id,
    label,
    explainMs: percentiles(explain),
    executionMs: percentiles(exec),
    clientMs: percentiles(client),
    rows: percentiles(rows),
    jitRuns,
    scans: mergeScans(plans),
    example,
  };
}

async function measureDbAlone(
  args: SearchArgs,
  storage: PostgresStorage,
  data: Dataset,
  kinds: readonly RequestKind[],
): Promise<DbAloneKind[]> {
  const out: DbAloneKind[] = [];
  for (const kind of kinds) {
    const rnd = prng(args.seed * 7919 + out.length);
    const samples = kind.id === 'transaction' ? Math.min(args.explainSamples, 10) : args.explainSamples;
    const m = await measureStatements(storage, kind.id, kind.label, samples, () => kind.build(data, rnd).sql);
    log(
      `  db alone ${kind.id.padEnd(18)} EXPLAIN p50 ${fmt(m.explainMs.p50, 2)} p95 ${fmt(m.explainMs.p95, 2)} ms, ` +
        `client p50 ${fmt(m.clientMs.p50, 2)} p95 ${fmt(m.clientMs.p95, 2)} ms, rows p50 ${m.rows.p50}; ${JSON.stringify(m.scans)}` +
        (m.jitRuns > 0 ? `; JIT in ${m.jitRuns}` : ''),
    );
    out.push(m);
  }
  // Stock homer-app's LIKE without the range condition: what a C.UTF-8 (non-C) collation does to it.
  for (const digits of args.prefixDigits) {
    for (const hours of [1, 24] as const) {
      const rnd = prng(args.seed * 104729 + digits * 31 + hours);
      const id = `like-only${digits}-${hours}h`;
      // A scan of every partition when the prefix is rare: few draws.
      const draws = hours === 24 ? 3 : 5;
      const m = await measureStatements(
        storage,
        id,
        `from_user LIKE only (${digits} digits), ${hours} h`,
        draws,
        () => [plainLikeSql(data, rnd, digits, hours)],
      );
      log(
        `  db alone ${id.padEnd(18)} EXPLAIN p50 ${fmt(m.explainMs.p50, 2)} max ${fmt(m.explainMs.max, 2)} ms, rows p50 ${m.rows.p50}; ${JSON.stringify(m.scans)}`,
      );
      out.push(m);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Through HTTP

interface HttpSample {
  readonly kind: string;
  readonly ms: number;
  readonly status: number;
  readonly rows: number;
  /** Time inside the storage's SQL clients during the request (client-observed). */
  readonly dbMs: number;
  readonly queries: number;
  /** The data-table statements the API ran (kept for the slowest requests only). */
  readonly sql: readonly {
    readonly text: string;
    readonly params: readonly unknown[];
    readonly ms: number;
  }[];
}

interface HttpKind {
  readonly id: string;
  readonly label: string;
  readonly targetP95Ms?: number;
  readonly status: 'measured' | 'route missing' | 'failing';
  readonly firstStatus: number;
  readonly firstBody?: string;
  readonly ms?: Percentiles;
  readonly dbMs?: Percentiles;
  readonly rows?: Percentiles;
  /** SQL statements per request (config lookups included). */
  readonly queries?: Percentiles;
  readonly statuses?: Record<string, number>;
  /** EXPLAIN ANALYZE of the statements the API itself ran (data tables only), a few requests. */
  readonly apiPlans?: {
    readonly executionMs: Percentiles;
    readonly scans: Record<string, string>;
    readonly jitRuns: number;
  };
  readonly apiSqlExample?: { text: string; params: readonly unknown[] };
  /** The 5 slowest requests with the data-table SQL they ran, for EXPLAIN by hand. */
  readonly slowest?: readonly {
    readonly ms: number;
    readonly dbMs: number;
    readonly rows: number;
    readonly sql: HttpSample['sql'];
  }[];
}

function rowsOf(kind: string, text: string): number {
  try {
    const body = JSON.parse(text) as { data?: unknown };
    if (kind === 'transaction') {
      const messages = (body.data as { messages?: unknown[] } | undefined)?.messages;
      return Array.isArray(messages) ? messages.length : 0;
    }
    return Array.isArray(body.data) ? body.data.length : 0;
  } catch {
    return -1;
  }
}

const isDataQuery = (q: RecordedQuery): boolean =>
  /hep_proto_/.test(q.text) && /^\s*(SELECT|WITH)/i.test(q.text);

interface HttpRun {
  readonly kinds: HttpKind[];
  readonly seconds: number;
  readonly machineBusyPct: number;
  readonly nodePct: number;
  readonly postgresPct: number;
}

async function measureHttp(
  args: SearchArgs,
  api: BenchApi,
  data: Dataset,
  kinds: readonly RequestKind[],
  database: string,
): Promise<HttpRun> {
  const rnd = prng(args.seed);
  const probe = new Map<string, { status: number; body: string }>();
  for (const kind of kinds) {
    const b = kind.build(data, rnd);
    const r = await api.post(b.path, b.body);
    probe.set(kind.id, { status: r.status, body: r.text.slice(0, 300) });
    log(`  probe ${kind.id.padEnd(18)} → ${r.status} (${fmt(r.ms)} ms, ${rowsOf(kind.id, r.text)} rows)`);
  }
  const live = kinds.filter((k) => {
    const s = probe.get(k.id)?.status ?? 0;
    return s >= 200 && s < 300;
  });
  for (let i = 0; i < args.warmup; i++) {
    for (const kind of live) {
      const b = kind.build(data, rnd);
      await api.post(b.path, b.body);
    }
  }
  api.recorder.take();
  const samples: HttpSample[] = [];
  const recorded = new Map<string, RecordedQuery[][]>();
  const pgUid = uidOf('postgres');
  const pg = pgUid === undefined ? undefined : new TickTracker(pgUid, database);
  const poll = setInterval(() => pg?.sample(), 500);
  pg?.sample();
  const m0 = machineTicks();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < args.requests; i++) {
    // A different kind order each round, so no kind always follows the same one.
    const order = [...live].sort(() => rnd() - 0.5);
    for (const kind of order) {
      const b = kind.build(data, rnd);
      api.recorder.take();
      const r = await api.post(b.path, b.body);
      const queries = api.recorder.take();
      const dataQueries = queries.filter(isDataQuery);
      samples.push({
        kind: kind.id,
        ms: r.ms,
        status: r.status,
        rows: rowsOf(kind.id, r.text),
        dbMs: queries.reduce((a, q) => a + q.ms, 0),
        queries: queries.length,
        sql: dataQueries.map((q) => ({ text: q.text, params: q.params, ms: q.ms })),
      });
      const list = recorded.get(kind.id) ?? [];
      if (list.length < args.explainSamples) list.push(dataQueries);
      recorded.set(kind.id, list);
    }
    if ((i + 1) % 50 === 0) log(`  round ${i + 1}/${args.requests}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(poll);
  pg?.sample();
  const m1 = machineTicks();
  const cpu1 = process.cpuUsage(cpu0);
  const machineBusyPct = ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100 * cpus().length;
  const nodePct = ((cpu1.user + cpu1.system) / 1e6 / seconds) * 100;
  const postgresPct = cpuPercent(pg?.total() ?? 0, seconds);

  const out: HttpKind[] = [];
  for (const kind of kinds) {
    const first = probe.get(kind.id) ?? { status: 0, body: '' };
    if (!live.includes(kind)) {
      out.push({
        id: kind.id,
        label: kind.label,
        ...(kind.targetP95Ms === undefined ? {} : { targetP95Ms: kind.targetP95Ms }),
        status: first.status === 404 ? 'route missing' : 'failing',
        firstStatus: first.status,
        firstBody: first.body,
      });
      continue;
    }
    const mine = samples.filter((s) => s.kind === kind.id);
    const statuses: Record<string, number> = {};
    for (const s of mine) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
    const plans: PlanSummary[] = [];
    const execs: number[] = [];
    let jitRuns = 0;
    let apiSqlExample: HttpKind['apiSqlExample'];
    for (const queries of recorded.get(kind.id) ?? []) {
      let x = 0;
      for (const q of queries) {
        apiSqlExample ??= { text: q.text, params: q.params };
        try {
          const p = await explainAnalyze(api.storage.sql, { text: q.text, params: q.params });
          plans.push(p);
          x += p.planningMs + p.executionMs;
          if (p.jitMs > 0) jitRuns++;
        } catch (err) {
          log(
            `  EXPLAIN of the API's SQL failed (${kind.id}): ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      }
      execs.push(x);
    }
    out.push({
      id: kind.id,
      label: kind.label,
      ...(kind.targetP95Ms === undefined ? {} : { targetP95Ms: kind.targetP95Ms }),
      status: mine.every((s) => s.status >= 200 && s.status < 300) ? 'measured' : 'failing',
      firstStatus: first.status,
      ms: percentiles(mine.map((s) => s.ms)),
      dbMs: percentiles(mine.map((s) => s.dbMs)),
      rows: percentiles(mine.map((s) => s.rows)),
      queries: percentiles(mine.map((s) => s.queries)),
      statuses,
      slowest: [...mine]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((s) => ({ ms: s.ms, dbMs: s.dbMs, rows: s.rows, sql: s.sql })),
      ...(plans.length > 0
        ? { apiPlans: { executionMs: percentiles(execs), scans: mergeScans(plans), jitRuns } }
        : {}),
      ...(apiSqlExample === undefined ? {} : { apiSqlExample }),
    });
  }
  return { kinds: out, seconds, machineBusyPct, nodePct, postgresPct };
}

// ---------------------------------------------------------------------------------------------
// Report

function verdict(p95: number | undefined, target: number | undefined): string {
  if (target === undefined || p95 === undefined) return '';
  return p95 <= target ? `≤ ${target} met` : `≤ ${target} MISSED`;
}

function report(db: readonly DbAloneKind[], http: HttpRun | undefined): string {
  const byId = new Map(db.map((d) => [d.id, d]));
  const head = [
    'request',
    'HTTP p50',
    'p95',
    'p99',
    'max',
    'rows p50 (max)',
    'SQL in request p50/p95',
    'API SQL EXPLAIN p50/p95',
    'homer-app SQL EXPLAIN p50/p95',
    'plan (API SQL, else homer-app SQL)',
    'target p95',
  ];
  const rows: string[][] = [];
  const ids = http
    ? http.kinds.map((k) => k.id)
    : db.filter((d) => !d.id.startsWith('like-only')).map((d) => d.id);
  for (const id of ids) {
    const h = http?.kinds.find((k) => k.id === id);
    const d = byId.get(id);
    const plan = h?.apiPlans?.scans ?? d?.scans ?? {};
    const planText = Object.entries(plan)
      .map(([k, v]) => `${k} ×${v}`)
      .join(', ');
    if (h === undefined || h.ms === undefined) {
      rows.push([
        d?.label ?? id,
        h ? h.status : 'not run',
        '',
        '',
        '',
        d ? `${d.rows.p50} (max ${d.rows.max})` : '',
        '',
        '',
        d ? `${fmt(d.explainMs.p50, 2)} / ${fmt(d.explainMs.p95, 2)}` : '',
        planText,
        '',
      ]);
      continue;
    }
    rows.push([
      h.label,
      fmt(h.ms.p50),
      fmt(h.ms.p95),
      fmt(h.ms.p99),
      fmt(h.ms.max),
      h.rows ? `${h.rows.p50} (max ${h.rows.max})` : '',
      h.dbMs ? `${fmt(h.dbMs.p50)} / ${fmt(h.dbMs.p95)} (${h.queries?.p50 ?? '?'} stmts)` : '',
      h.apiPlans ? `${fmt(h.apiPlans.executionMs.p50, 2)} / ${fmt(h.apiPlans.executionMs.p95, 2)}` : '',
      d ? `${fmt(d.explainMs.p50, 2)} / ${fmt(d.explainMs.p95, 2)}` : '',
      planText,
      verdict(h.ms.p95, h.targetP95Ms),
    ]);
  }
  const like = db
    .filter((d) => d.id.startsWith('like-only'))
    .map((d) => [
      d.label,
      `${fmt(d.explainMs.p50, 1)} / ${fmt(d.explainMs.max, 1)}`,
      String(d.rows.p50),
      Object.entries(d.scans)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', '),
    ]);
  return [
    markdownTable(head, rows),
    '',
    'Stock homer-app LIKE without a range condition (database alone, 5 draws for 1 h, 3 for 24 h):',
    markdownTable(['statement', 'EXPLAIN p50 / max ms', 'rows p50', 'plan'], like),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()?.();
    } catch (err) {
      log(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

async function main(): Promise<number> {
  const parsed = parseSearchArgs(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const args = parsed;
  mkdirSync(OUT, { recursive: true });
  const startedAt = new Date();
  const database = args.reuse ?? `homer_bench_search_${Date.now()}`;
  if (args.reuse === undefined) {
    await createDatabase(args.adminUrl, database);
    if (!args.keep) cleanups.push(() => dropDatabase(args.adminUrl, database));
    log(`database ${database} created${args.keep ? ' (kept)' : ''}`);
  }
  const url = withDatabase(args.adminUrl, database);
  const { storage, dataDir } = await openBenchStorage(url);
  cleanups.push(() => storage.close());
  const settings = await serverSettings(url);
  const quiet = await waitForQuiet(40, 60_000);
  log(`machine busy ${fmt(quiet.busyPct, 0)} % before the run; PostgreSQL ${JSON.stringify(settings)}`);

  const meta = await prepareData(args, storage, url);
  const callRows = Number(
    (
      await storage.sql.query<{ n: string }>(
        `SELECT reltuples::bigint::text AS n FROM pg_class WHERE relname = 'hep_proto_1_call'`,
      )
    ).rows[0]?.n ?? 0,
  );
  const partitionRows = await storage.sql.query<{ n: string }>(
    `SELECT coalesce(sum(c.reltuples), 0)::bigint::text AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'hep_proto_1_call'::regclass`,
  );
  const estimated = Math.max(callRows, Number(partitionRows.rows[0]?.n ?? 0));
  const samples = await sampleCalls(storage.sql, estimated, Math.max(2000, args.requests * 10));
  log(
    `${samples.length} random INVITEs drawn as search keys (of ≈ ${estimated.toLocaleString('en-US')} call rows)`,
  );
  const data: Dataset = { startMs: meta.startMs, endMs: meta.endMs, samples, knownCall: meta.knownCall };
  const kinds = requestKinds(args.prefixDigits);

  log('database alone (EXPLAIN ANALYZE of the SQL stock homer-app runs):');
  const db = await measureDbAlone(args, storage, data, kinds);

  let http: HttpRun | undefined;
  if (!args.noHttp) {
    const api = await startBenchApi(url, storage, dataDir);
    cleanups.push(() => api.stop());
    const q = await waitForQuiet(40, 60_000);
    log(
      `API on ${api.baseUrl}; machine busy ${fmt(q.busyPct, 0)} %; ${args.warmup} warm-up + ${args.requests} measured rounds`,
    );
    http = await measureHttp(args, api, data, kinds, database);
    log(
      `HTTP phase ${fmt(http.seconds, 0)} s: machine ${fmt(http.machineBusyPct, 0)} %, this process ${fmt(http.nodePct, 0)} %, ` +
        `PostgreSQL (this database) ${fmt(http.postgresPct, 0)} % of one core`,
    );
  }

  const table = report(db, http);
  process.stdout.write(`\n${table}\n\n`);
  const file = join(OUT, `search-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        machine: {
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model,
          memGiB: totalmem() / 2 ** 30,
          kernel: release(),
          node: process.version,
          loadavg: loadavg(),
        },
        postgres: settings,
        args,
        database,
        dataset: meta,
        samples: samples.length,
        dbAlone: db,
        http,
      },
      null,
      2,
    )}\n`,
  );
  log(`results: ${file}`);
  return 0;
}

process.on('SIGINT', () => {
  void runCleanups().then(() => process.exit(130));
});

main()
  .then(async (code) => {
    await runCleanups();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await runCleanups();
    process.exit(1);
  });
