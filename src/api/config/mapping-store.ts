import type { SqlClient } from '../../storage/types.js';

/** One entry of `fields_mapping` (homer-app keys; unknown keys are kept for the UI). */
export interface FieldDescriptor {
  readonly id: string;
  readonly name?: string;
  readonly type?: string;
  readonly skip?: boolean;
  readonly [key: string]: unknown;
}

/** One `correlation_mapping` rule (homer-app keys; see reference/homer-app.md §2.3). */
export interface CorrelationRuleRecord {
  readonly source_field?: string;
  readonly lookup_id?: number;
  readonly lookup_profile?: string;
  readonly lookup_field?: string;
  readonly lookup_range?: readonly number[];
  readonly [key: string]: unknown;
}

/** A `mapping_schema` row with its JSON columns parsed. */
export interface MappingRecord {
  readonly id: number;
  readonly guid: string;
  readonly hepid: number;
  readonly profile: string;
  readonly hep_alias: string | null;
  readonly partid: number;
  readonly version: number;
  readonly retention: number;
  readonly partition_step: number;
  readonly create_index: unknown;
  readonly create_table: string | null;
  readonly correlation_mapping: readonly CorrelationRuleRecord[];
  readonly fields_mapping: readonly FieldDescriptor[];
  readonly fields_settings: unknown;
  readonly schema_mapping: unknown;
  readonly schema_settings: unknown;
  readonly create_date: string;
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function asArray<T>(value: unknown): T[] {
  const parsed = parseJson(value);
  return Array.isArray(parsed) ? (parsed as T[]) : [];
}

export const MAPPING_COLUMNS = `id, guid::text AS guid, hepid, profile, hep_alias, partid, version, retention, partition_step,
  create_index, create_table, correlation_mapping, fields_mapping, mapping_settings, schema_mapping, schema_settings,
  to_char(create_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS create_date`;

/** Turns a raw `SELECT ${MAPPING_COLUMNS}` row into a record (JSON parsed, numbers as numbers). */
export function toMappingRecord(row: Record<string, unknown>): MappingRecord {
  return {
    id: Number(row.id),
    guid: String(row.guid ?? ''),
    hepid: Number(row.hepid),
    profile: String(row.profile ?? ''),
    hep_alias: (row.hep_alias as string | null) ?? null,
    partid: Number(row.partid),
    version: Number(row.version),
    retention: Number(row.retention),
    partition_step: Number(row.partition_step),
    create_index: parseJson(row.create_index) ?? {},
    create_table: (row.create_table as string | null) ?? null,
    correlation_mapping: asArray<CorrelationRuleRecord>(row.correlation_mapping),
    fields_mapping: asArray<FieldDescriptor>(row.fields_mapping).filter(
      (f) => f !== null && typeof f === 'object' && typeof f.id === 'string',
    ),
    fields_settings: parseJson(row.mapping_settings) ?? {},
    schema_mapping: parseJson(row.schema_mapping) ?? {},
    schema_settings: parseJson(row.schema_settings) ?? {},
    create_date: String(row.create_date ?? ''),
  };
}

/**
 * Cached view of `mapping_schema`: searches and correlation read it on every request, writes
 * through the mapping routes call `invalidate()`. The short TTL picks up rows another process
 * (homer-app, a second homer-ts) changed.
 */
export class MappingStore {
  private cached?: { at: number; rows: Promise<MappingRecord[]> };

  constructor(
    private readonly sql: SqlClient,
    private readonly ttlMs = 5_000,
  ) {}

  list(): Promise<MappingRecord[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const rows = this.sql
        .query<Record<string, unknown>>(`SELECT ${MAPPING_COLUMNS} FROM mapping_schema ORDER BY id`)
        .then((r) => r.rows.map(toMappingRecord));
      rows.catch(() => {
        if (this.cached?.rows === rows) this.cached = undefined;
      });
      this.cached = { at: now, rows };
    }
    return this.cached.rows;
  }

  /** The mapping for `hep_proto_{hepid}_{profile}`; the last row wins for duplicates. */
  async find(hepid: number, profile: string): Promise<MappingRecord | undefined> {
    const rows = await this.list();
    let found: MappingRecord | undefined;
    for (const row of rows) if (row.hepid === hepid && row.profile === profile) found = row;
    return found;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
