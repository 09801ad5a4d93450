/**
 * The one place that writes default `mapping_schema` rows: the first migration seeds them all, the
 * API's `mapping/protocol/reset` routes re-seed all or one.
 */

import type { SqlClient } from '../types.js';
import { CREATE_TABLE_PLACEHOLDER, MAPPING_SEED, type MappingSeed } from './mapping-seed.js';

/** Inserts the given default mappings (all of them when none are given); returns how many. */
export async function insertMappingSeeds(
  sql: SqlClient,
  seeds: readonly MappingSeed[] = MAPPING_SEED,
): Promise<number> {
  for (const m of seeds) {
    await sql.query(
      `INSERT INTO mapping_schema (guid, profile, hepid, hep_alias, partid, version, retention, partition_step,
         create_index, create_table, correlation_mapping, fields_mapping, mapping_settings, schema_mapping, schema_settings)
       VALUES (gen_random_uuid(), $1, $2, $3, 10, 1, $4, $5, '{}', $6, $7, $8, '{}', '{}', '{}')`,
      [
        m.profile,
        m.hepid,
        m.hepAlias,
        m.retentionDays,
        m.partitionStepMinutes,
        CREATE_TABLE_PLACEHOLDER,
        JSON.stringify(m.correlationMapping),
        JSON.stringify(m.fieldsMapping),
      ],
    );
  }
  return seeds.length;
}
