/**
 * The real API for bench:search: storage opened and migrated as `startHomer` does, `prepareApi`,
 * `buildApp`, listening on 127.0.0.1:<free port>, called over HTTP with a login token.
 *
 * The only addition is a recorder around the storage's SQL clients: every statement the API runs
 * (text, parameters, client-observed time) is kept for the request in flight, so the report can
 * split a request's latency into database and Node time and re-run the exact SQL under EXPLAIN.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../src/api/auth/passwords.js';
import { buildApp } from '../../src/api/build-app.js';
import { createRowImporter } from '../../src/api/import-rows.js';
import { prepareApi } from '../../src/api/settings-from-config.js';
import { loadConfig } from '../../src/config/index.js';
import { openStorage } from '../../src/storage/open.js';
import type { PostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import type { SqlClient, Storage, TransactionalSqlClient } from '../../src/storage/types.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { createMetrics } from '../../src/telemetry/metrics.js';

export interface RecordedQuery {
  readonly text: string;
  readonly params: readonly unknown[];
  readonly ms: number;
  readonly rows: number;
}

/** Statements recorded since the last `take()`. */
export class QueryRecorder {
  #queries: RecordedQuery[] = [];

  add(q: RecordedQuery): void {
    this.#queries.push(q);
  }

  take(): RecordedQuery[] {
    const q = this.#queries;
    this.#queries = [];
    return q;
  }
}

function recordingClient<T extends SqlClient>(inner: T, recorder: QueryRecorder): SqlClient {
  return {
    async query<R = Record<string, unknown>>(
      text: string,
      params?: readonly unknown[],
    ): Promise<{ rows: R[] }> {
      const t0 = performance.now();
      const result = await inner.query<R>(text, params);
      recorder.add({ text, params: params ?? [], ms: performance.now() - t0, rows: result.rows.length });
      return result;
    },
    async exec(sql: string): Promise<void> {
      const t0 = performance.now();
      await inner.exec(sql);
      recorder.add({ text: sql, params: [], ms: performance.now() - t0, rows: 0 });
    },
  };
}

function recordingTxClient(inner: TransactionalSqlClient, recorder: QueryRecorder): TransactionalSqlClient {
  return {
    ...recordingClient(inner, recorder),
    transaction: (fn) => inner.transaction((tx) => fn(recordingClient(tx, recorder))),
  };
}

export interface BenchApi {
  readonly storage: PostgresStorage;
  readonly recorder: QueryRecorder;
  readonly baseUrl: string;
  /** POST with the admin's token; returns status, body text and wall time. */
  post(path: string, body: unknown): Promise<{ status: number; text: string; ms: number }>;
  stop(): Promise<void>;
}

/** Opens and migrates the storage only (the loader needs it before the API starts). */
export async function openBenchStorage(url: string): Promise<{ storage: PostgresStorage; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'homer-bench-search-'));
  const config = loadConfig({ env: { HOMER_DB_URL: url, HOMER_DATA_DIR: dataDir, HOMER_LOG_LEVEL: 'warn' } });
  const storage = await openStorage(config, createLogger('warn').child({ component: 'storage' }));
  if (storage.kind !== 'postgres') throw new Error('bench:search needs PostgreSQL');
  await storage.migrate();
  return { storage: storage as PostgresStorage, dataDir };
}

export async function startBenchApi(
  url: string,
  storage: PostgresStorage,
  dataDir: string,
): Promise<BenchApi> {
  const password = randomBytes(12).toString('hex');
  const config = loadConfig({
    env: {
      HOMER_DB_URL: url,
      HOMER_DATA_DIR: dataDir,
      HOMER_LOG_LEVEL: 'warn',
      HOMER_ADMIN_PASSWORD: password,
      HOMER_LOGIN_RATE_LIMIT: '1000',
    },
  });
  const logger = createLogger(config.logLevel);
  const api = await prepareApi(config, storage, logger);
  // A fresh database got this password; a reused one keeps the admin of its first run.
  await storage.configSql.query(`UPDATE users SET hash = $1 WHERE username = 'admin'`, [
    await hashPassword(password),
  ]);
  const recorder = new QueryRecorder();
  const recorded: Storage = {
    ...storage,
    sql: recordingTxClient(storage.sql, recorder),
    configSql:
      storage.configSql === storage.sql
        ? recordingTxClient(storage.sql, recorder)
        : recordingTxClient(storage.configSql, recorder),
  };
  const app: FastifyInstance = await buildApp({
    storage: recorded,
    metrics: createMetrics(),
    logger,
    ready: () => storage.ping(),
    version: 'bench',
    api,
    importRows: createRowImporter(storage.writer),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address !== 'object') throw new Error('no listening address');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  const login = await fetch(`${baseUrl}/api/v3/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const loginText = await login.text();
  if (login.status !== 201) throw new Error(`login failed: ${login.status} ${loginText}`);
  const token = (JSON.parse(loginText) as { token: string }).token;

  return {
    storage,
    recorder,
    baseUrl,
    async post(path, body) {
      const payload = JSON.stringify(body);
      const t0 = performance.now();
      const res = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: payload,
      });
      const text = await res.text();
      return { status: res.status, text, ms: performance.now() - t0 };
    },
    async stop() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
