import type { TimeRange } from '../model/time-range.js';
import { apiCall } from './client.js';
import * as S from './schemas.js';

/**
 * The typed calls the UI makes, with the bodies homer-ui sends (homer-ui-calls.md §4); every reply is
 * checked. The call window's own calls (transaction, reports, exports) are in call/api.ts.
 */

export type {
  Alias,
  AuthMethod,
  MappingRow,
  Profile,
  SearchReply,
  SearchRow,
  SettingsRow,
  Token,
  User,
} from './schemas.js';

export interface SearchField {
  readonly name: string;
  readonly value: string;
  readonly type?: string;
}

// --- auth -------------------------------------------------------------------------------------------

export function login(username: string, password: string, type = 'internal'): Promise<S.LoginReply> {
  return apiCall('POST', '/auth', S.LoginReply, { username, password, type });
}

/** The enabled login methods, by position (`data.oauth2` lists providers, not a method). */
export async function fetchAuthMethods(): Promise<S.AuthMethod[]> {
  const reply = await apiCall('GET', '/auth/type/list', S.AuthTypeList);
  const methods: S.AuthMethod[] = [];
  for (const [key, value] of Object.entries(reply.data)) {
    if (key === 'oauth2') continue;
    const method = S.AuthMethod.safeParse(value);
    if (!method.success) throw new Error(`GET /auth/type/list: data.${key} is not a login method`);
    if (method.data.enable) methods.push(method.data);
  }
  return methods.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
}

// --- search and call --------------------------------------------------------------------------------

export async function fetchMappings(): Promise<S.MappingRow[]> {
  return (await apiCall('GET', '/mapping/protocol', S.MappingList)).data;
}

export function searchCallData(
  key: string,
  fields: readonly SearchField[],
  range: TimeRange,
  limit: number,
  orlogic = false,
): Promise<S.SearchReply> {
  const hepid = Number(key.split('_')[0]);
  return apiCall('POST', '/search/call/data', S.SearchReply, {
    param: {
      transaction: {},
      limit,
      orlogic,
      search: { [key]: fields.map((f) => ({ ...f, func: null, hepid })) },
      location: {},
      timezone: { value: -new Date().getTimezoneOffset(), name: 'Local' },
    },
    timestamp: range,
  });
}

/** The body of `call/transaction` and the calls sharing it (qos, log, exports) for some rows. */
export function transactionBody(key: string, rows: readonly S.SearchRow[]): unknown {
  const dates = rows.map((r) => r.create_date);
  const callIds = [...new Set(rows.map((r) => String(r.callid ?? r.sid)))];
  return {
    param: {
      transaction: {
        call: key.includes('call'),
        registration: key.includes('registration'),
        rest: key.includes('default'),
      },
      limit: 200,
      orlogic: false,
      search: { [key]: { id: rows[0]?.id, callid: callIds } },
      location: {},
      timezone: { value: -new Date().getTimezoneOffset(), name: 'Local' },
    },
    timestamp: { from: Math.min(...dates) - 300_000, to: Math.max(...dates) + 300_000 },
  };
}

// --- settings rows (user_settings, global_settings) -------------------------------------------------

export interface SettingsInput {
  readonly category: string;
  readonly param: string;
  readonly data: unknown;
}

/** The caller's rows of one category (`system` holds the timezone, `search` the grid columns). */
export async function fetchUserSettings(category?: string): Promise<S.SettingsRow[]> {
  const path = category === undefined ? '/user/settings' : `/user/settings/${encodeURIComponent(category)}`;
  return (await apiCall('GET', path, S.SettingsList)).data;
}

export function createUserSetting(row: SettingsInput): Promise<unknown> {
  return apiCall('POST', '/user/settings', S.WriteReply, row);
}

/** homer-app names the path parameter `category` but it is the row guid. */
export function updateUserSetting(guid: string, row: SettingsInput): Promise<unknown> {
  return apiCall('PUT', `/user/settings/${guid}`, S.WriteReply, row);
}

export function deleteUserSetting(guid: string): Promise<unknown> {
  return apiCall('DELETE', `/user/settings/${guid}`, S.WriteReply);
}

export async function fetchAdvanced(): Promise<S.SettingsRow[]> {
  return (await apiCall('GET', '/advanced', S.SettingsList)).data;
}

