import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import type { CaptureService } from '../../src/capture/capture-service.js';
import { startHomer, type RunningHomer } from '../../src/server.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { createTestDatabase } from './pg.js';

/** The `admin` password every test server starts with. */
export const TEST_ADMIN_PASSWORD = 'test-admin-password';

export type StorageKind = 'postgres' | 'pglite';

export interface TestHomer {
  readonly homer: RunningHomer;
  /** The capture role (always on in these tests). */
  readonly capture: CaptureService;
  readonly dataDir: string;
  /** The PostgreSQL URL of the test database (postgres kind only). */
  readonly dbUrl?: string;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * Starts homer-ts in this process on free loopback ports, on a fresh PostgreSQL database or a
 * fresh PGlite data dir. `env` overrides settings (HOMER_* names).
 */
export async function startTestHomer(
  kind: StorageKind,
  env: Record<string, string> = {},
): Promise<TestHomer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'homer-test-'));
  const database = kind === 'postgres' ? await createTestDatabase() : undefined;
  const config = loadConfig({
    env: {
      HOMER_DATA_DIR: dataDir,
      HOMER_DB_URL: database?.url ?? '',
      HOMER_HEP_UDP: '127.0.0.1:0',
      HOMER_HEP_TCP: '127.0.0.1:0',
      HOMER_HEP_TLS: '127.0.0.1:0',
      HOMER_HTTP: '127.0.0.1:0',
      HOMER_LOG_LEVEL: 'warn',
      HOMER_FLUSH_MS: '20',
      HOMER_PARTITION_AHEAD_HOURS: '1',
      HOMER_UDP_RCVBUF: String(4 * 1024 * 1024),
      HOMER_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      ...env,
    },
  });
  const homer = await startHomer(config, createLogger(config.logLevel));
  const capture = homer.capture;
  if (!capture) throw new Error('capture role did not start');
  return {
    homer,
    capture,
    dataDir,
    dbUrl: database?.url,
    async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
      const result = await homer.storage.sql.query<T>(text, params);
      return result.rows;
    },
    async stop(): Promise<void> {
      await homer.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
