/**
 * PostgreSQL storage: heplify-server's schema, written by `pg` over a small pool.
 *
 * Two pools on the data database: the writer pool (`poolSize` connections, one batch in flight per
 * connection — limits.md §3: 2 connections ≈ 2× one, more gives nothing on 2 cores) and a query
 * pool for migrations, maintenance and the API, so searches never wait behind ingest and ingest
 * never waits behind a slow search. A third pool when config tables live in another database.
 */

import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CaptureRow } from '../../pipeline/row.js';
import type { PartitionManager, PartitionOptions } from '../partitions.js';
import { createBatchWriter, type SessionSource, type WriteSession } from '../sql/batch-writer.js';
import { createPartitionsAndLifecycle, type Lifecycle } from '../sql/lifecycle.js';
import { binaryCopyColumnsMatch, copyBinarySql, encodeCopyBinary } from '../sql/copy-binary.js';
import {
  copyFromStdinSql,
  copyText,
  multiRowInsertParams,
  multiRowInsertSql,
  PARAMS_PER_ROW,
  MAX_BIND_PARAMS,
} from '../sql/statements.js';
import { createTimestampFormatter, type TimestampFormatter } from '../timestamp.js';
import type { SqlClient, Storage, StorageLogger, TransactionalSqlClient } from '../types.js';
import { poolSqlClient, queryableSqlClient, withClient } from './pg-sql-client.js';

export type { PartitionOptions };

export const BatchMethod = { insert: 'insert', copy: 'copy', binary: 'binary' } as const;
export type BatchMethod = (typeof BatchMethod)[keyof typeof BatchMethod];

export interface PostgresStorageOptions {
  /** Data database (hep_proto_* tables). */
  readonly url: string;
  /** Separate config database (homer-app's homer_config); config tables go to `url` if absent. */
  readonly configUrl?: string;
  /** Writer connections = batches in flight (default 2: one per database core). */
  readonly poolSize?: number;
  /** Connections for SQL other than batch writes (default 2). */
  readonly queryPoolSize?: number;
  /** `insert`: prepared multi-row INSERT; `copy`: COPY FROM STDIN text; `binary`: COPY binary. */
  readonly method?: BatchMethod;
  /** Rows per INSERT statement or COPY (default 1000). */
  readonly maxRowsPerStatement?: number;
  /** `false` runs writer sessions with `synchronous_commit = off` (faster, may lose the last commits on a crash). */
  readonly synchronousCommit?: boolean;
  readonly partitions?: PartitionOptions;
  readonly connectTimeoutMs?: number;
  readonly pingTimeoutMs?: number;
  readonly applicationName?: string;
  readonly logger?: StorageLogger;
}

export interface PostgresStorage extends Storage {
  readonly kind: 'postgres';
  readonly partitions: PartitionManager;
  readonly method: BatchMethod;
  /** Re-reads mapping_schema (partition steps, retention) without touching partitions. */
  reloadSettings: Lifecycle['reloadSettings'];
}

/**
 * COPY binary. bench/store-ceiling.ts (pre-built INVITE rows, heplify-server's 13 SIP indexes, 2
 * connections, synchronous_commit on) measured it level with the prepared multi-row INSERT on the
 * database side (28.3 k / 26.1 k vs 27.9 k / 26.8 k rows/s, interleaved, same PostgreSQL CPU per
 * row) while the `pg` driver's bind serialisation — 16 % of the capture server's busy time at
 * steady load — is gone. Text COPY escapes every value in JS and was the slowest of the three.
 */
export const DEFAULT_BATCH_METHOD: BatchMethod = BatchMethod.binary;

function makePool(
  url: string,
  max: number,
  options: PostgresStorageOptions,
  role: string,
  onConnect?: (client: pg.PoolClient) => void,
  startupOptions?: string,
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    ...(startupOptions ? { options: startupOptions } : {}),
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: options.applicationName ?? 'homer-ts',
  });
  // An idle client whose backend dies emits 'error' on the pool; unhandled, it kills the process.
  pool.on('error', (err) => {
    // pg-pool attaches the whole client to this error; log only what helps, not kilobytes of state.
    const { message, code } = err as Error & { code?: string };
    options.logger?.warn({ err: { message, code }, pool: role }, 'idle database connection lost');
  });
  if (onConnect !== undefined) pool.on('connect', onConnect);
  return pool;
}

/** Own (unpooled) payload memory up to this size is kept for the connection's next batch. */
const MAX_SCRATCH_BYTES = 16 * 1024 * 1024;

function reusableScratch(payload: Buffer): Buffer | undefined {
  // Small payloads may sit in Node's shared allocation pool: never reuse those.
  const { buffer } = payload;
  if (payload.byteOffset !== 0 || buffer.byteLength < 65_536 || buffer.byteLength > MAX_SCRATCH_BYTES)
    return undefined;
  return Buffer.from(buffer);
}

