/**
 * Embedded storage: PGlite (PostgreSQL 18 compiled to WASM) persisted in a data folder, running the
 * SAME SQL as the PostgreSQL backend — schema, partitions, retention and the batch writer.
 *
 * PGlite is one connection on the Node main thread: `concurrency` is 1, and multi-row INSERTs of
 * 500 rows measured best on disk (limits.md §4: 25.6 k rows/s; COPY from a blob is no faster).
 * Its defaults run with fsync off: a crash can lose recent writes. Fine for a single-box setup or
 * tests, not a production capture store.
 */

import { mkdir } from 'node:fs/promises';
import { PGlite, type PGliteOptions, type Transaction } from '@electric-sql/pglite';
import type { CaptureRow } from '../../pipeline/row.js';
import type { PartitionManager, PartitionOptions } from '../partitions.js';
import { createPartitionsAndLifecycle, type Lifecycle } from '../sql/lifecycle.js';
import { createBatchWriter, type SessionSource, type WriteSession } from '../sql/batch-writer.js';
import { multiRowInsertParams, multiRowInsertSql } from '../sql/statements.js';
import { createTimestampFormatter, type TimestampFormatter } from '../timestamp.js';
import type { Storage, StorageLogger, SqlClient, TransactionalSqlClient } from '../types.js';

export interface PgliteStorageOptions {
  /** Folder for the database files; created when missing. */
  readonly dataDir: string;
  /** Rows per INSERT statement (default 500). */
  readonly maxRowsPerStatement?: number;
  readonly partitions?: PartitionOptions;
  readonly logger?: StorageLogger;
  /** Passed to PGlite (extensions, relaxedDurability, ...). */
  readonly pglite?: Omit<PGliteOptions, 'dataDir'>;
}

export interface PgliteStorage extends Storage {
  readonly kind: 'pglite';
  readonly partitions: PartitionManager;
  /** The PGlite instance, for tools that need it directly (tests, dumps). */
  readonly db: PGlite;
  reloadSettings: Lifecycle['reloadSettings'];
}

type Queryable = Pick<PGlite | Transaction, 'query' | 'exec'>;

function pgliteSqlClient(target: Queryable): SqlClient {
  return {
    async query<T = Record<string, unknown>>(
      text: string,
      params?: readonly unknown[],
    ): Promise<{ rows: T[] }> {
      const result = await target.query<T>(text, params === undefined ? undefined : [...params]);
      return { rows: result.rows };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

function pgliteSession(target: PGlite | Transaction, db: PGlite, format: TimestampFormatter): WriteSession {
  const sql = pgliteSqlClient(target);
  return {
    sql,
    async insert(table: string, rows: readonly CaptureRow[]): Promise<void> {
      await target.query(multiRowInsertSql(table, rows.length), multiRowInsertParams(rows, format));
    },
    exec: (text) => sql.exec(text),
    transaction<T>(fn: (tx: WriteSession) => Promise<T>): Promise<T> {
      // PGlite's transaction() holds its exclusive lock: no other query (a search, maintenance)
      // can slip into our BEGIN … COMMIT on the shared connection.
      return db.transaction((tx) => fn(pgliteSession(tx, db, format)));
    },
  };
}

export async function createPgliteStorage(options: PgliteStorageOptions): Promise<PgliteStorage> {
  await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir, options.pglite);
  const logger = options.logger;
  const maxRows = Math.max(1, options.maxRowsPerStatement ?? 500);

  const base = pgliteSqlClient(db);
  const sql: TransactionalSqlClient = {
    ...base,
    transaction: <T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> =>
      db.transaction((tx) => fn(pgliteSqlClient(tx))),
  };
  const { partitions, lifecycle } = createPartitionsAndLifecycle({
    sql,
    configSql: sql,
    partitions: options.partitions,
    logger,
  });
  const format = createTimestampFormatter();
  const sessions: SessionSource = {
    withSession: (fn) => fn(pgliteSession(db, db, format)),
  };
  const writer = createBatchWriter({ sessions, partitions, maxRowsPerStatement: maxRows, concurrency: 1 });

  let closed: Promise<void> | undefined;
  return {
    kind: 'pglite',
    db,
    sql,
    configSql: sql,
    writer,
    partitions,
    migrate: lifecycle.migrate,
    maintain: lifecycle.maintain,
    reloadSettings: lifecycle.reloadSettings,
    async ping(): Promise<boolean> {
      if (db.closed) return false;
      try {
        await db.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close(): Promise<void> {
      closed ??= db.closed ? Promise.resolve() : db.close();
      return closed;
    },
  };
}
