import { assertDataTableName } from '../../storage/table-names.js';
import { msToTimestamp } from '../data/rows.js';
import type { Clause } from './clauses.js';
import { renderClauses, SqlParams } from './render-sql.js';

/**
 * How this search differs from homer-app's (`data/service/search.go`), on purpose:
 * - newest first: `ORDER BY create_date DESC` before `LIMIT`, so "last 24 h" returns the latest
 *   rows, not an arbitrary (usually the oldest) partition's (homer#660, homer-app#625); the reply
 *   keeps that order;
 * - a true `total`: the number of rows matching the same WHERE, not the page size (counted only
 *   when the page is full — otherwise the page is the whole answer). The count stops at
 *   `countCapFor(limit)` rows (ten pages, at least 1 000; `totalCapped: true` in the reply) so that
 *   a broad search over a busy day — homer-ui sends an unfiltered one on every dashboard load —
 *   costs a bounded index scan, not seconds;
 * - millisecond time bounds: `from <= create_date < to + 1 ms`, where homer-app truncated both to
 *   whole seconds;
 * - `protocol_header.captureId` compared as text although the mapping says integer (homer-app
 *   #378), and integer fields in general compared through their canonical text (no cast errors);
 * - every value is a bind parameter; field names come only from the profile's allowlist.
 */

/** The most any count goes to, whatever the limit. */
export const COUNT_CAP = 1_000_000;

/**
 * Where the count stops for a page of `limit` rows: ten pages' worth, at least 1 000. Counting costs
 * a heap fetch per match, so a broad prefix over a busy day answers in tens of milliseconds with
 * `total` exact up to the cap and `totalCapped: true` beyond it (bench:search: 2.9 s with a 1 M cap,
 * 23 ms with 1 000).
 */
export function countCapFor(limit: number): number {
  return Math.min(COUNT_CAP, Math.max(1_000, Math.floor(limit) * 10));
}

/** Columns a search reads (`create_date` as whole µs text: JS Dates keep only ms). */
const SEARCH_COLUMNS = `id, sid, (extract(epoch FROM create_date) * 1000000)::bigint::text AS create_us,
  protocol_header, data_header`;

export interface SearchQueryInput {
  /** `hep_proto_{hepid}_{profile}`; validated again here. */
  readonly table: string;
  readonly clauses: readonly Clause[];
  /** Inclusive lower bound, epoch ms. */
  readonly fromMs: number;
  /** Inclusive upper bound, epoch ms (every µs inside that millisecond counts). */
  readonly toMs: number;
  readonly limit: number;
  /** Select `raw` too (LOG rows and message fetches return it). */
  readonly withRaw?: boolean;
  /** See RenderOptions.codePointCollation (`detectCodePointCollation`). */
  readonly codePointCollation: boolean;
  /** Where the count stops (default `countCapFor(limit)`). */
  readonly countCap?: number;
}

export interface BuiltSearchQuery {
  /** The page: newest first, at most `limit` rows. */
  readonly text: string;
  readonly values: readonly unknown[];
  /** `SELECT count(*) AS total` over the same WHERE (same values), stopping after countCap + 1 rows. */
  readonly countText: string;
  readonly countCap: number;
}

/** The WHERE shared by the page and the count, with its bind values. */
export function buildWhere(input: Omit<SearchQueryInput, 'limit' | 'withRaw'>): {
  where: string;
  params: SqlParams;
} {
  const params = new SqlParams();
  const from = params.add(msToTimestamp(input.fromMs));
  const to = params.add(msToTimestamp(input.toMs + 1));
  const clauses = renderClauses(input.clauses, params, { codePointCollation: input.codePointCollation });
  const where = `create_date >= ${from}::timestamptz AND create_date < ${to}::timestamptz AND ${clauses}`;
  return { where, params };
}

/**
 * The search as SQL: importable on its own (the benchmark EXPLAINs it). The table name is checked
 * against the data-table pattern; nothing else from the request reaches the text.
 */
export function buildSearchQuery(input: SearchQueryInput): BuiltSearchQuery {
  const table = assertDataTableName(input.table);
  const { where, params } = buildWhere(input);
  const columns = input.withRaw ? `${SEARCH_COLUMNS}, raw` : SEARCH_COLUMNS;
  const limit = Math.max(1, Math.floor(input.limit));
  const countCap = Math.max(1, Math.floor(input.countCap ?? countCapFor(limit)));
  return {
    text: `SELECT ${columns} FROM ${table} WHERE ${where} ORDER BY create_date DESC LIMIT ${limit}`,
    values: params.values,
    // Unordered: the planner fetches matches through the field's index and stops at the cap. (An
    // ORDER BY create_date here walks the whole window for rare values: 0.9 s in bench:search.)
    countText: `SELECT count(*)::bigint::text AS total FROM (SELECT 1 FROM ${table} WHERE ${where} LIMIT ${countCap + 1}) matching`,
    countCap,
  };
}
