import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGLITE_SUBDIR } from '../../src/storage/open.js';

/**
 * Row counts of the server's PGlite database inside its data dir, read after the server stopped (PGlite is single-user: the
 * folder cannot be opened while the server holds it).
 */
export async function countPgliteRows(dataDir: string): Promise<Record<string, number>> {
  const folder = join(dataDir, PGLITE_SUBDIR);
  // PGlite would silently create an empty database in a missing folder and count 0 rows.
  if (!existsSync(join(folder, 'PG_VERSION'))) throw new Error(`no PGlite database in ${folder}`);
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(folder);
  try {
    const tables = await db.query<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relname LIKE 'hep\\_proto\\_%'
          AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { relname } of tables.rows) {
      const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${relname}"`);
      counts[relname] = res.rows[0]?.n ?? 0;
    }
    return counts;
  } finally {
    await db.close();
  }
}
