/**
 * Partition step and retention per data table, read from homer-app's `mapping_schema`
 * (`partition_step` in minutes, `retention` in days), so the mapping that drives the UI also drives
 * storage. heplify-server ignores the mapping and uses its own flags; we read it.
 */

import { tableOf } from '../pipeline/row.js';
import { heplifyDefaultStep, normalizeStepMinutes } from './schema/steps.js';
import { isDataTableName } from './table-names.js';
import type { SqlClient } from './types.js';

export interface TableSettings {
  /** Partition size in minutes, one of `ALLOWED_STEP_MINUTES`. */
  readonly stepMinutes: number;
  /** Partitions whose end is older than this many days are dropped. */
  readonly retentionDays: number;
}

export interface TableSettingsEntry extends TableSettings {
  /** `partition_step` as stored, before normalisation (compare to warn about odd values). */
  readonly configuredStepMinutes: number;
}

export type TableSettingsMap = ReadonlyMap<string, TableSettingsEntry>;

/** The `partition_step` / `retention` pair homer-app's own seed writes into every mapping row. */
export const HOMER_APP_PLACEHOLDER = { partitionStep: 10, retention: 10 } as const;

interface MappingRow {
  hepid: number | string | null;
  profile: string | null;
  partition_step: number | string | null;
  retention: number | string | null;
}

/**
 * Reads `(hepid, profile, partition_step, retention)` for every mapping row whose table name is
 * valid. Rows without a usable step or retention get `defaults`. A missing `mapping_schema` (not
 * migrated yet) gives an empty map. Later rows win for a duplicated (hepid, profile).
 */
export async function loadTableSettings(sql: SqlClient, defaults: TableSettings): Promise<TableSettingsMap> {
  let rows: MappingRow[];
  try {
    ({ rows } = await sql.query<MappingRow>(
      'SELECT hepid, profile, partition_step, retention FROM mapping_schema ORDER BY id',
    ));
  } catch (err) {
    if ((err as { code?: unknown }).code === '42P01') return new Map();
    throw err;
  }
  const out = new Map<string, TableSettingsEntry>();
  for (const row of rows) {
    if (row.hepid === null || row.profile === null) continue;
    const table = tableOf({ hepid: Number(row.hepid), profile: row.profile });
    if (!isDataTableName(table)) continue;
    let step = Number(row.partition_step);
    let retention = Number(row.retention);
    if (step === HOMER_APP_PLACEHOLDER.partitionStep && retention === HOMER_APP_PLACEHOLDER.retention) {
      // homer-app seeds every row with these two numbers and nothing reads them there; taking them
      // literally on an existing HOMER database would switch to 10-minute partitions and drop data
      // after 10 days instead of heplify-server's 14. Treat them as "not set".
      step = heplifyDefaultStep(Number(row.hepid));
      retention = defaults.retentionDays;
    }
    out.set(table, {
      stepMinutes: normalizeStepMinutes(step, heplifyDefaultStep(Number(row.hepid))),
      retentionDays:
        Number.isFinite(retention) && retention > 0 ? Math.floor(retention) : defaults.retentionDays,
      configuredStepMinutes: step,
    });
  }
  return out;
}
