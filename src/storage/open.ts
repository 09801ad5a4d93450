/**
 * Picks the storage backend from the config: PostgreSQL when a database URL is set, otherwise
 * embedded PGlite in `<dataDir>/pgdata` (zero-config start).
 */

import { join } from 'node:path';
import type { HomerConfig } from '../config/index.js';
import { createPgliteStorage } from './pglite/pglite-storage.js';
import { createPostgresStorage } from './postgres/postgres-storage.js';
import type { Storage, StorageLogger } from './types.js';

/** The PGlite folder inside the data dir (the data dir also holds generated TLS keys). */
export const PGLITE_SUBDIR = 'pgdata';

export async function openStorage(config: HomerConfig, logger?: StorageLogger): Promise<Storage> {
  const partitions = { aheadMinutes: config.partitionAheadHours * 60 };
  if (config.dbUrl !== '') {
    return createPostgresStorage({
      url: config.dbUrl,
      configUrl: config.configDbUrl === '' ? undefined : config.configDbUrl,
      poolSize: config.dbPoolSize,
      method: config.dbInsertMethod,
      synchronousCommit: config.dbSynchronousCommit,
      partitions,
      logger,
    });
  }
  return createPgliteStorage({ dataDir: join(config.dataDir, PGLITE_SUBDIR), partitions, logger });
}
