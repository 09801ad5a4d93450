import { randomBytes } from 'node:crypto';
import type { SqlClient } from '../../storage/types.js';

/**
 * Server-side secrets homer-ts generates once (the JWT secret when none is configured). Kept in a
 * table of our own, never in `global_settings`, which every user can read through `/advanced`.
 */
const DDL = `CREATE TABLE IF NOT EXISTS homer_ts_secrets (
  name varchar(100) PRIMARY KEY,
  value text NOT NULL,
  create_date timestamp with time zone NOT NULL DEFAULT current_timestamp
)`;

/** Returns the stored secret `name`, creating a random one the first time. */
export async function loadOrCreateSecret(sql: SqlClient, name: string): Promise<string> {
  await sql.exec(DDL);
  const candidate = randomBytes(32).toString('base64url');
  await sql.query(
    'INSERT INTO homer_ts_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
    [name, candidate],
  );
  const { rows } = await sql.query<{ value: string }>('SELECT value FROM homer_ts_secrets WHERE name = $1', [
    name,
  ]);
  const value = rows[0]?.value;
  if (!value) throw new Error(`secret ${name} could not be stored`);
  return value;
}
