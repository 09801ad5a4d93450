import pg from 'pg';

/**
 * Database chores around the measurement: a throw-away database per run, and per step the row
 * counts of every `hep_proto_*` table (partition parents only, so each row counts once).
 */

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Top-level capture tables: partitioned parents or plain tables, never partitions. */
export async function captureTables(url: string): Promise<string[]> {
  return withClient(url, async (c) => {
    const res = await c.query<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relname LIKE 'hep\\_proto\\_%'
          AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
    );
    return res.rows.map((r) => r.relname);
  });
}

export async function countRows(url: string): Promise<Record<string, number>> {
  const tables = await captureTables(url);
  return withClient(url, async (c) => {
    const counts: Record<string, number> = {};
    for (const t of tables) {
      const res = await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`);
      counts[t] = Number(res.rows[0]?.n ?? 0);
    }
    return counts;
  });
}

/**
 * Empties the capture tables between steps so each step counts only its own rows and starts from
 * the same table size; CHECKPOINT so one step's dirty pages are not flushed during the next.
 */
export async function truncateCapture(url: string): Promise<void> {
  const tables = await captureTables(url);
  await withClient(url, async (c) => {
    if (tables.length > 0) await c.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')}`);
    await c.query('CHECKPOINT');
  });
}

export async function serverSettings(url: string): Promise<Record<string, string>> {
  return withClient(url, async (c) => {
    const names = [
      'server_version',
      'shared_buffers',
      'synchronous_commit',
      'max_wal_size',
      'fsync',
      'wal_level',
    ];
    const res = await c.query<{ name: string; value: string }>(
      'SELECT name, current_setting(name) AS value FROM pg_settings WHERE name = ANY($1)',
      [names],
    );
    return Object.fromEntries(res.rows.map((r) => [r.name, r.value]));
  });
}

/** Index definitions of one `hep_proto_1_call` partition (heplify-style per-partition indexes) or the parent. */
export async function indexDefinitions(url: string): Promise<string[]> {
  return withClient(url, async (c) => {
    const res = await c.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE tablename = COALESCE(
         (SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'hep_proto_1_call' ORDER BY 1 DESC LIMIT 1),
         'hep_proto_1_call') ORDER BY 1`,
    );
    return res.rows.map((r) => r.indexdef);
  });
}
