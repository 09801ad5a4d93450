/**
 * InfluxQL for the `/statistic/*` routes. Nothing from the request is spliced in as text: names
 * must match a conservative identifier pattern and are then double-quoted, numbers are checked
 * integers. homer-app formatted request strings straight into the query (fixed upstream only
 * recently); here a bad name is a 400.
 */

import { badRequest } from '../http/errors.js';

/** Database, retention policy, measurement, field and tag names we accept. */
const IDENTIFIER_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function quoteIdentifier(name: unknown, field: string): string {
  if (typeof name !== 'string' || !IDENTIFIER_RE.test(name)) {
    throw badRequest(`${field} must be a name of letters, digits, '_', '.' or '-' (at most 128)`);
  }
  return `"${name}"`;
}

/** `"db"."rp"."m"`, or `"db".."m"` (default policy) when the retention is empty or `none`. */
export function qualifiedMeasurement(
  database: unknown,
  retention: unknown,
  measurement: unknown,
  where: string,
): string {
  const db = quoteIdentifier(database, `${where}.database`);
  const rp =
    retention === undefined || retention === null || retention === '' || retention === 'none'
      ? ''
      : quoteIdentifier(retention, `${where}.retention`);
  return `${db}.${rp}.${quoteIdentifier(measurement, `${where}.main`)}`;
}

/** homer-app's bucket size by range: ≤2 h → 60 s, ≤8 h → 300 s, ≤50 h → 3600 s, else a day. */
export function groupInterval(fromMs: number, toMs: number): string {
  const hours = (toMs - fromMs) / 3_600_000;
  if (hours <= 2) return '60s';
  if (hours <= 8) return '300s';
  if (hours <= 50) return '3600s';
  return '86400s';
}

export interface StatisticQuery {
  readonly main?: unknown;
  readonly database?: unknown;
  readonly retention?: unknown;
  readonly type?: unknown;
  readonly tag?: unknown;
}

function names(value: unknown, field: string, required: boolean): string[] {
  if (value === undefined || value === null) {
    if (required) throw badRequest(`${field} must be a non-empty array of names`);
    return [];
  }
  if (!Array.isArray(value) || (required && value.length === 0) || value.length > 50) {
    throw badRequest(`${field} must be an array of 1 to 50 names`);
  }
  return value.map((v, i) => quoteIdentifier(v, `${field}.${i}`));
}

/** One `SELECT mean(..) ... GROUP BY time(..)` statement per query (homer-app ran only the last). */
export function buildStatisticQuery(
  queries: readonly StatisticQuery[],
  fromMs: number,
  toMs: number,
  limit: number,
): string {
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs) || fromMs >= toMs) {
    throw badRequest('timestamp.from and timestamp.to must be integers (ms) with from < to');
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
    throw badRequest('param.limit must be an integer between 1 and 100000');
  }
  if (queries.length === 0 || queries.length > 20) throw badRequest('param.query must hold 1 to 20 queries');
  const interval = groupInterval(fromMs, toMs);
  return queries
    .map((q, i) => {
      const where = `param.query.${i}`;
      const fields = names(q.type, `${where}.type`, true).map((f) => `mean(${f}) AS ${f}`);
      const tags = names(q.tag, `${where}.tag`, false);
      const source = qualifiedMeasurement(q.database, q.retention, q.main, where);
      const groupBy = [`time(${interval})`, ...tags].join(', ');
      return (
        `SELECT ${fields.join(', ')} FROM ${source} WHERE time > ${fromMs}ms AND time < ${toMs}ms ` +
        `GROUP BY ${groupBy} FILL(null) ORDER BY time DESC LIMIT ${limit}`
      );
    })
    .join('; ');
}

/** `SHOW FIELD KEYS` / `SHOW TAG KEYS` for a measurement. */
export function buildShowKeys(kind: 'FIELD' | 'TAG', q: StatisticQuery, where: string): string {
  const db = quoteIdentifier(q.database, `${where}.database`);
  const rp =
    q.retention === undefined || q.retention === null || q.retention === '' || q.retention === 'none'
      ? ''
      : `${quoteIdentifier(q.retention, `${where}.retention`)}.`;
  return `SHOW ${kind} KEYS ON ${db} FROM ${rp}${quoteIdentifier(q.main, `${where}.main`)}`;
}
