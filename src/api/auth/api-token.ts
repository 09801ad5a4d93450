import { createHash, randomBytes } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { SqlClient } from '../../storage/types.js';
import { UnauthorizedError } from '../http/errors.js';
import { isAdminGroup, type Identity } from './identity.js';

interface TokenRow {
  guid: string;
  user_object: unknown;
}

interface TokenDiagnosis {
  active: boolean | null;
  expired: boolean;
  ip_ok: boolean;
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) compares as `10.0.0.1`. */
export function clientAddress(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/** A new API token value: 64 hex characters (256 random bits). */
export function generateApiToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * What `auth_token.token` holds for tokens we create: a SHA-256 digest, so a copy of the config
 * database does not hand out working tokens. homer-app stored tokens in clear; those rows keep
 * working because the lookup accepts either form.
 */
export function storedTokenValue(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex')}`;
}

function userObject(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

// `0.0.0.0/0` (homer-app's default) means "anywhere", so a zero-length mask admits IPv6 clients too.
const IP_ALLOWED = `(ip_address IS NULL OR masklen(ip_address) = 0
                     OR ($3::inet IS NOT NULL AND $3::inet <<= ip_address))`;
const UNDER_LIMIT = '(limit_calls IS NULL OR limit_calls <= 0 OR COALESCE(usage_calls, 0) < limit_calls)';

/**
 * Checks an `Auth-Token` against `auth_token` and counts the call. homer-app stores `ip_address`,
 * `limit_calls` and `usage_calls` but only checks expiry and `active`; we enforce all of them,
 * each with its own 401 message. `limit_calls` ≤ 0 or NULL means unlimited; `usage_calls` counts
 * the calls made. Check and count are one UPDATE, so concurrent calls cannot overrun the limit.
 */
export async function authenticateApiToken(sql: SqlClient, token: string, ip: string): Promise<Identity> {
  if (token === '' || token.length > 250) throw new UnauthorizedError('invalid API token');
  const address = clientAddress(ip);
  const params = [token, storedTokenValue(token), ipaddr.isValid(address) ? address : null];
  const { rows } = await sql.query<TokenRow>(
    `UPDATE auth_token SET usage_calls = COALESCE(usage_calls, 0) + 1, lastusage_date = now()
      WHERE id = (SELECT id FROM auth_token
                   WHERE (token = $1 OR token = $2) AND active IS TRUE AND expire_date > now()
                     AND ${IP_ALLOWED} AND ${UNDER_LIMIT}
                   LIMIT 1)
        AND ${UNDER_LIMIT}
      RETURNING guid::text AS guid, user_object`,
    params,
  );
  const row = rows[0];
  if (!row) throw new UnauthorizedError(await whyRefused(sql, params));
  const user = userObject(row.user_object);
  const username = typeof user.username === 'string' && user.username !== '' ? user.username : 'api-token';
  const usergroup = typeof user.usergroup === 'string' ? user.usergroup : 'user';
  return {
    username,
    guid: typeof user.guid === 'string' && user.guid !== '' ? user.guid : row.guid,
    usergroup,
    admin: isAdminGroup(usergroup),
    displayname: username,
    via: 'token',
    tokenGuid: row.guid,
  };
}

/** The 401 message for a token that was not accepted (a second read; only on the failure path). */
async function whyRefused(sql: SqlClient, params: unknown[]): Promise<string> {
  const { rows } = await sql.query<TokenDiagnosis>(
    `SELECT active, expire_date <= now() AS expired, ${IP_ALLOWED} AS ip_ok
       FROM auth_token WHERE token = $1 OR token = $2 LIMIT 1`,
    params,
  );
  const row = rows[0];
  if (!row) return 'invalid API token';
  if (row.active !== true) return 'API token is not active';
  if (row.expired) return 'API token has expired';
  if (!row.ip_ok) return 'API token is not allowed from this address';
  return 'API token has used up its call limit';
}
