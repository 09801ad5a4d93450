/**
 * The write path shared by the PostgreSQL and PGlite backends: partitions first, one fast attempt,
 * then row isolation.
 *
 * heplify-server runs one COPY per batch; one bad row (invalid JSON, a NUL byte, a missing
 * partition) fails the COPY and the whole batch is dropped without retry. Here:
 * 1. the partitions the batch needs are created before the insert;
 * 2. the batch goes in as one statement (or one transaction of statements);
 * 3. on "no partition"/"no table" the cache is refreshed from the catalog, partitions are created
 *    and the batch is retried once;
 * 4. on a data error the batch is bisected inside ONE transaction with a savepoint per attempt:
 *    every good row is stored, each bad row comes back as `rejected` with a reason;
 * 5. on a connection error nothing is committed and `StorageUnavailableError` (retryable) is
 *    thrown: the caller keeps the batch and retries it with backoff.
 */

import type { CaptureRow } from '../../pipeline/row.js';
import type { PartitionManager } from '../partitions.js';
import { assertDataTableName } from '../table-names.js';
import type { RejectedRow, RowWriter, SqlClient, WriteOutcome } from '../types.js';
import { classifyError, errorMessage, RejectReason, toStorageError } from './classify-error.js';
import { chunk } from './statements.js';

/** One connection held for the duration of a `write` call. */
export interface WriteSession {
  /** Inserts `rows` (at most `maxRowsPerStatement`) with ONE statement: multi-row INSERT or COPY. */
  insert(table: string, rows: readonly CaptureRow[]): Promise<void>;
  /** Runs parameterless statements (SAVEPOINT, ...). */
  exec(sql: string): Promise<void>;
  /** This same connection as a `SqlClient`, for partition DDL outside any transaction. */
  readonly sql: SqlClient;
  /** Runs `fn` inside BEGIN … COMMIT on this connection; ROLLBACK when it throws. */
  transaction<T>(fn: (tx: WriteSession) => Promise<T>): Promise<T>;
}

export interface SessionSource {
  /** Runs `fn` with a connection of its own (a pool client; PGlite's single connection). */
  withSession<T>(fn: (session: WriteSession) => Promise<T>): Promise<T>;
}

export interface BatchWriterOptions {
  readonly sessions: SessionSource;
  readonly partitions: PartitionManager;
  /** Rows per statement: 1000 for PostgreSQL, 500 for PGlite (limits.md §3, §4). */
  readonly maxRowsPerStatement: number;
  /** Batches in flight at once (connections). */
  readonly concurrency: number;
}

const SAVEPOINT = 'homer_isolate';
const EMPTY: WriteOutcome = { written: 0, rejected: [] };

export function createBatchWriter(options: BatchWriterOptions): RowWriter {
  const { sessions, partitions, maxRowsPerStatement } = options;

  /** The fast path: one statement, or several in one transaction. Returns the error, if any. */
  async function attempt(
    session: WriteSession,
    table: string,
    rows: readonly CaptureRow[],
  ): Promise<unknown> {
    try {
      if (rows.length <= maxRowsPerStatement) {
        await session.insert(table, rows);
      } else {
        await session.transaction(async (tx) => {
          for (const part of chunk(rows, maxRowsPerStatement)) await tx.insert(table, part);
        });
      }
      return undefined;
    } catch (err) {
      return err ?? new Error('insert failed');
    }
  }

  /** Bisects inside one transaction; a savepoint per attempt keeps the good rows of a failed one. */
  function isolate(
    session: WriteSession,
    table: string,
    rows: readonly CaptureRow[],
    firstKnownBad: boolean,
  ): Promise<WriteOutcome> {
    return session.transaction(async (tx) => {
      const rejected: RejectedRow[] = [];
      let written = 0;

      const tryRows = async (part: readonly CaptureRow[], knownBad: boolean): Promise<void> => {
        if (!knownBad) {
          await tx.exec(`SAVEPOINT ${SAVEPOINT}`);
          try {
            await tx.insert(table, part);
            await tx.exec(`RELEASE SAVEPOINT ${SAVEPOINT}`);
            written += part.length;
            return;
          } catch (err) {
            const cls = classifyError(err);
            if (cls.kind === 'unavailable' || cls.kind === 'fatal') throw err;
            await tx.exec(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}; RELEASE SAVEPOINT ${SAVEPOINT}`);
            if (part.length === 1) {
              rejected.push({
                row: part[0] as CaptureRow,
                reason: cls.kind === 'data' ? cls.reason : RejectReason.noPartition,
                message: errorMessage(err),
              });
              return;
            }
          }
        }
        const mid = part.length >>> 1;
        await tryRows(part.slice(0, mid), false);
        await tryRows(part.slice(mid), false);
      };

      const parts = chunk(rows, maxRowsPerStatement);
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i] as readonly CaptureRow[];
        // A single-statement batch that just failed is known bad: go straight to its halves.
        await tryRows(part, firstKnownBad && i === 0 && part.length > 1);
      }
      return { written, rejected };
    });
  }

  async function writeWith(
    session: WriteSession,
    table: string,
    rows: readonly CaptureRow[],
  ): Promise<WriteOutcome> {
    await partitions.ensureForRows(table, rows, session.sql);
    let err = await attempt(session, table, rows);
    if (err === undefined) return { written: rows.length, rejected: [] };
    let cls = classifyError(err);
    if (cls.kind === 'missing_relation') {
      // Our cache said the partition existed: someone dropped it, or another step's partition
      // leaves a gap. Ask the catalog, fill the gaps, try once more.
      await partitions.refresh(table, session.sql);
      await partitions.ensureForRows(table, rows, session.sql);
      err = await attempt(session, table, rows);
      if (err === undefined) return { written: rows.length, rejected: [] };
      cls = classifyError(err);
    }
    if (cls.kind === 'unavailable' || cls.kind === 'fatal') throw toStorageError(err, cls);
    return isolate(session, table, rows, rows.length <= maxRowsPerStatement);
  }

  return {
    concurrency: options.concurrency,
    async write(table: string, rows: readonly CaptureRow[]): Promise<WriteOutcome> {
      if (rows.length === 0) return EMPTY;
      assertDataTableName(table);
      try {
        return await sessions.withSession((session) => writeWith(session, table, rows));
      } catch (err) {
        throw toStorageError(err);
      }
    },
  };
}
