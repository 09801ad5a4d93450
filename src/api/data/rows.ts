import { assertDataTableName } from '../../storage/table-names.js';

/**
 * Columns every API read of a `hep_proto_*` table selects. `create_date` comes back as whole
 * microseconds since the epoch (text): node-postgres turns timestamptz into a JS Date, which keeps
 * only milliseconds, and the call flow orders messages by microsecond.
 */
export const DATA_ROW_COLUMNS = `id, sid, (extract(epoch FROM create_date) * 1000000)::bigint::text AS create_us,
  protocol_header, data_header, raw`;

/** One stored message as the API reads it. */
export interface DataRow {
  readonly id: number;
  readonly sid: string;
  /** `create_date` in microseconds since the epoch. */
  readonly createUs: number;
  readonly protocolHeader: Record<string, unknown>;
  readonly dataHeader: Record<string, unknown>;
  readonly raw: string;
  /** `hep_proto_{hepid}_{profile}` the row was read from. */
  readonly table: string;
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Turns a row selected with `DATA_ROW_COLUMNS` from `table` into a DataRow. */
export function toDataRow(row: Record<string, unknown>, table: string): DataRow {
  return {
    id: Number(row.id),
    sid: String(row.sid ?? ''),
    createUs: Number(row.create_us),
    protocolHeader: asObject(row.protocol_header),
    dataHeader: asObject(row.data_header),
    raw: String(row.raw ?? ''),
    table,
  };
}

/** `create_date` in epoch milliseconds (homer-app's `create_date` in API replies). */
export function createDateMs(row: Pick<DataRow, 'createUs'>): number {
  return Math.floor(row.createUs / 1000);
}

/** `hep_proto_{hepid}_{profile}`, validated, for a `"{hepid}_{profile}"` search key. */
export function tableForKey(key: string): string {
  return assertDataTableName(`hep_proto_${key}`);
}

/** Epoch milliseconds → a timestamptz parameter that keeps the milliseconds exactly. */
export function msToTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
