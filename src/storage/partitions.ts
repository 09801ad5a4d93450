/**
 * Partitions on demand, ahead of time, and retention — pure SQL through a `SqlClient`, so
 * PostgreSQL and PGlite run the same statements.
 *
 * What it fixes in heplify-server's rotator (reference/capture-servers.md §1.8):
 * - heplify creates yesterday/today/tomorrow only, so a row from last week, from a clock in 2030, or
 *   after 2 days of downtime fails with `no partition of relation ... found for row` and takes its
 *   whole COPY batch with it. Here the writer asks for the partitions a batch needs first.
 * - heplify names and bounds partitions in the host's local time written as zone-less literals;
 *   here names and bounds are UTC and the literals carry `+00`.
 *
 * Existing HOMER databases: partitions are read from the catalog (pg_inherits + their real bounds),
 * not guessed from names. If heplify-server created partitions with another step, a new range that
 * would overlap them ("would overlap partition", 42P17) is not an error: the parts already covered
 * are left alone, and only the uncovered gaps get a partition, named after the gap's start.
 */

import type { CaptureRow } from '../pipeline/row.js';
import { parentTableDdl, partitionDdl } from './schema/data-tables.js';
import { indexesFor, type IndexSpec } from './schema/indexes.js';
import { heplifyDefaultStep } from './schema/steps.js';
import {
  assertDataTableName,
  hepidOf,
  isDataTableName,
  isPartitionNameOf,
  STANDARD_DATA_TABLES,
} from './table-names.js';
import type { TableSettings } from './mapping.js';
import { epochMs } from './timestamp.js';
import type { SqlClient, StorageLogger } from './types.js';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** heplify-server's defaults: 1 h partitions (DBPartSip), 14 days (DBDropDays). */
export const DEFAULT_TABLE_SETTINGS: TableSettings = { stepMinutes: 60, retentionDays: 14 };

export interface PartitionInfo {
  readonly name: string;
  /** Inclusive lower bound, ms since the epoch (−Infinity for MINVALUE). */
  readonly fromMs: number;
  /** Exclusive upper bound, ms since the epoch (+Infinity for MAXVALUE). */
  readonly toMs: number;
}

/** Partition settings a storage backend accepts. */
export interface PartitionOptions {
  /** Step and retention of tables without a mapping_schema row (60 min, 14 days). */
  readonly defaults?: TableSettings;
  /** How far ahead `maintain()` creates partitions (default 360 minutes). */
  readonly aheadMinutes?: number;
  /** Per-partition indexes (heplify-server's set by default). */
  readonly indexes?: (table: string) => readonly IndexSpec[];
  /** Lock wait for partition DDL before it fails as retryable (default 10 s). */
  readonly ddlLockTimeoutMs?: number;
}

export interface PartitionManagerOptions {
  /** Where DDL and catalog reads go unless a call passes its own connection. */
  readonly sql: SqlClient;
  /** Settings of tables without a mapping row. */
  readonly defaults?: TableSettings;
  readonly settings?: ReadonlyMap<string, TableSettings>;
  /** The per-partition index set; heplify-server's by default. */
  readonly indexes?: (table: string) => readonly IndexSpec[];
  readonly logger?: StorageLogger;
  /**
   * `CREATE TABLE ... PARTITION OF` and `DROP TABLE` take an ACCESS EXCLUSIVE lock on the parent and
   * wait for every open transaction on it (a long search, a bisecting writer). Past this wait the
   * DDL fails with 55P03, which the writer reports as retryable, instead of stalling ingest.
   */
  readonly ddlLockTimeoutMs?: number;
}

interface TableState {
  parentExists: boolean;
  /** Sorted by `fromMs`; the DEFAULT partition is not listed (it is not a range). */
  partitions: PartitionInfo[];
  /** Step (ms) the `covered` set was computed for. */
  coveredStepMs: number;
  /** Starts of step-aligned ranges known to be fully covered: the hot-path check. */
  covered: Set<number>;
}

interface CatalogRow {
  parent: string;
  name: string | null;
  is_default: boolean | null;
  from_ms: number | string | null;
  to_ms: number | string | null;
}

