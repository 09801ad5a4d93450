import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteStorage, type PgliteStorage } from '../../../src/storage/pglite/pglite-storage.js';
import {
  createPostgresStorage,
  type PostgresStorage,
  type PostgresStorageOptions,
} from '../../../src/storage/postgres/postgres-storage.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.js';

export type AnyStorage = PostgresStorage | PgliteStorage;

export interface OpenedStorage {
  readonly storage: AnyStorage;
  /** Opens another storage on the same database (PostgreSQL only: PGlite holds its folder alone). */
  readonly openAnother?: (options?: Partial<PostgresStorageOptions>) => Promise<PostgresStorage>;
  close(): Promise<void>;
}

/**
 * Sessions run in a non-UTC zone on purpose: partition bounds and stored timestamps must not move
 * with the session TimeZone (heplify-server's do).
 */
const SESSION_TIME_ZONE = 'America/New_York';

export async function openPostgres(options: Partial<PostgresStorageOptions> = {}): Promise<OpenedStorage> {
  const database: TestDatabase = await createTestDatabase();
  const url = new URL(database.url);
  url.searchParams.set('options', `-c TimeZone=${SESSION_TIME_ZONE}`);
  const opened: PostgresStorage[] = [];
  const open = async (extra: Partial<PostgresStorageOptions> = {}): Promise<PostgresStorage> => {
    const storage = await createPostgresStorage({ url: url.toString(), ...options, ...extra });
    opened.push(storage);
    return storage;
  };
  const storage = await open();
  return {
    storage,
    openAnother: open,
    async close(): Promise<void> {
      await Promise.all(opened.map((s) => s.close()));
      await database.drop();
    },
  };
}

export async function openPglite(): Promise<OpenedStorage> {
  const dir = await mkdtemp(join(tmpdir(), 'homer-pglite-'));
  const storage = await createPgliteStorage({ dataDir: join(dir, 'db') });
  await storage.db.exec(`SET TimeZone = '${SESSION_TIME_ZONE}'`);
  return {
    storage,
    async close(): Promise<void> {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
