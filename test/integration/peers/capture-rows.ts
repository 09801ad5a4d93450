import type { SqlClient } from '../../../src/storage/types.js';

/** The capture tables this test reads; a fixed list, so table names in SQL never come from data. */
export const CAPTURE_TABLES = [
  'hep_proto_1_call',
  'hep_proto_1_default',
  'hep_proto_1_registration',
  'hep_proto_100_default',
] as const;

export type CaptureTable = (typeof CAPTURE_TABLES)[number];

export type JsonObject = Record<string, unknown>;

/** One stored row, read the same way from PostgreSQL and PGlite (JSON as text, time as integers). */
export interface StoredRow {
  readonly sid: string;
  /** The partition holding the row (`tableoid::regclass`). */
  readonly partition: string;
  /** create_date in microseconds since the epoch. */
  readonly createMicros: number;
  readonly protocolHeader: JsonObject;
  readonly dataHeader: JsonObject;
  readonly raw: string;
}

interface RawRow {
  sid: string;
  partition: string;
  micros: string;
  protocol_header: string;
  data_header: string;
  raw: string;
}

/**
 * All rows of one capture table in time order. Ties in create_date (same microsecond) fall back to
 * id, i.e. arrival order. JSON and the timestamp are converted in SQL so both drivers return text.
 */
export async function readRows(sql: SqlClient, table: CaptureTable): Promise<StoredRow[]> {
  const result = await sql.query<RawRow>(
    `SELECT sid,
            tableoid::regclass::text AS partition,
            ((extract(epoch FROM create_date) * 1000000)::bigint)::text AS micros,
            protocol_header::text AS protocol_header,
            data_header::text AS data_header,
            raw
       FROM ${table}
      ORDER BY create_date, id`,
  );
  return result.rows.map((row) => ({
    sid: row.sid,
    partition: row.partition,
    createMicros: Number(row.micros),
    protocolHeader: JSON.parse(row.protocol_header) as JsonObject,
    dataHeader: JSON.parse(row.data_header) as JsonObject,
    raw: row.raw,
  }));
}

export type RowCounts = Record<CaptureTable, number>;

export async function countRows(sql: SqlClient): Promise<RowCounts> {
  const counts = {} as RowCounts;
  for (const table of CAPTURE_TABLES) {
    const result = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = Number(result.rows[0]?.n ?? 0);
  }
  return counts;
}

/**
 * Polls until every table holds at least the expected number of rows, then waits `settleMs` more and
 * counts again, so late duplicates still show up in the exact-count assertions. Throws with the
 * last counts (or the last database error) when `timeoutMs` passes.
 */
export async function waitForRows(
  sql: SqlClient,
  expected: Partial<RowCounts>,
  options: { timeoutMs: number; settleMs: number },
): Promise<RowCounts> {
  const deadline = Date.now() + options.timeoutMs;
  let last: RowCounts | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      const counts = await countRows(sql);
      last = counts;
      lastError = undefined;
      const done = (Object.entries(expected) as [CaptureTable, number][]).every(
        ([table, n]) => counts[table] >= n,
      );
      if (done) {
        await new Promise((resolve) => setTimeout(resolve, options.settleMs));
        return await countRows(sql);
      }
    } catch (err) {
      // The parents may not exist yet if migrations race the first poll; keep polling, report at the end.
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError
        ? `last query failed: ${(lastError as Error).message}`
        : `rows: ${JSON.stringify(last)}`;
      throw new Error(`expected rows ${JSON.stringify(expected)} within ${options.timeoutMs} ms; ${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A partition's range as the catalog has it, in microseconds since the epoch: [from, to). */
export interface PartitionBounds {
  readonly fromMicros: number;
  readonly toMicros: number;
}

/**
 * The real bounds of the named partitions, parsed from `pg_get_expr(relpartbound)` (`FOR VALUES
 * FROM ('…') TO ('…')`) and converted by the database itself, so the session time zone cannot skew them.
 */
export async function readPartitionBounds(
  sql: SqlClient,
  names: readonly string[],
): Promise<Map<string, PartitionBounds>> {
  const result = await sql.query<{ name: string; from_micros: string; to_micros: string }>(
    `SELECT name,
            ((extract(epoch FROM (regexp_match(bound, 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz) * 1000000)::bigint)::text
              AS from_micros,
            ((extract(epoch FROM (regexp_match(bound, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz) * 1000000)::bigint)::text
              AS to_micros
       FROM (SELECT relname::text AS name, pg_get_expr(relpartbound, oid) AS bound
               FROM pg_class
              WHERE relname = ANY($1::text[])) AS partitions`,
    [names],
  );
  return new Map(
    result.rows.map((row) => [
      row.name,
      { fromMicros: Number(row.from_micros), toMicros: Number(row.to_micros) },
    ]),
  );
}