/** Reads each partition's real bounds; the cast back to timestamptz makes this DateStyle-proof. */
const CATALOG_SQL = `
SELECT s.parent, s.name, s.bound = 'DEFAULT' AS is_default,
  (extract(epoch FROM substring(s.bound FROM 'FROM \\(''([^'']*)''\\)')::timestamptz) * 1000)::float8 AS from_ms,
  (extract(epoch FROM substring(s.bound FROM 'TO \\(''([^'']*)''\\)')::timestamptz) * 1000)::float8 AS to_ms
FROM (
  SELECT p.relname::text AS parent, c.relname::text AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
  FROM pg_class p
  JOIN pg_namespace n ON n.oid = p.relnamespace AND n.nspname = current_schema()
  LEFT JOIN pg_inherits i ON i.inhparent = p.oid
  LEFT JOIN pg_class c ON c.oid = i.inhrelid
  WHERE p.relkind = 'p' AND p.relname LIKE 'hep\\_proto\\_%' AND ($1::text IS NULL OR p.relname = $1::text)
) s`;

/** Errors after which the catalog, not our cache, says what exists. */
const CONFLICT_CODES = new Set([
  '42P07', // duplicate_table: another writer (or heplify-server) created it
  '23505', // unique_violation on pg_type/pg_class: the same race, caught one step earlier
  '42P17', // "partition ... would overlap partition ...": another step's partition is there
]);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function toNumberOr(value: number | string | null, fallback: number): number {
  if (value === null) return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isNaN(n) ? fallback : n;
}

/** Uncovered sub-ranges of `[fromMs, toMs)` given sorted partitions. */
function gapsIn(partitions: readonly PartitionInfo[], fromMs: number, toMs: number): [number, number][] {
  const gaps: [number, number][] = [];
  let cursor = fromMs;
  for (const p of partitions) {
    if (cursor >= toMs) break;
    if (p.toMs <= cursor) continue;
    if (p.fromMs >= toMs) break;
    if (p.fromMs > cursor) gaps.push([cursor, p.fromMs]);
    cursor = Math.max(cursor, p.toMs);
  }
  if (cursor < toMs) gaps.push([cursor, toMs]);
  return gaps;
}

export class PartitionManager {
  readonly #sql: SqlClient;
  readonly #defaults: TableSettings | undefined;
  #settings: ReadonlyMap<string, TableSettings>;
  readonly #indexes: (table: string) => readonly IndexSpec[];
  readonly #logger: StorageLogger | undefined;
  readonly #lockTimeoutMs: number;
  readonly #tables = new Map<string, TableState>();
  /** One promise chain per table: DDL for a table never runs twice at once in this process. */
  readonly #chains = new Map<string, Promise<unknown>>();

  constructor(options: PartitionManagerOptions) {
    this.#sql = options.sql;
    this.#defaults = options.defaults;
    this.#settings = options.settings ?? new Map();
    this.#indexes = options.indexes ?? ((table: string) => indexesFor(table));
    this.#logger = options.logger;
    this.#lockTimeoutMs = options.ddlLockTimeoutMs ?? 10_000;
  }

  setSettings(settings: ReadonlyMap<string, TableSettings>): void {
    this.#settings = settings;
  }

