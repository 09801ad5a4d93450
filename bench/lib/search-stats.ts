/**
 * Figures for bench:search: latency percentiles, and what EXPLAIN ANALYZE says about one statement
 * (time, and which scans and indexes the plan used, summed over partitions).
 */

import type { SqlClient } from '../../src/storage/types.js';
import type { SqlStatement } from './search-requests.js';

export interface Percentiles {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentiles. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const rank = (p: number): number =>
    sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] ?? NaN;
  return {
    n,
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    max: n > 0 ? (sorted[n - 1] ?? NaN) : NaN,
    mean: n > 0 ? sorted.reduce((a, b) => a + b, 0) / n : NaN,
  };
}

export interface PlanSummary {
  readonly planningMs: number;
  readonly executionMs: number;
  /** JIT compile time when PostgreSQL used JIT for the statement. */
  readonly jitMs: number;
  readonly rows: number;
  /** Scan node → count, e.g. `Index Scan (sid)` ×2; index names reduced to their heplify suffix. */
  readonly scans: Record<string, number>;
  readonly sharedHit: number;
  readonly sharedRead: number;
}

interface PlanNode {
  'Node Type'?: string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/** `hep_proto_1_call_20261126_1700_from_user` → `from_user`. */
function indexSuffix(name: string): string {
  const m = /_\d{8}_\d{4}_(.+)$/.exec(name);
  return m?.[1] ?? name;
}

function collectScans(node: PlanNode, scans: Record<string, number>): void {
  const type = node['Node Type'] ?? '?';
  if (/Scan/.test(type) && type !== 'Subquery Scan') {
    const key = node['Index Name'] ? `${type} (${indexSuffix(node['Index Name'])})` : type;
    scans[key] = (scans[key] ?? 0) + 1;
  }
  for (const child of node.Plans ?? []) collectScans(child, scans);
}

export async function explainAnalyze(sql: SqlClient, statement: SqlStatement): Promise<PlanSummary> {
  const { rows } = await sql.query<{ 'QUERY PLAN': unknown }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`,
    statement.params,
  );
  const raw = rows[0]?.['QUERY PLAN'];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
    Plan: PlanNode;
    'Planning Time': number;
    'Execution Time': number;
    JIT?: { Timing?: { Total?: number } };
  }[];
  const top = doc[0];
  if (top === undefined) throw new Error('EXPLAIN returned nothing');
  const scans: Record<string, number> = {};
  collectScans(top.Plan, scans);
  return {
    planningMs: top['Planning Time'],
    executionMs: top['Execution Time'],
    jitMs: top.JIT?.Timing?.Total ?? 0,
    rows: top.Plan['Actual Rows'] ?? 0,
    scans,
    sharedHit: top.Plan['Shared Hit Blocks'] ?? 0,
    sharedRead: top.Plan['Shared Read Blocks'] ?? 0,
  };
}

/** Times a statement as a client sees it (round trip, rows transferred and parsed by pg). */
export async function timeStatement(
  sql: SqlClient,
  statement: SqlStatement,
): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  const { rows } = await sql.query(statement.text, statement.params);
  return { ms: performance.now() - t0, rows: rows.length };
}

/** Scan counts merged over several plans, each count the maximum seen (one plan's shape). */
export function mergeScans(plans: readonly PlanSummary[]): Record<string, string> {
  const seen: Record<string, number[]> = {};
  for (const p of plans) {
    for (const [k, v] of Object.entries(p.scans)) (seen[k] ??= []).push(v);
  }
  return Object.fromEntries(
    Object.entries(seen).map(([k, v]) => {
      const lo = Math.min(...v);
      const hi = Math.max(...v);
      return [k, lo === hi ? `${lo}` : `${lo}–${hi}`];
    }),
  );
}
