import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../src/api/auth/passwords.js';
import { buildApp, type ApiSettings } from '../../src/api/build-app.js';
import { createRowImporter } from '../../src/api/import-rows.js';
import { prepareApi } from '../../src/api/settings-from-config.js';
import { loadConfig } from '../../src/config/index.js';
import type { CaptureRow } from '../../src/pipeline/row.js';
import { openStorage } from '../../src/storage/open.js';
import type { Storage } from '../../src/storage/types.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { createMetrics } from '../../src/telemetry/metrics.js';
import { TEST_ADMIN_PASSWORD, type StorageKind } from './homer.js';
import { createTestDatabase } from './pg.js';

export { TEST_ADMIN_PASSWORD };

/** The non-admin user every test API has (usergroup `user`). */
export const TEST_USER = { username: 'alice', password: 'alice-password', usergroup: 'user' } as const;

export interface CallOptions {
  /** A login token (JWT) sent as `Authorization: Bearer`. */
  readonly token?: string;
  /** Sent as the `Auth-Token` header. */
  readonly apiToken?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface CallResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
  readonly rawPayload: Buffer;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TestApi {
  readonly kind: StorageKind;
  readonly app: FastifyInstance;
  readonly storage: Storage;
  readonly settings: ApiSettings;
  /** Login token of `admin`. */
  readonly adminToken: string;
  /** Login token of TEST_USER (non-admin). */
  readonly userToken: string;
  /** Calls the app in-process (`app.inject`); paths are absolute, e.g. `/api/v3/alias`. */
  call(method: string, url: string, options?: CallOptions): Promise<CallResult>;
  /** Runs SQL on the data database. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs SQL on the config database. */
  configQuery<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Stores rows as if captured (through the capture writer). */
  insertRows(rows: readonly CaptureRow[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the API app on a fresh PostgreSQL database or PGlite data dir, migrated, with `admin`
 * (TEST_ADMIN_PASSWORD) and TEST_USER, and logs both in. No port is opened: calls go through
 * `app.inject`. `env` overrides settings (HOMER_* names).
 */
export async function startTestApi(
  kind: StorageKind,
  env: Record<string, string> = {},
  extra: { readonly webDir?: string } = {},
): Promise<TestApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'homer-api-test-'));
  const database = kind === 'postgres' ? await createTestDatabase() : undefined;
  const config = loadConfig({
    env: {
      HOMER_DATA_DIR: dataDir,
      HOMER_DB_URL: database?.url ?? '',
      HOMER_LOG_LEVEL: 'warn',
      HOMER_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      HOMER_LOGIN_RATE_LIMIT: '1000',
      ...env,
    },
  });
  const logger = createLogger(config.logLevel);
  const storage = await openStorage(config, logger);
  await storage.migrate();
  const settings = await prepareApi(config, storage, logger);
  const app = await buildApp({
    storage,
    metrics: createMetrics(),
    logger,
    ready: () => storage.ping(),
    version: 'test',
    api: settings,
    importRows: createRowImporter(storage.writer),
    ...(extra.webDir ? { webDir: extra.webDir } : {}),
  });
  await app.ready();

  await storage.configSql.query(
    `INSERT INTO users (username, partid, email, firstname, lastname, department, usergroup, hash, guid)
     VALUES ($1, 10, 'alice@example.com', 'Alice', 'Tester', 'QA', $2, $3, $4)`,
    [TEST_USER.username, TEST_USER.usergroup, await hashPassword(TEST_USER.password), randomUUID()],
  );

  const call = async (method: string, url: string, options: CallOptions = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.apiToken) headers['auth-token'] = options.apiToken;
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
    let json: unknown;
    try {
      json = JSON.parse(response.body) as unknown;
    } catch {
      json = undefined;
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      body: response.body,
      rawPayload: response.rawPayload,
      json,
    };
  };
  const login = async (username: string, password: string): Promise<string> => {
    const res = await call('POST', '/api/v3/auth', { body: { username, password } });
    if (res.status !== 201) throw new Error(`login of ${username} failed: ${res.status} ${res.body}`);
    return (res.json as { token: string }).token;
  };
  const adminToken = await login('admin', TEST_ADMIN_PASSWORD);
  const userToken = await login(TEST_USER.username, TEST_USER.password);
  const importRows = createRowImporter(storage.writer);

  return {
    kind,
    app,
    storage,
    settings,
    adminToken,
    userToken,
    call,
    async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
      return (await storage.sql.query<T>(text, params)).rows;
    },
    async configQuery<T>(text: string, params: unknown[] = []): Promise<T[]> {
      return (await storage.configSql.query<T>(text, params)).rows;
    },
    async insertRows(rows: readonly CaptureRow[]): Promise<void> {
      const outcome = await importRows(rows);
      if (outcome.rejected > 0) throw new Error(`${outcome.rejected} rows rejected`);
    },
    async stop(): Promise<void> {
      await app.close();
      await storage.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
