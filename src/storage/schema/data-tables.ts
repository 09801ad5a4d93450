/**
 * DDL for the data tables: heplify-server's parent table, byte for byte in shape
 * (reference/capture-servers.md §2), and its partitions. Identifiers come from `table-names.ts`
 * only; the bounds are formatted here from numbers.
 */

import { assertDataTableName, partitionName } from '../table-names.js';
import { formatBoundMs } from '../timestamp.js';
import { indexesFor, type IndexSpec } from './indexes.js';

/** The column list every insert and COPY uses, in this order. */
export const DATA_COLUMNS = 'sid, create_date, protocol_header, data_header, raw';

export function parentTableDdl(table: string): string {
  assertDataTableName(table);
  return `CREATE TABLE IF NOT EXISTS ${table} (
  id BIGSERIAL NOT NULL,
  sid varchar NOT NULL,
  create_date timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
  protocol_header jsonb NOT NULL,
  data_header jsonb NOT NULL,
  raw varchar NOT NULL
) PARTITION BY RANGE (create_date)`;
}

export interface PartitionDdl {
  readonly name: string;
  /** Statements separated by `;`, run as one simple-protocol string (one implicit transaction). */
  readonly sql: string;
}

/**
 * `[fromMs, toMs)` as a partition named after `fromMs`. Bounds are explicit UTC literals, so the
 * session's TimeZone cannot shift them (heplify-server writes zone-less ones: issue #28 class of bug).
 */
export function partitionDdl(
  table: string,
  fromMs: number,
  toMs: number,
  indexes: readonly IndexSpec[] = indexesFor(table),
): PartitionDdl {
  assertDataTableName(table);
  const name = partitionName(table, fromMs);
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF ${table} FOR VALUES FROM ('${formatBoundMs(fromMs)}') TO ('${formatBoundMs(toMs)}')`,
    ...indexes.map((ix) => `CREATE INDEX IF NOT EXISTS ${name}_${ix.suffix} ON ${name} ${ix.expr}`),
  ];
  return { name, sql: statements.join(';\n') };
}
