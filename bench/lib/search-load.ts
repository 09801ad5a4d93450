/**
 * Loads the bench:search dataset: hourly partitions created by the storage's own partition manager
 * (production names, bounds and indexes), rows generated server-side per (table, hour) on
 * `concurrency` connections, then the production indexes, VACUUM ANALYZE.
 *
 * Indexes: by default the per-partition indexes are dropped after the partition manager created
 * them and rebuilt after the load with the same DDL (`partitionDdl` of src/storage/schema), which is
 * several times faster than maintaining 13 B-trees per row. The definitions are compared before and
 * after, so the searched schema is the production one; what differs is only that a built index is
 * packed (no half-full pages from splits), i.e. somewhat smaller than one grown by inserts.
 * `indexedLoad` keeps them during the load instead (the state a running capture leaves).
 */

import pg from 'pg';
import { partitionDdl } from '../../src/storage/schema/data-tables.js';
import type { PostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { MAX_DIALOG_SECONDS, UNIT_SPECS, type UnitKind, type UnitSpec } from './search-dataset-sql.js';

const HOUR_MS = 3_600_000;

export interface LoadPlanJob {
  readonly spec: UnitSpec;
  readonly hourStartMs: number;
  readonly units: number;
  readonly firstUnit: number;
  /** Seconds of the hour in which units may start. */
  readonly startSpan: number;
}

/**
 * Relative traffic of an hour of the day (UTC): a floor of 0.25 at night and a day curve peaking
 * at 14:00, so the busy hour carries ≈ 2× the mean, as on a real network.
 */
export function hourWeight(hourOfDay: number): number {
  const day = Math.sin((Math.PI * (hourOfDay - 7)) / 14);
  return 0.25 + Math.max(0, day);
}

export function planLoad(rows: number, startMs: number, hours: number): LoadPlanJob[] {
  const weights = Array.from({ length: hours }, (_, i) =>
    hourWeight(new Date(startMs + i * HOUR_MS).getUTCHours()),
  );
  const total = weights.reduce((a, b) => a + b, 0);
  const jobs: LoadPlanJob[] = [];
  for (const spec of UNIT_SPECS) {
    let nextUnit = spec.unitBase;
    for (let i = 0; i < hours; i++) {
      const units = Math.round((rows * spec.rowShare * (weights[i] ?? 0)) / total / spec.messagesPerUnit);
      if (units <= 0) continue;
      jobs.push({
        spec,
        hourStartMs: startMs + i * HOUR_MS,
        units,
        firstUnit: nextUnit,
        startSpan: i === hours - 1 ? 3600 - MAX_DIALOG_SECONDS : 3600,
      });
      nextUnit += units;
    }
  }
  // Largest first, so the two connections finish at about the same time.
  return jobs.sort((a, b) => b.units * b.spec.messagesPerUnit - a.units * a.spec.messagesPerUnit);
}

export interface IndexDef {
  readonly partition: string;
  readonly name: string;
  readonly def: string;
}

/** Per-partition index definitions of the given parents. */
export async function partitionIndexes(
  storage: PostgresStorage,
  tables: readonly string[],
): Promise<IndexDef[]> {
  const { rows } = await storage.sql.query<{ partition: string; name: string; def: string }>(
    `SELECT c.relname::text AS partition, x.relname::text AS name, pg_get_indexdef(ix.indexrelid) AS def
       FROM pg_inherits i
       JOIN pg_class p ON p.oid = i.inhparent
       JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_index ix ON ix.indrelid = c.oid
       JOIN pg_class x ON x.oid = ix.indexrelid
      WHERE p.relname = ANY($1::text[])
      ORDER BY 1, 2`,
    [tables],
  );
  return rows;
}

export interface LoadResult {
  readonly rowsByTable: Record<string, number>;
  readonly unitsByKind: Record<UnitKind, number>;
  readonly loadSeconds: number;
  readonly indexSeconds: number;
  readonly vacuumSeconds: number;
  readonly rowsPerSecond: number;
  readonly indexesPerPartition: number;
  readonly indexMode: 'built-after-load' | 'maintained-during-load';
}

export interface LoadOptions {
  readonly storage: PostgresStorage;
  readonly url: string;
  readonly rows: number;
  readonly startMs: number;
  readonly hours: number;
  readonly concurrency: number;
  readonly indexedLoad: boolean;
  readonly log: (message: string) => void;
}

async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

export async function loadDataset(options: LoadOptions): Promise<LoadResult> {
  const { storage, log } = options;
  const endMs = options.startMs + options.hours * HOUR_MS;
  const tables = UNIT_SPECS.map((s) => s.table);
  for (const table of tables) await storage.partitions.ensureRange(table, options.startMs, endMs);
  const before = await partitionIndexes(storage, tables);
  const partitions = new Set(before.map((d) => d.partition));
  log(`${partitions.size} partitions with ${before.length} indexes created by the partition manager`);

  if (!options.indexedLoad) {
    for (const d of before) await storage.sql.exec(`DROP INDEX ${d.name}`);
  }

  const jobs = planLoad(options.rows, options.startMs, options.hours);
  const pool = new pg.Pool({ connectionString: options.url, max: options.concurrency });
  const unitsByKind: Record<UnitKind, number> = { call: 0, registration: 0, options: 0 };
  let done = 0;
  let rowsDone = 0;
  const t0 = performance.now();
  try {
    await runPool(jobs, options.concurrency, async (job) => {
      const client = await pool.connect();
      try {
        // Bulk load: a commit per statement, no need to wait for each WAL flush.
        await client.query('SET synchronous_commit = off');
        // The (unit, message, time) sort of an hour stays in memory.
        await client.query(`SET work_mem = '256MB'`);
        const res = await client.query(job.spec.sql, [
          job.hourStartMs / 1000,
          job.units,
          job.firstUnit,
          job.startSpan,
        ]);
        unitsByKind[job.spec.kind] += job.units;
        rowsDone += res.rowCount ?? 0;
      } finally {
        client.release();
      }
      done++;
      if (done % 6 === 0 || done === jobs.length) {
        const s = (performance.now() - t0) / 1000;
        log(
          `  ${done}/${jobs.length} jobs, ${rowsDone.toLocaleString('en-US')} rows, ${(rowsDone / s).toFixed(0)} rows/s`,
        );
      }
    });
  } finally {
    await pool.end();
  }
  const loadSeconds = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  if (!options.indexedLoad) {
    // The production DDL: CREATE TABLE IF NOT EXISTS (a no-op now) + CREATE INDEX IF NOT EXISTS.
    const byPartition = storage.partitions;
    const ddls = tables.flatMap((t) =>
      byPartition
        .partitionsOf(t)
        .filter((p) => partitions.has(p.name))
        .map((p) => ({ t, ddl: partitionDdl(t, p.fromMs, p.toMs) })),
    );
    const idxPool = new pg.Pool({ connectionString: options.url, max: options.concurrency });
    try {
      await runPool(ddls, options.concurrency, async ({ ddl }) => {
        const client = await idxPool.connect();
        try {
          await client.query(`SET maintenance_work_mem = '512MB'`);
          await client.query(ddl.sql);
        } finally {
          client.release();
        }
      });
    } finally {
      await idxPool.end();
    }
  }
  const indexSeconds = (performance.now() - t1) / 1000;
  const after = await partitionIndexes(storage, tables);
  const key = (d: IndexDef): string => `${d.name}|${d.def}`;
  const missing = before.filter((d) => !after.some((a) => key(a) === key(d)));
  const extra = after.filter((a) => !before.some((d) => key(a) === key(d)));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `index definitions differ from the partition manager's: missing ${missing.map((d) => d.name).join(', ')}; extra ${extra.map((d) => d.name).join(', ')}`,
    );
  }
  log(
    `indexes ${options.indexedLoad ? 'maintained during the load' : `rebuilt in ${indexSeconds.toFixed(0)} s`}; definitions identical to the partition manager's`,
  );

  const t2 = performance.now();
  for (const table of tables) await storage.sql.exec(`VACUUM ANALYZE ${table}`);
  const vacuumSeconds = (performance.now() - t2) / 1000;

  const rowsByTable: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await storage.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`);
    rowsByTable[table] = Number(rows[0]?.n ?? 0);
  }
  const sip = Object.values(rowsByTable).reduce((a, b) => a + b, 0);
  const perPartition =
    partitions.size > 0 ? after.filter((d) => d.partition.startsWith('hep_proto_1_call_')).length : 0;
  const callPartitions = [...partitions].filter((p) => p.startsWith('hep_proto_1_call_')).length;
  return {
    rowsByTable,
    unitsByKind,
    loadSeconds,
    indexSeconds,
    vacuumSeconds,
    rowsPerSecond: sip / loadSeconds,
    indexesPerPartition: callPartitions > 0 ? perPartition / callPartitions : 0,
    indexMode: options.indexedLoad ? 'maintained-during-load' : 'built-after-load',
  };
}
