import { Type } from 'typebox';
import { badRequest } from '../http/errors.js';
import { jsonFromBody, parseJsonColumn } from './json-column.js';

/** Columns shared by `global_settings` and `user_settings` reads. */
export const SETTINGS_COLUMNS = `id, guid::text AS guid, partid, category, param, data,
  to_char(create_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS create_date`;

export interface SettingsRecord {
  readonly id: number;
  readonly guid: string;
  readonly partid: number;
  readonly category: string;
  readonly param: string;
  readonly data: unknown;
  readonly create_date: string;
  readonly username?: string;
}

export function toSettingsRecord(row: Record<string, unknown>): SettingsRecord {
  return {
    id: Number(row.id),
    guid: String(row.guid ?? ''),
    ...(row.username !== undefined ? { username: String(row.username) } : {}),
    partid: Number(row.partid ?? 10),
    category: String(row.category ?? ''),
    param: String(row.param ?? ''),
    data: parseJsonColumn(row.data) ?? {},
    create_date: String(row.create_date ?? ''),
  };
}

/** Body of an advanced / user setting write (homer-ui sends the whole row back, extra keys included). */
export const SettingsBody = Type.Object(
  {
    category: Type.String({ minLength: 1, maxLength: 100 }),
    param: Type.String({ minLength: 1, maxLength: 100 }),
    partid: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]{1,9}$' })]),
    ),
    data: Type.Optional(Type.Unknown()),
    username: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: true },
);

/** `data` as JSON text for a `json` column; a string that is not JSON is stored as a JSON string. */
export function settingsDataJson(data: unknown): string {
  if (data === undefined) return '{}';
  const value = jsonFromBody(data);
  if (value === undefined) return JSON.stringify(data);
  if (JSON.stringify(value).length > 1_000_000) throw badRequest('body.data is larger than 1 MB');
  return JSON.stringify(value);
}

export function partidOf(value: string | number | undefined): number {
  return value === undefined ? 10 : Number(value);
}
