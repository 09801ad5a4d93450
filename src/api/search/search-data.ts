import type { SqlClient } from '../../storage/types.js';
import type { AliasResolver } from '../config/alias-resolver.js';
import type { MappingStore } from '../config/mapping-store.js';
import { badRequest } from '../http/errors.js';
import { buildSearchQuery, countCapFor } from './build-query.js';
import { detectCodePointCollation } from './collation.js';
import { unionKeys } from '../data/flatten.js';
import { flattenRow } from './flatten.js';
import { DEFAULT_LIMIT, parseLimit, planSearch, type SearchEntry } from './plan.js';
import { parseTimeWindow, resolveSearchKey } from './request.js';
import { runSlicedSearch } from './run.js';

/** The part of homer-app's SearchObject that `search/call/data` reads. */
export interface SearchDataBody {
  readonly param: {
    readonly limit?: unknown;
    readonly orlogic?: unknown;
    readonly search: Readonly<Record<string, unknown>>;
    readonly [key: string]: unknown;
  };
  readonly timestamp: { readonly from?: unknown; readonly to?: unknown };
}

export interface SearchDataDeps {
  readonly sql: SqlClient;
  readonly mappings: MappingStore;
  readonly aliases: AliasResolver;
}

export interface SearchDataReply {
  total: number;
  /** Present (true) when more rows match than `total` counts (countCapFor). */
  totalCapped?: boolean;
  keys: string[];
  data: Record<string, unknown>[];
}

/** More profiles than this in one body is not a search form any more. */
const MAX_KEYS = 16;

/**
 * `POST /search/call/data`. Every `param.search` key is searched (homer-app used one arbitrary
 * key); the pages are merged newest first and cut to the largest limit, and `total` is the sum of
 * the per-table totals. `param.location.node` is ignored: homer-ts has one data node.
 */
export async function searchCallData(deps: SearchDataDeps, body: SearchDataBody): Promise<SearchDataReply> {
  const window = parseTimeWindow(body.timestamp);
  const keys = Object.keys(body.param.search);
  if (keys.length === 0) throw badRequest('param.search needs a "{hepid}_{profile}" key');
  if (keys.length > MAX_KEYS) throw badRequest(`param.search has more than ${MAX_KEYS} keys`);
  const orlogic = body.param.orlogic === true || body.param.orlogic === 'true';
  const paramLimit =
    body.param.limit === undefined || body.param.limit === null || body.param.limit === ''
      ? DEFAULT_LIMIT
      : parseLimit('param.limit', body.param.limit);

  // Validate everything before the first query, so a bad second key cannot leave work half done.
  const plans = [];
  for (const key of keys) {
    const target = await resolveSearchKey(deps.mappings, key);
    const entries = body.param.search[key];
    if (!Array.isArray(entries)) throw badRequest(`param.search.${key} must be a list of fields`);
    const plan = planSearch(target.mapping, entries as SearchEntry[], orlogic);
    plans.push({ target, plan, limit: plan.limit ?? paramLimit });
  }

  const codePointCollation = await detectCodePointCollation(deps.sql);
  const aliases = await deps.aliases.snapshot();
  let total = 0;
  let capped = false;
  const rows = [];
  for (const { target, plan, limit } of plans) {
    const withRaw = target.table === 'hep_proto_100_default';
    const build = (slice: { fromMs: number; toMs: number }, rowsWanted: number) =>
      buildSearchQuery({
        table: target.table,
        clauses: plan.clauses,
        ...slice,
        limit: rowsWanted,
        countCap: countCapFor(limit),
        withRaw,
        codePointCollation,
      });
    const page = await runSlicedSearch(deps.sql, target.table, build, window, limit);
    total += page.total;
    capped ||= page.capped;
    for (const row of page.rows) rows.push({ row, withRaw });
  }
  if (plans.length > 1) rows.sort((a, b) => b.row.createUs - a.row.createUs);
  const limit = Math.max(...plans.map((p) => p.limit));
  const data = rows.slice(0, limit).map(({ row, withRaw }) => flattenRow(row, aliases, { withRaw }));
  return { total, ...(capped ? { totalCapped: true } : {}), keys: unionKeys(data), data };
}
