/**
 * `SqlClient` over a `pg` pool. Connection trouble becomes `StorageUnavailableError` (retryable);
 * database errors keep their SQLSTATE in `code` so callers can still tell 23505 from 42P01.
 */

import type pg from 'pg';
import { StorageUnavailableError } from '../errors.js';
import { classifyError } from '../sql/classify-error.js';
import type { SqlClient, TransactionalSqlClient } from '../types.js';

export function asUnavailable(err: unknown): unknown {
  if (err instanceof StorageUnavailableError) return err;
  if (classifyError(err).kind !== 'unavailable') return err;
  return new StorageUnavailableError(
    `database unavailable: ${err instanceof Error ? err.message : String(err)}`,
    { cause: err },
  );
}

/** A `SqlClient` over something with pg's `query` (a pool or one checked-out client). */
export function queryableSqlClient(target: pg.Pool | pg.PoolClient): SqlClient {
  return {
    async query<T = Record<string, unknown>>(
      text: string,
      params?: readonly unknown[],
    ): Promise<{ rows: T[] }> {
      try {
        const result = await target.query(text, params as unknown[] | undefined);
        return { rows: result.rows as T[] };
      } catch (err) {
        throw asUnavailable(err);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        // No parameters: pg uses the simple protocol, so several statements may run in one string
        // (as one implicit transaction).
        await target.query(sql);
      } catch (err) {
        throw asUnavailable(err);
      }
    },
  };
}

/** Checks out a client, attaching an `error` listener for as long as it is held. */
export async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw new StorageUnavailableError(
      `cannot connect to the database: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  // pg-pool removes its idle listener while a client is checked out; without ours, a backend
  // killed between two queries would emit an unhandled 'error' and crash the process.
  let broken: unknown;
  const onError = (err: Error): void => {
    broken = err;
  };
  client.on('error', onError);
  try {
    return await fn(client);
  } catch (err) {
    if (classifyError(err).kind === 'unavailable') broken ??= err;
    throw err;
  } finally {
    client.off('error', onError);
    // A truthy argument destroys the client instead of returning a dead socket to the pool.
    client.release(broken === undefined ? undefined : broken instanceof Error ? broken : true);
  }
}

export function poolSqlClient(pool: pg.Pool): TransactionalSqlClient {
  const base = queryableSqlClient(pool);
  return {
    ...base,
    transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      return withClient(pool, async (client) => {
        const tx = queryableSqlClient(client);
        await tx.exec('BEGIN');
        try {
          const result = await fn(tx);
          await tx.exec('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      });
    },
  };
}
