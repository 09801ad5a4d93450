import type { SqlClient } from '../../storage/types.js';
import { toDataRow, type DataRow } from '../data/rows.js';
import type { BuiltSearchQuery } from './build-query.js';

/** SQLSTATE of "relation does not exist": a mapped profile whose table was never created. */
const UNDEFINED_TABLE = '42P01';

function isUndefinedTable(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === UNDEFINED_TABLE;
}

export interface SearchPage {
  readonly rows: DataRow[];
  /** Rows matching the WHERE (not only the page), at most the query's countCap. */
  readonly total: number;
  /** More than countCap rows match. */
  readonly capped: boolean;
}

/**
 * Runs a built search: the page and, at the same time, the count with the same WHERE (used only
 * when the page is full). A table that does not exist yet (no row of that type ever stored) is an empty answer.
 */
export async function runSearchQuery(
  sql: SqlClient,
  table: string,
  query: BuiltSearchQuery,
  limit: number,
): Promise<SearchPage> {
  // The count starts with the page, on another connection, so a full page costs max(page, count)
  // rather than their sum; when the page is not full the count is cheap and its answer unused.
  const counting = sql.query<{ total: string }>(query.countText, query.values);
  counting.catch(() => undefined);
  try {
    const { rows } = await sql.query<Record<string, unknown>>(query.text, query.values);
    const page = rows.map((r) => toDataRow(r, table));
    if (page.length < limit) return { rows: page, total: page.length, capped: false };
    const counted = await counting;
    const total = Number(counted.rows[0]?.total ?? page.length);
    return { rows: page, total: Math.min(total, query.countCap), capped: total > query.countCap };
  } catch (err) {
    if (isUndefinedTable(err)) return { rows: [], total: 0, capped: false };
    throw err;
  }
}
