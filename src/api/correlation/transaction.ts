import type { SqlClient } from '../../storage/types.js';
import type { Identity } from '../auth/identity.js';
import type { MappingRecord } from '../config/mapping-store.js';
import type { DataRow } from '../data/rows.js';
import type { RouteContext } from '../routes/context.js';
import { parseTransactionBody, type TransactionBody } from './body.js';
import { correlate, type EngineLimits } from './engine.js';
import { dedupeAcrossCaptureIds, sortByTime } from './order.js';
import { compileRules, type CorrelationRule } from './rules.js';
import { sqlRowSource } from './sql-source.js';

export type { TransactionBody } from './body.js';

export interface TransactionRows {
  /** De-duplicated messages of the call in time order (µs, then id). */
  readonly rows: DataRow[];
  /** True when a hop or row limit stopped the correlation before it was complete. */
  readonly capped: boolean;
}

/** Rules are compiled once per MappingStore snapshot; invalid ones are logged once. */
const compiled = new WeakMap<readonly MappingRecord[], CorrelationRule[]>();
const warned = new Set<string>();

function rulesFor(ctx: RouteContext, mappings: readonly MappingRecord[]): CorrelationRule[] {
  let rules = compiled.get(mappings);
  if (!rules) {
    const result = compileRules(mappings);
    for (const warning of result.warnings) {
      const text = `${warning.origin}: ${warning.reason}`;
      if (warned.has(text) || warned.size > 1000) continue;
      warned.add(text);
      ctx.deps.logger.warn({ rule: warning.origin, reason: warning.reason }, 'correlation rule ignored');
    }
    rules = result.rules;
    compiled.set(mappings, rules);
  }
  return rules;
}

/**
 * global_settings category `transaction`, param `deduplicate`, data `{"global": true}`: also drop
 * copies of a message another capture agent delivered (same raw, other captureId).
 */
export async function globalDedupEnabled(configSql: SqlClient): Promise<boolean> {
  try {
    const { rows } = await configSql.query<{ data: unknown }>(
      `SELECT data FROM global_settings WHERE category = 'transaction' AND param = 'deduplicate'
       ORDER BY id DESC LIMIT 1`,
    );
    let data = rows[0]?.data;
    if (typeof data === 'string') data = JSON.parse(data) as unknown;
    return typeof data === 'object' && data !== null && (data as { global?: unknown }).global === true;
  } catch {
    return false;
  }
}

/**
 * All messages of the call(s) a transaction body names: the seed Call-IDs plus everything the
 * correlation rules reach. Shared by `call/transaction` and the pcap/text exports. Throws
 * ApiError 400 for a body it cannot use.
 */
export async function collectTransaction(
  ctx: RouteContext,
  body: TransactionBody,
  identity: Identity,
  limits: EngineLimits = {},
): Promise<TransactionRows> {
  void identity; // homer-app's group isolation (isolate_query) is not implemented; kept for it.
  const request = parseTransactionBody(body);
  const mappings = await ctx.mappings.list();
  const rules = rulesFor(ctx, mappings);
  const [result, dedupGlobal] = await Promise.all([
    correlate(
      sqlRowSource(ctx.deps.storage.sql),
      rules,
      {
        seeds: request.seeds.map((seed) => ({ table: seed.table, callids: seed.callids })),
        fromMs: request.fromMs,
        toMs: request.toMs,
        whitelist: request.whitelist,
      },
      limits,
    ),
    globalDedupEnabled(ctx.deps.storage.configSql),
  ]);
  let rows = sortByTime(result.rows);
  if (dedupGlobal) rows = dedupeAcrossCaptureIds(rows);
  if (result.capped) {
    ctx.deps.logger.warn(
      { capped: result.capped, rows: rows.length, hops: result.hops, queries: result.queries },
      'call transaction stopped at a limit',
    );
  }
  return { rows, capped: result.capped !== false };
}
