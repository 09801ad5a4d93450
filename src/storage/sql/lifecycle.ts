/**
 * `migrate()` and `maintain()` for both backends: the same statements through `SqlClient`s.
 */

import { migrateConfig } from '../configdb/migrate-config.js';
import { loadTableSettings, type TableSettings, type TableSettingsMap } from '../mapping.js';
import { DEFAULT_TABLE_SETTINGS, PartitionManager, type PartitionOptions } from '../partitions.js';
import { STANDARD_DATA_TABLES } from '../table-names.js';
import type { MaintenanceReport, StorageLogger, TransactionalSqlClient } from '../types.js';

export interface LifecycleOptions {
  readonly sql: TransactionalSqlClient;
  readonly configSql: TransactionalSqlClient;
  readonly partitions: PartitionManager;
  /** Settings of tables without a mapping row. */
  readonly defaults: TableSettings;
  /** How far ahead `maintain` creates partitions. */
  readonly aheadMinutes: number;
  readonly logger?: StorageLogger;
}

export interface Lifecycle {
  migrate(): Promise<void>;
  maintain(nowMs: number): Promise<MaintenanceReport>;
  /** Re-reads `mapping_schema` into the partition manager (new rows apply without a restart). */
  reloadSettings(): Promise<TableSettingsMap>;
}

export interface PartitionsAndLifecycleOptions {
  readonly sql: TransactionalSqlClient;
  /** Where the config tables (mapping_schema) live: `sql` unless they are in another database. */
  readonly configSql: TransactionalSqlClient;
  readonly partitions?: PartitionOptions;
  readonly logger?: StorageLogger;
}

/**
 * The partition manager and the lifecycle over it, built from a backend's `PartitionOptions` the
 * same way for PostgreSQL and PGlite (defaults: heplify-server's 60 min / 14 days, 360 minutes ahead).
 */
export function createPartitionsAndLifecycle(options: PartitionsAndLifecycleOptions): {
  readonly partitions: PartitionManager;
  readonly lifecycle: Lifecycle;
} {
  const { sql, configSql, logger } = options;
  const partitions = new PartitionManager({
    sql,
    defaults: options.partitions?.defaults,
    indexes: options.partitions?.indexes,
    logger,
    ddlLockTimeoutMs: options.partitions?.ddlLockTimeoutMs,
  });
  const lifecycle = createLifecycle({
    sql,
    configSql,
    partitions,
    defaults: options.partitions?.defaults ?? DEFAULT_TABLE_SETTINGS,
    aheadMinutes: options.partitions?.aheadMinutes ?? 360,
    logger,
  });
  return { partitions, lifecycle };
}

export function createLifecycle(options: LifecycleOptions): Lifecycle {
  const { sql, configSql, partitions, defaults, logger } = options;
  /** Tables already warned about, with the step they were warned for: warn on changes only. */
  const warnedSteps = new Map<string, number>();

  async function reloadSettings(): Promise<TableSettingsMap> {
    const settings = await loadTableSettings(configSql, defaults);
    for (const [table, s] of settings) {
      if (s.configuredStepMinutes !== s.stepMinutes && warnedSteps.get(table) !== s.configuredStepMinutes) {
        warnedSteps.set(table, s.configuredStepMinutes);
        logger?.warn(
          { table, configured: s.configuredStepMinutes, used: s.stepMinutes },
          'mapping_schema.partition_step is not an allowed step; using the next allowed one',
        );
      }
    }
    partitions.setSettings(settings);
    return settings;
  }

  return {
    reloadSettings,

    async migrate(): Promise<void> {
      const result = await migrateConfig(configSql);
      if (result.seededMappings > 0) {
        logger?.info?.({ rows: result.seededMappings }, 'seeded mapping_schema with HOMER 7 defaults');
      }
      await reloadSettings();
      await partitions.load(sql);
      for (const table of STANDARD_DATA_TABLES) await partitions.ensureParent(table, sql);
    },

    async maintain(nowMs: number): Promise<MaintenanceReport> {
      await reloadSettings();
      await partitions.load(sql);
      const partitionsCreated = await partitions.ensureAhead(nowMs, options.aheadMinutes, sql);
      const partitionsDropped = await partitions.dropExpired(nowMs, sql);
      return { partitionsCreated, partitionsDropped };
    },
  };
}
