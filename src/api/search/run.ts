import type { TransactionalSqlClient } from '../../storage/types.js';
import { toDataRow, type DataRow } from '../data/rows.js';
import type { BuiltSearchQuery } from './build-query.js';

/** SQLSTATE of "relation does not exist": a mapped profile whose table was never created. */
const UNDEFINED_TABLE = '42P01';

/** SQLSTATE of a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

function isUndefinedTable(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === UNDEFINED_TABLE;
}

/**
 * How long the count may take. A broad value in a busy window can cost more than the page itself;
 * past the budget the reply says `totalCapped` with the rows found as the lower bound, instead of
 * making the on-call engineer wait for a number (PGlite has no statement timeout: it always counts).
 */
export const COUNT_BUDGET_MS = 40;

/** The count of `query` within COUNT_BUDGET_MS, or undefined when it ran out of time. */
function boundedCount(sql: TransactionalSqlClient, query: BuiltSearchQuery): Promise<number | undefined> {
  const counting = sql
    .transaction(async (tx) => {
      await tx.query(`SET LOCAL statement_timeout = ${COUNT_BUDGET_MS}`);
      const { rows } = await tx.query<{ total: string }>(query.countText, query.values);
      return Number(rows[0]?.total ?? 0);
    })
    .catch((err: unknown) => {
      if ((err as { code?: unknown } | null)?.code === QUERY_CANCELED) return undefined;
      throw err;
    });
  counting.catch(() => undefined);
  return counting;
}

/** The reply's total for a full page: the count up to the cap, or the page as a lower bound. */
export function fullPageTotal(
  counted: number | undefined,
  pageRows: number,
  cap: number,
): { total: number; capped: boolean } {
  if (counted === undefined) return { total: pageRows, capped: true };
  return { total: Math.min(counted, cap), capped: counted > cap };
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
  sql: TransactionalSqlClient,
  table: string,
  query: BuiltSearchQuery,
  limit: number,
): Promise<SearchPage> {
  // The count starts with the page, on another connection, so a full page costs max(page, count)
  // rather than their sum; when the page is not full the count is cheap and its answer unused.
  const counting = boundedCount(sql, query);
  try {
    const { rows } = await sql.query<Record<string, unknown>>(query.text, query.values);
    const page = rows.map((r) => toDataRow(r, table));
    if (page.length < limit) return { rows: page, total: page.length, capped: false };
    return { rows: page, ...fullPageTotal(await counting, page.length, query.countCap) };
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
  sql: TransactionalSqlClient,
  table: string,
  build: (window: { fromMs: number; toMs: number }, limit: number) => BuiltSearchQuery,
  window: { fromMs: number; toMs: number },
  limit: number,
): Promise<SearchPage> {
  const slices = newestFirstSlices(window.fromMs, window.toMs);
  if (slices.length <= 1) return runSearchQuery(sql, table, build(window, limit), limit);
  const whole = build(window, limit);
  const counting = boundedCount(sql, whole);
  try {
    const rows: DataRow[] = [];
    for (const slice of slices) {
      const query = build(slice, limit - rows.length);
      const result = await sql.query<Record<string, unknown>>(query.text, query.values);
      for (const r of result.rows) rows.push(toDataRow(r, table));
      if (rows.length >= limit) break;
    }
    if (rows.length < limit) return { rows, total: rows.length, capped: false };
    return { rows, ...fullPageTotal(await counting, rows.length, whole.countCap) };
  } catch (err) {
    if (isUndefinedTable(err)) return { rows: [], total: 0, capped: false };
    throw err;
  }
}
