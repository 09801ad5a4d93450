/**
 * The only source of SQL identifiers for data tables. Every table and partition name that reaches
 * SQL text passes one of these checks first; nothing from the wire is spliced into SQL unchecked.
 */

import { StorageError } from './errors.js';

/** `hep_proto_{hepid}_{profile}`: the naming heplify-server and homer-app use. */
const DATA_TABLE_RE = /^hep_proto_\d{1,5}_[a-z][a-z0-9_]{0,40}$/;

/**
 * PostgreSQL silently truncates identifiers to 63 bytes (NAMEDATALEN − 1). A partition adds
 * `_YYYYMMDD_HHMM` (14) and its longest heplify index suffix is 15 (`_correlation_id`,
 * `_calling_number`), so a longer table name would yield truncated index names that can collide —
 * and `CREATE INDEX IF NOT EXISTS` would then skip the second index without a word.
 */
export const MAX_DATA_TABLE_NAME_LENGTH = 63 - 14 - 15;

/** The 8 parents created by `migrate()`: heplify-server's 7 plus the DNS table it forgets. */
export const STANDARD_DATA_TABLES = [
  'hep_proto_1_call',
  'hep_proto_1_registration',
  'hep_proto_1_default',
  'hep_proto_5_default',
  'hep_proto_35_default',
  'hep_proto_53_default',
  'hep_proto_54_default',
  'hep_proto_100_default',
] as const;

export class InvalidTableNameError extends StorageError {
  constructor(name: string) {
    super('invalid_table_name', `not an allowed data table name: ${JSON.stringify(name.slice(0, 80))}`);
  }
}

export function isDataTableName(name: string): boolean {
  return name.length <= MAX_DATA_TABLE_NAME_LENGTH && DATA_TABLE_RE.test(name);
}

export function assertDataTableName(name: string): string {
  if (!isDataTableName(name)) throw new InvalidTableNameError(name);
  return name;
}

/** The hepid part of a valid data table name. */
export function hepidOf(table: string): number {
  return Number(table.slice('hep_proto_'.length, table.indexOf('_', 'hep_proto_'.length)));
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `<table>_YYYYMMDD_HHMM` for a partition starting at `startMs` (UTC). */
export function partitionName(table: string, startMs: number): string {
  const d = new Date(startMs);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  return `${table}_${y}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}_${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}`;
}

const PARTITION_SUFFIX_RE = /^_\d{8}_\d{4}$/;

/** True when `name` is `<table>_YYYYMMDD_HHMM`: the only children retention may drop. */
export function isPartitionNameOf(table: string, name: string): boolean {
  return (
    name.length === table.length + 14 &&
    name.startsWith(table) &&
    PARTITION_SUFFIX_RE.test(name.slice(table.length))
  );
}
