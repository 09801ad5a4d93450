import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Admin connection used to create and drop throwaway databases. */
export const TEST_PG_ADMIN_URL =
  process.env.HOMER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** URL of the fresh, empty database. */
  readonly url: string;
  readonly name: string;
  /** Drops the database (terminating any connection left open). */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates `homer_test_<random>` on the test server; throws when PostgreSQL is unreachable. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `homer_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop(): Promise<void> {
      if (dropped) return;
      dropped = true;
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * Whether the PostgreSQL variant of a test can run. Unreachable PostgreSQL fails the run in CI
 * (`CI` set) — a CI job must never pass by skipping — and skips with a warning elsewhere.
 */
export async function postgresAvailable(): Promise<boolean> {
  try {
    await withAdmin((c) => c.query('SELECT 1'));
    return true;
  } catch (err) {
    const message = `PostgreSQL not reachable at ${TEST_PG_ADMIN_URL}: ${(err as Error).message}`;
    if (process.env.CI) throw new Error(message, { cause: err });
    console.warn(`${message} — skipping the PostgreSQL variant`);
    return false;
  }
}

/** A plain session on `url` (to lock tables, refuse connections, look at rows) the test closes. */
export async function connectPg(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** The storages a test runs on: PGlite always, PostgreSQL when reachable (required under CI). */
export async function storageKinds(): Promise<readonly ('pglite' | 'postgres')[]> {
  return ['pglite', ...((await postgresAvailable()) ? ['postgres' as const] : [])];
}