  settingsFor(table: string): TableSettings {
    const configured = this.#settings.get(table);
    if (configured) return configured;
    if (this.#defaults) return this.#defaults;
    // No mapping row: heplify-server's step for this HEP type (logs 2 h, QoS 6 h, others 1 h).
    return {
      stepMinutes: heplifyDefaultStep(hepidOf(table)),
      retentionDays: DEFAULT_TABLE_SETTINGS.retentionDays,
    };
  }

  /** Parent tables known to exist (from the catalog or created here). */
  tables(): string[] {
    return [...this.#tables].filter(([, s]) => s.parentExists).map(([t]) => t);
  }

  /** Known partitions of `table`, sorted by start. */
  partitionsOf(table: string): readonly PartitionInfo[] {
    return [...(this.#tables.get(table)?.partitions ?? [])];
  }

  /** Replaces the cache with the catalog: every `hep_proto_*` parent and its partitions. */
  async load(via: SqlClient = this.#sql): Promise<void> {
    const found = await this.#readCatalog(via, null);
    for (const [table, state] of this.#tables) {
      if (!found.has(table)) {
        state.parentExists = false;
        state.partitions = [];
        state.covered.clear();
      }
    }
    for (const [table, partitions] of found) this.#setPartitions(table, partitions);
  }

  /** Re-reads one table from the catalog (after "no partition" from the database). */
  refresh(table: string, via: SqlClient = this.#sql): Promise<void> {
    assertDataTableName(table);
    return this.#serialize(table, () => this.#refreshNow(table, via));
  }

  /** Creates the parent if this process has not seen it. */
  ensureParent(table: string, via: SqlClient = this.#sql): Promise<void> {
    assertDataTableName(table);
    if (this.#tables.get(table)?.parentExists) return Promise.resolve();
    return this.#serialize(table, () => this.#ensureParentNow(table, via));
  }

  /**
   * Creates the parent and every partition the rows' timestamps need, whatever the time: last
   * week, next hour, 1999. Returns how many partitions were created. Cheap when nothing is missing.
   */
  ensureForRows(
    table: string,
    rows: readonly Pick<CaptureRow, 'timeSeconds' | 'timeUseconds'>[],
    via: SqlClient = this.#sql,
  ): Promise<number> {
    assertDataTableName(table);
    const state = this.#tables.get(table);
    const stepMs = this.settingsFor(table).stepMinutes * MS_PER_MINUTE;
    const covered =
      state?.parentExists === true && state.coveredStepMs === stepMs ? state.covered : undefined;
    let missing: Set<number> | undefined;
    let last = Number.NaN;
    for (const row of rows) {
      const start = Math.floor(epochMs(row.timeSeconds, row.timeUseconds) / stepMs) * stepMs;
      if (start === last) continue;
      last = start;
      if (covered?.has(start) !== true) (missing ??= new Set()).add(start);
    }
    if (missing === undefined) return Promise.resolve(0);
    const starts = [...missing].sort((a, b) => a - b);
    return this.#serialize(table, () => this.#ensureStartsNow(table, starts, via));
  }

  /** Creates the partitions covering `[fromMs, toMs)` at the table's step. */
  ensureRange(table: string, fromMs: number, toMs: number, via: SqlClient = this.#sql): Promise<number> {
    assertDataTableName(table);
    const stepMs = this.settingsFor(table).stepMinutes * MS_PER_MINUTE;
    const starts: number[] = [];
    for (let s = Math.floor(fromMs / stepMs) * stepMs; s < toMs; s += stepMs) starts.push(s);
    return this.#serialize(table, () => this.#ensureStartsNow(table, starts, via));
  }

  /**
   * For every known parent (and the standard ones): partitions from one step before `nowMs` to
   * `horizonMinutes` after it, so the write path rarely meets DDL at a partition boundary.
   */
  async ensureAhead(nowMs: number, horizonMinutes: number, via: SqlClient = this.#sql): Promise<number> {
    const tables = new Set<string>([...STANDARD_DATA_TABLES, ...this.tables()]);
    let created = 0;
    for (const table of tables) {
      const stepMs = this.settingsFor(table).stepMinutes * MS_PER_MINUTE;
      created += await this.ensureRange(table, nowMs - stepMs, nowMs + horizonMinutes * MS_PER_MINUTE, via);
    }
    return created;
  }

  /**
   * Drops partitions whose END is at least `retentionDays` old. Only children of allowlisted
   * parents and only names `<parent>_YYYYMMDD_HHMM` are candidates: other tables, renamed or
   * archived partitions and the DEFAULT partition are never touched. Retention ≤ 0 keeps all.
   * (heplify-server compares names with "today − days" instead; by real bounds a partition is
   * dropped only once every row in it is past retention.)
   */
  async dropExpired(nowMs: number, via: SqlClient = this.#sql): Promise<number> {
    await this.load(via);
    let dropped = 0;
    for (const table of this.tables()) {
      if (!isDataTableName(table)) continue;
      const { retentionDays } = this.settingsFor(table);
      if (!(retentionDays > 0)) continue;
      const cutoff = nowMs - retentionDays * MS_PER_DAY;
      dropped += await this.#serialize(table, () => this.#dropBeforeNow(table, cutoff, via));
    }
    return dropped;
  }

  #serialize<T>(table: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#chains.get(table) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.#chains.set(table, settled);
    void settled.then(() => {
      if (this.#chains.get(table) === settled) this.#chains.delete(table);
    });
    return next;
  }

  #state(table: string): TableState {
    let state = this.#tables.get(table);
    if (state === undefined) {
      state = { parentExists: false, partitions: [], coveredStepMs: 0, covered: new Set() };
      this.#tables.set(table, state);
    }
    return state;
  }

  #setPartitions(table: string, partitions: PartitionInfo[]): void {
    const state = this.#state(table);
    state.parentExists = true;
    state.partitions = partitions.sort((a, b) => a.fromMs - b.fromMs);
    // A reload may have lost partitions (dropped elsewhere): forget what we thought was covered.
    state.covered.clear();
  }

  async #readCatalog(via: SqlClient, table: string | null): Promise<Map<string, PartitionInfo[]>> {
    const { rows } = await via.query<CatalogRow>(CATALOG_SQL, [table]);
    const found = new Map<string, PartitionInfo[]>();
    for (const row of rows) {
      if (!isDataTableName(row.parent)) continue;
      let list = found.get(row.parent);
      if (list === undefined) found.set(row.parent, (list = []));
      if (row.name === null || row.is_default === true) continue;
      list.push({
        name: row.name,
        fromMs: toNumberOr(row.from_ms, Number.NEGATIVE_INFINITY),
        toMs: toNumberOr(row.to_ms, Number.POSITIVE_INFINITY),
      });
    }
    return found;
  }

  async #refreshNow(table: string, via: SqlClient): Promise<void> {
    const found = await this.#readCatalog(via, table);
    const partitions = found.get(table);
    if (partitions === undefined) {
      const state = this.#state(table);
      state.parentExists = false;
      state.partitions = [];
      state.covered.clear();
    } else {
      this.#setPartitions(table, partitions);
    }
  }

  async #ensureParentNow(table: string, via: SqlClient): Promise<void> {
    const state = this.#state(table);
    if (state.parentExists) return;
    try {
      await via.exec(parentTableDdl(table));
    } catch (err) {
      // Two processes creating the same parent: the loser sees 23505 or 42P07; it exists now.
      if (!CONFLICT_CODES.has(codeOf(err) ?? '')) throw err;
    }
    await this.#refreshNow(table, via);
  }