function pgSession(
  client: pg.PoolClient,
  method: BatchMethod,
  maxRows: number,
  format: TimestampFormatter,
  preparedText: (table: string) => string,
  binaryOk: (table: string, sql: SqlClient) => Promise<boolean>,
): WriteSession {
  const sql = queryableSqlClient(client);

  async function insertRows(table: string, rows: readonly CaptureRow[]): Promise<void> {
    const values = multiRowInsertParams(rows, format);
    if (rows.length === maxRows) {
      // Full batches are the steady state under load: a named statement per (table, size) is
      // parsed and planned once per connection (limits.md §3: 52–57 k vs 45 k rows/s).
      // Other sizes go unnamed: a prepared 1000-row INSERT holds ≈ 1 MB of backend memory, so
      // preparing every size a timer flush produces would grow without bound.
      await client.query({ name: `homer_${table}_${rows.length}`, text: preparedText(table), values });
    } else {
      await client.query({ text: multiRowInsertSql(table, rows.length), values });
    }
  }

  /** Streams one COPY payload; pg-copy-streams emits 'finish' only after CommandComplete. */
  function copy(statement: string, payload: string | Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const stream = client.query(copyFrom(statement));
      stream.on('error', reject);
      stream.on('finish', resolve);
      stream.end(payload);
    });
  }

  const copyRows = (table: string, rows: readonly CaptureRow[]): Promise<void> =>
    copy(copyFromStdinSql(table), copyText(rows, format));

  // The previous batch's payload memory. Reused only after its COPY completed (CommandComplete
  // comes after PostgreSQL read every byte), so no socket write can still point into it; a failed
  // COPY drops it. A fresh 2 MB buffer per batch cost page faults and GC pressure on the hot path.
  let scratch: Buffer | undefined;

  async function binaryRows(table: string, rows: readonly CaptureRow[]): Promise<void> {
    if (!(await binaryOk(table, sql))) return insertRows(table, rows);
    const payload = encodeCopyBinary(rows, scratch);
    scratch = undefined;
    await copy(copyBinarySql(table), payload);
    scratch = reusableScratch(payload);
  }

  const insert =
    method === BatchMethod.copy ? copyRows : method === BatchMethod.binary ? binaryRows : insertRows;

  const session: WriteSession = {
    sql,
    insert,
    exec: (text) => sql.exec(text),
    async transaction<T>(fn: (tx: WriteSession) => Promise<T>): Promise<T> {
      await client.query('BEGIN');
      try {
        const result = await fn(session);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
  };
  return session;
}

export async function createPostgresStorage(options: PostgresStorageOptions): Promise<PostgresStorage> {
  const poolSize = Math.max(1, options.poolSize ?? 2);
  const method = options.method ?? DEFAULT_BATCH_METHOD;
  const maxRows = Math.max(
    1,
    Math.min(options.maxRowsPerStatement ?? 1000, Math.floor(MAX_BIND_PARAMS / PARAMS_PER_ROW)),
  );
  const synchronousCommit = options.synchronousCommit ?? true;
  const logger = options.logger;

  const writerPool = makePool(
    options.url,
    poolSize,
    options,
    'writer',
    synchronousCommit
      ? undefined
      : (client) => {
          // Queued before any query the borrower sends, so it applies to every write.
          client.query('SET synchronous_commit = off').catch((err: unknown) => {
            logger?.warn({ err }, 'could not set synchronous_commit = off');
          });
        },
  );
  // JIT off for reads: searches over many partitions pass the JIT cost thresholds and spent 30 ms
  // to 2.5 s compiling plans that run in a few ms (bench:search, docs/PERFORMANCE.md).
  const queryPool = makePool(
    options.url,
    Math.max(1, options.queryPoolSize ?? 4),
    options,
    'query',
    undefined,
    '-c jit=off',
  );
  const configPool =
    options.configUrl !== undefined && options.configUrl !== options.url
      ? makePool(options.configUrl, 2, options, 'config')
      : undefined;

  const sql = poolSqlClient(queryPool);
  const configSql: TransactionalSqlClient = configPool === undefined ? sql : poolSqlClient(configPool);
  const { partitions, lifecycle } = createPartitionsAndLifecycle({
    sql,
    configSql,
    partitions: options.partitions,
    logger,
  });

  const format = createTimestampFormatter();
  const preparedTexts = new Map<string, string>();
  const preparedText = (table: string): string => {
    let text = preparedTexts.get(table);
    if (text === undefined) preparedTexts.set(table, (text = multiRowInsertSql(table, maxRows)));
    return text;
  };
  // Binary COPY is type-exact: a table whose columns differ from heplify-server's (an old or
  // hand-made schema) is written with INSERT instead of having every row rejected.
  const binaryVerdicts = new Map<string, boolean>();
  const binaryOk = async (table: string, client: SqlClient): Promise<boolean> => {
    let ok = binaryVerdicts.get(table);
    if (ok === undefined) {
      const verdict = await binaryCopyColumnsMatch(client, table);
      if (verdict === undefined) return false;
      ok = verdict;
      binaryVerdicts.set(table, ok);
      if (!ok)
        logger?.warn({ table }, 'column types differ from heplify-server: writing this table with INSERT');
    }
    return ok;
  };
  const sessions: SessionSource = {
    withSession: (fn) =>
      withClient(writerPool, (client) =>
        fn(pgSession(client, method, maxRows, format, preparedText, binaryOk)),
      ),
  };
  const writer = createBatchWriter({
    sessions,
    partitions,
    maxRowsPerStatement: maxRows,
    concurrency: poolSize,
  });

  let closed: Promise<void> | undefined;
  const pingTimeoutMs = options.pingTimeoutMs ?? 2_000;

  return {
    kind: 'postgres',
    method,
    sql,
    configSql,
    writer,
    partitions,
    migrate: lifecycle.migrate,
    maintain: lifecycle.maintain,
    reloadSettings: lifecycle.reloadSettings,
    async ping(): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), pingTimeoutMs);
      });
      try {
        const answer = queryPool.query('SELECT 1').then(
          () => true,
          () => false,
        );
        return await Promise.race([answer, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close(): Promise<void> {
      closed ??= Promise.all([writerPool.end(), queryPool.end(), configPool?.end()]).then(() => undefined);
      return closed;
    },
  };
}