export function createAdvanced(row: SettingsInput): Promise<unknown> {
  return apiCall('POST', '/advanced', S.WriteReply, row);
}

export function updateAdvanced(guid: string, row: SettingsInput): Promise<unknown> {
  return apiCall('PUT', `/advanced/${guid}`, S.WriteReply, row);
}

export function deleteAdvanced(guid: string): Promise<unknown> {
  return apiCall('DELETE', `/advanced/${guid}`, S.WriteReply);
}

// --- users ------------------------------------------------------------------------------------------

export interface UserInput {
  readonly username: string;
  readonly password?: string;
  readonly usergroup: string;
  readonly email: string;
  readonly firstname: string;
  readonly lastname: string;
  readonly enabled?: boolean;
}

export async function fetchUsers(): Promise<S.User[]> {
  return (await apiCall('GET', '/users', S.UserList)).data;
}

export async function fetchGroups(): Promise<string[]> {
  return (await apiCall('GET', '/users/groups', S.GroupList)).data;
}

export async function fetchProfile(): Promise<S.Profile> {
  return (await apiCall('GET', '/users/profile', S.Profile)).data;
}

export function createUser(user: UserInput): Promise<unknown> {
  return apiCall('POST', '/users', S.WriteReply, user);
}

/** An empty or absent password keeps the current one. */
export function updateUser(guid: string, user: UserInput): Promise<unknown> {
  return apiCall('PUT', `/users/${guid}`, S.WriteReply, user);
}

export function deleteUser(guid: string): Promise<unknown> {
  return apiCall('DELETE', `/users/${guid}`, S.WriteReply);
}

export function changePassword(guid: string, password: string, oldPassword: string): Promise<unknown> {
  return apiCall('PUT', `/users/update/password/${guid}`, S.WriteReply, {
    password,
    old_password: oldPassword,
  });
}

// --- alias ------------------------------------------------------------------------------------------

export interface AliasInput {
  readonly alias: string;
  readonly ip: string;
  readonly port: number;
  readonly mask: number;
  readonly captureID: string;
  readonly status: boolean;
}

export async function fetchAliases(): Promise<S.Alias[]> {
  return (await apiCall('GET', '/alias', S.AliasList)).data;
}

export function createAlias(alias: AliasInput): Promise<unknown> {
  return apiCall('POST', '/alias', S.WriteReply, alias);
}

export function updateAlias(guid: string, alias: AliasInput): Promise<unknown> {
  return apiCall('PUT', `/alias/${guid}`, S.WriteReply, alias);
}

export function deleteAlias(guid: string): Promise<unknown> {
  return apiCall('DELETE', `/alias/${guid}`, S.WriteReply);
}

// --- mapping ----------------------------------------------------------------------------------------

/** Replaces a mapping row: the whole row goes back, as homer-ui's editor sends it. */
export function updateMapping(row: S.MappingRow): Promise<unknown> {
  return apiCall('PUT', `/mapping/protocol/${row.guid}`, S.WriteReply, row);
}

export function resetMappings(): Promise<unknown> {
  return apiCall('GET', '/mapping/protocol/reset', S.WriteReply);
}

// --- API tokens -------------------------------------------------------------------------------------

export interface TokenInput {
  readonly name: string;
  /** Epoch milliseconds. */
  readonly expire_date: number;
  readonly usergroup: string;
  readonly ip_address: string;
  readonly limit_calls: number;
  readonly active: boolean;
}

export async function fetchTokens(): Promise<S.Token[]> {
  return (await apiCall('GET', '/token/auth', S.TokenList)).data;
}

/** The token value is in this reply only; the server keeps a digest. */
export async function createToken(token: TokenInput): Promise<{ token: string; guid: string }> {
  return (await apiCall('POST', '/token/auth', S.TokenCreated, token)).data;
}

export function deleteToken(guid: string): Promise<unknown> {
  return apiCall('DELETE', `/token/auth/${guid}`, S.WriteReply);
}

// --- dashboards -------------------------------------------------------------------------------------

/** Deletes the caller's dashboards; the server writes `home` again. */
export function resetDashboards(): Promise<unknown> {
  return apiCall('GET', '/dashboard/reset', S.DashboardReset);
}