  async #ensureStartsNow(table: string, starts: readonly number[], via: SqlClient): Promise<number> {
    await this.#ensureParentNow(table, via);
    const state = this.#state(table);
    const stepMs = this.settingsFor(table).stepMinutes * MS_PER_MINUTE;
    if (state.coveredStepMs !== stepMs) {
      state.coveredStepMs = stepMs;
      state.covered.clear();
    }
    let created = 0;
    for (const start of starts) {
      if (state.covered.has(start)) continue;
      created += await this.#coverNow(table, state, start, start + stepMs, via);
      state.covered.add(start);
    }
    return created;
  }

  /** Creates partitions for the uncovered parts of `[fromMs, toMs)`; a few rounds at most. */
  async #coverNow(
    table: string,
    state: TableState,
    fromMs: number,
    toMs: number,
    via: SqlClient,
  ): Promise<number> {
    let created = 0;
    for (let round = 0; round < 3; round++) {
      const gaps = gapsIn(state.partitions, fromMs, toMs);
      if (gaps.length === 0) return created;
      let conflict = false;
      for (const [gapFrom, gapTo] of gaps) {
        const ddl = partitionDdl(table, gapFrom, gapTo, this.#indexes(table));
        try {
          await via.exec(
            `SET LOCAL lock_timeout = ${Math.max(1, Math.floor(this.#lockTimeoutMs))};\n${ddl.sql}`,
          );
          created++;
          state.partitions.push({ name: ddl.name, fromMs: gapFrom, toMs: gapTo });
          state.partitions.sort((a, b) => a.fromMs - b.fromMs);
        } catch (err) {
          const code = codeOf(err);
          if (code === '23514') {
            // A DEFAULT partition already holds rows of this range: rows keep going there.
            this.#logger?.warn(
              { table, partition: ddl.name, err },
              'range held by the DEFAULT partition; not created',
            );
            return created;
          }
          if (!CONFLICT_CODES.has(code ?? '')) throw err;
          conflict = true;
        }
      }
      if (conflict) await this.#refreshNow(table, via);
    }
    if (gapsIn(state.partitions, fromMs, toMs).length > 0) {
      this.#logger?.warn(
        { table, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
        'could not cover range with partitions (conflicting existing tables); rows there will be rejected',
      );
    }
    return created;
  }

  async #dropBeforeNow(table: string, cutoffMs: number, via: SqlClient): Promise<number> {
    const state = this.#state(table);
    let dropped = 0;
    for (const p of [...state.partitions]) {
      if (!(Number.isFinite(p.toMs) && p.toMs <= cutoffMs && isPartitionNameOf(table, p.name))) continue;
      try {
        await via.exec(
          `SET LOCAL lock_timeout = ${Math.max(1, Math.floor(this.#lockTimeoutMs))};\nDROP TABLE IF EXISTS ${p.name}`,
        );
        dropped++;
      } catch (err) {
        this.#logger?.warn({ table, partition: p.name, err }, 'could not drop expired partition');
        continue;
      }
      state.partitions = state.partitions.filter((q) => q.name !== p.name);
      state.covered.clear();
    }
    return dropped;
  }
}
