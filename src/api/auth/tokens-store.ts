import type { SqlClient } from '../../storage/types.js';
import { storedTokenValue } from './api-token.js';

/** An `auth_token` row as the API shows it; the token value itself is never read back. */
export interface TokenRecord {
  guid: string;
  creator_guid: string | null;
  name: string | null;
  user_object: unknown;
  ip_address: string | null;
  create_date: string;
  lastusage_date: string;
  expire_date: string;
  usage_calls: number;
  limit_calls: number;
  active: boolean;
}

export interface NewToken {
  readonly guid: string;
  readonly creatorGuid: string | null;
  readonly name: string;
  readonly token: string;
  readonly userObject: Record<string, unknown>;
  readonly ipAddress: string;
  readonly expireDate: Date;
  readonly limitCalls: number;
  readonly active: boolean;
}

export interface TokenChanges {
  readonly name?: string;
  readonly expireDate?: Date;
  readonly active?: boolean;
  readonly ipAddress?: string;
  readonly limitCalls?: number;
  readonly usergroup?: string;
}

const ISO = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;

const TOKEN_COLUMNS = `guid::text AS guid, creator_guid::text AS creator_guid, name, user_object,
  ip_address::text AS ip_address, ${ISO('create_date')}, ${ISO('lastusage_date')}, ${ISO('expire_date')},
  COALESCE(usage_calls, 0) AS usage_calls, COALESCE(limit_calls, 0) AS limit_calls,
  COALESCE(active, false) AS active`;

function parseUserObject(row: TokenRecord): TokenRecord {
  if (typeof row.user_object !== 'string') return row;
  try {
    return { ...row, user_object: JSON.parse(row.user_object) as unknown };
  } catch {
    return row;
  }
}

export async function listTokens(sql: SqlClient): Promise<TokenRecord[]> {
  const { rows } = await sql.query<TokenRecord>(`SELECT ${TOKEN_COLUMNS} FROM auth_token ORDER BY id`);
  return rows.map(parseUserObject);
}

export async function findToken(sql: SqlClient, guid: string): Promise<TokenRecord | undefined> {
  const { rows } = await sql.query<TokenRecord>(
    `SELECT ${TOKEN_COLUMNS} FROM auth_token WHERE guid = $1::uuid LIMIT 1`,
    [guid],
  );
  return rows[0] ? parseUserObject(rows[0]) : undefined;
}

/** Stores a new token (its digest, not the value). `usage_calls` starts at 0: calls made so far. */
export async function insertToken(sql: SqlClient, token: NewToken): Promise<void> {
  await sql.query(
    `INSERT INTO auth_token (guid, creator_guid, name, token, user_object, ip_address,
                             lastusage_date, expire_date, usage_calls, limit_calls, active)
     VALUES ($1::uuid, $2::uuid, $3, $4, $5::json, $6::inet, now(), $7::timestamptz, 0, $8::int, $9::boolean)`,
    [
      token.guid,
      token.creatorGuid,
      token.name,
      storedTokenValue(token.token),
      JSON.stringify(token.userObject),
      token.ipAddress,
      token.expireDate.toISOString(),
      token.limitCalls,
      token.active,
    ],
  );
}

/** Applies the given changes; false when no token has this guid. */
export async function updateToken(sql: SqlClient, guid: string, changes: TokenChanges): Promise<boolean> {
  // COALESCE keeps a column when its parameter is NULL (not sent); the usergroup lives in user_object.
  const { rows } = await sql.query(
    `UPDATE auth_token SET
        name = COALESCE($2::varchar, name),
        expire_date = COALESCE($3::timestamptz, expire_date),
        active = COALESCE($4::boolean, active),
        ip_address = COALESCE($5::inet, ip_address),
        limit_calls = COALESCE($6::int, limit_calls),
        user_object = CASE WHEN $7::varchar IS NULL THEN user_object
                           ELSE (COALESCE(user_object::jsonb, '{}'::jsonb)
                                 || jsonb_build_object('usergroup', $7::varchar))::json END
      WHERE guid = $1::uuid RETURNING id`,
    [
      guid,
      changes.name ?? null,
      changes.expireDate?.toISOString() ?? null,
      changes.active ?? null,
      changes.ipAddress ?? null,
      changes.limitCalls ?? null,
      changes.usergroup ?? null,
    ],
  );
  return rows.length > 0;
}

export async function deleteToken(sql: SqlClient, guid: string): Promise<boolean> {
  const { rows } = await sql.query('DELETE FROM auth_token WHERE guid = $1::uuid RETURNING id', [guid]);
  return rows.length > 0;
}
