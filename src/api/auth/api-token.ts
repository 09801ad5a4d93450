import type { SqlClient } from '../../storage/types.js';
import { UnauthorizedError } from '../http/errors.js';
import { isAdminGroup, type Identity } from './identity.js';

interface TokenRow {
  guid: string;
  user_object: unknown;
  active: boolean | null;
  expired: boolean;
  ip_ok: boolean;
  over_limit: boolean;
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) compares as `10.0.0.1`. */
export function clientAddress(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
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

/**
 * Checks an `Auth-Token` against `auth_token` and counts the call. homer-app stores `ip_address`,
 * `limit_calls` and `usage_calls` but only checks expiry and `active`; we enforce all of them,
 * each with its own 401 message.
 */
export async function authenticateApiToken(sql: SqlClient, token: string, ip: string): Promise<Identity> {
  if (token === '' || token.length > 250) throw new UnauthorizedError('invalid API token');
  const { rows } = await sql.query<TokenRow>(
    `SELECT guid::text AS guid, user_object, active,
            expire_date <= now() AS expired,
            (ip_address IS NULL OR $2::inet <<= ip_address) AS ip_ok,
            (limit_calls IS NOT NULL AND limit_calls > 0 AND usage_calls > limit_calls) AS over_limit
       FROM auth_token WHERE token = $1 LIMIT 1`,
    [token, clientAddress(ip)],
  );
  const row = rows[0];
  if (!row) throw new UnauthorizedError('invalid API token');
  if (row.active !== true) throw new UnauthorizedError('API token is not active');
  if (row.expired) throw new UnauthorizedError('API token has expired');
  if (!row.ip_ok) throw new UnauthorizedError('API token is not allowed from this address');
  if (row.over_limit) throw new UnauthorizedError('API token has used up its call limit');
  await sql.query(
    'UPDATE auth_token SET usage_calls = usage_calls + 1, lastusage_date = now() WHERE guid = $1',
    [row.guid],
  );
  const user = userObject(row.user_object);
  const username = typeof user.username === 'string' && user.username !== '' ? user.username : 'api-token';
  const usergroup = typeof user.usergroup === 'string' ? user.usergroup : 'user';
  return {
    username,
    guid: typeof user.guid === 'string' ? user.guid : row.guid,
    usergroup,
    admin: isAdminGroup(usergroup),
    displayname: username,
    via: 'token',
    tokenGuid: row.guid,
  };
}
