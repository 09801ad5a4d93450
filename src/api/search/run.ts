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

const HOUR_MS = 3_600_000;

/**
 * Newest-first time slices of [fromMs, toMs] (both inclusive, ms): the last hour, the five before
 * it, then the rest. A page is usually filled from the first slice, so the query plans and reads one
 * or two hourly partitions instead of a whole day's.
 */
export function newestFirstSlices(fromMs: number, toMs: number): { fromMs: number; toMs: number }[] {
  const slices: { fromMs: number; toMs: number }[] = [];
  let end = toMs;
  for (const span of [HOUR_MS, 5 * HOUR_MS, Number.POSITIVE_INFINITY]) {
    if (end < fromMs) break;
    const start = Math.max(fromMs, end - span + 1);
    slices.push({ fromMs: start, toMs: end });
    end = start - 1;
  }
  return slices;
}

/**
 * A search over a window in newest-first slices (`newestFirstSlices`): each slice's page query asks
 * for the rows still missing, and the count runs once over the whole window alongside. Same answer
 * as one query over the window; for a broad value over a day the planner no longer has to choose
 * between a day-long index walk and fetching every match (bench:search, docs/PERFORMANCE.md).
 */
export async function runSlicedSearch(
  sql: SqlClient,
  table: string,
  build: (window: { fromMs: number; toMs: number }, limit: number) => BuiltSearchQuery,
  window: { fromMs: number; toMs: number },
  limit: number,
): Promise<SearchPage> {
  const slices = newestFirstSlices(window.fromMs, window.toMs);
  if (slices.length <= 1) return runSearchQuery(sql, table, build(window, limit), limit);
  const whole = build(window, limit);
  const counting = sql.query<{ total: string }>(whole.countText, whole.values);
  counting.catch(() => undefined);
  try {
    const rows: DataRow[] = [];
    for (const slice of slices) {
      const query = build(slice, limit - rows.length);
      const result = await sql.query<Record<string, unknown>>(query.text, query.values);
      for (const r of result.rows) rows.push(toDataRow(r, table));
      if (rows.length >= limit) break;
    }
    if (rows.length < limit) return { rows, total: rows.length, capped: false };
    const total = Number((await counting).rows[0]?.total ?? rows.length);
    return { rows, total: Math.min(total, whole.countCap), capped: total > whole.countCap };
  } catch (err) {
    if (isUndefinedTable(err)) return { rows: [], total: 0, capped: false };
    throw err;
  }
}
