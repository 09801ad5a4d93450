import type { SqlClient } from '../../storage/types.js';

const CODE_POINT_COLLATIONS = new Set(['c', 'posix', 'c.utf-8', 'c.utf8']);

const cache = new WeakMap<SqlClient, Promise<boolean>>();

/** True for collation names that order text by code point (C, POSIX, C.UTF-8 / C.utf8). */
export function isCodePointCollation(name: string): boolean {
  return CODE_POINT_COLLATIONS.has(name.trim().toLowerCase());
}

/**
 * Whether the data database's default collation orders text by code point, read once per client.
 * PostgreSQL uses a btree for `LIKE 'abc%'` only when the collation is exactly "C"; under C.UTF-8
 * the order is the same, so the search adds the equivalent range (`>= 'abc' AND < 'abd'`) itself.
 * Any failure answers false (the range is an optimisation, never needed for correct results).
 */
export function detectCodePointCollation(sql: SqlClient): Promise<boolean> {
  let found = cache.get(sql);
  if (!found) {
    found = sql
      .query<{ datcollate: string }>(
        'SELECT datcollate::text AS datcollate FROM pg_database WHERE datname = current_database()',
      )
      .then((r) => isCodePointCollation(r.rows[0]?.datcollate ?? ''))
      .catch(() => {
        cache.delete(sql);
        return false;
      });
    cache.set(sql, found);
  }
  return found;
}
