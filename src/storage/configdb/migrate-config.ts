/**
 * Creates homer-app's config tables when missing and seeds `mapping_schema`,
 * `hepsub_mapping_schema` and `global_settings` only when they are empty. Users are not seeded here.
 */

import type { SqlClient, TransactionalSqlClient } from '../types.js';
import { CONFIG_DDL } from './ddl.js';
import { insertGlobalSettingsSeed } from './global-settings-seed.js';
import { HEPSUB_SEED_MAPPING, HEPSUB_SEED_PROFILES } from './mapping-seed.js';
import { insertMappingSeeds } from './seed-mappings.js';

/** Serialises concurrent migrations (two homer-ts processes starting on an empty database). */
export const MIGRATION_LOCK_KEY = 0x686f6d6572; // "homer"

/** The schema version homer-app records for the tables we seed (jsonschema.TableVersion). */
const SEEDED_TABLE_VERSION = 1;

export interface ConfigMigrationResult {
  readonly seededMappings: number;
  readonly seededHepsub: number;
  readonly seededGlobalSettings: number;
}

type SeededTable = 'mapping_schema' | 'hepsub_mapping_schema' | 'global_settings';

async function isEmpty(sql: SqlClient, table: SeededTable): Promise<boolean> {
  const { rows } = await sql.query<{ present: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table}) AS present`);
  return rows[0]?.present !== true;
}

async function hasVersionRow(sql: SqlClient, table: SeededTable): Promise<boolean> {
  const { rows } = await sql.query<{ present: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM versions WHERE table_name = $1) AS present',
    [table],
  );
  return rows[0]?.present === true;
}

export async function migrateConfig(sql: TransactionalSqlClient): Promise<ConfigMigrationResult> {
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await tx.exec(CONFIG_DDL);

    let seededMappings = 0;
    if (await isEmpty(tx, 'mapping_schema')) {
      seededMappings = await insertMappingSeeds(tx);
      // homer-app re-populates (TRUNCATE + seed) any table without a `versions` row when run
      // with its populate flags; the row tells it this table is already set up.
      await tx.query('INSERT INTO versions (table_name, table_version) VALUES ($1, $2)', [
        'mapping_schema',
        SEEDED_TABLE_VERSION,
      ]);
    }

    let seededHepsub = 0;
    if (await isEmpty(tx, 'hepsub_mapping_schema')) {
      for (const profile of HEPSUB_SEED_PROFILES) {
        await tx.query(
          `INSERT INTO hepsub_mapping_schema (guid, profile, hepid, hep_alias, version, mapping)
           VALUES (gen_random_uuid(), $1, '1', 'SIP', '1', $2)`,
          [profile, JSON.stringify(HEPSUB_SEED_MAPPING)],
        );
        seededHepsub++;
      }
      await tx.query('INSERT INTO versions (table_name, table_version) VALUES ($1, $2)', [
        'hepsub_mapping_schema',
        SEEDED_TABLE_VERSION,
      ]);
    }
    // Seeded once: the `versions` row keeps an admin who deleted every setting from getting the
    // defaults back on the next start.
    let seededGlobalSettings = 0;
    if ((await isEmpty(tx, 'global_settings')) && !(await hasVersionRow(tx, 'global_settings'))) {
      seededGlobalSettings = await insertGlobalSettingsSeed(tx);
      await tx.query('INSERT INTO versions (table_name, table_version) VALUES ($1, $2)', [
        'global_settings',
        SEEDED_TABLE_VERSION,
      ]);
    }
    return { seededMappings, seededHepsub, seededGlobalSettings };
  });
}
