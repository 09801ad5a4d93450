import { heplifyDefaultStep } from '../../storage/schema/steps.js';
import { isDataTableName } from '../../storage/table-names.js';
import { badRequest } from '../http/errors.js';
import { isPlainObject, jsonFromBody } from './json-column.js';

/** A `mapping_schema` row ready to be written (JSON columns as JSON text). */
export interface MappingInput {
  readonly hepid: number;
  readonly profile: string;
  readonly hep_alias: string;
  readonly partid: number;
  readonly version: number;
  readonly retention: number;
  readonly partition_step: number;
  readonly create_index: string;
  readonly create_table: string;
  readonly correlation_mapping: string;
  readonly fields_mapping: string;
  readonly mapping_settings: string;
  readonly schema_mapping: string;
  readonly schema_settings: string;
}

const PROFILE_RE = /^[a-z0-9_]+$/;
const MAX_RETENTION_DAYS = 3650;

function integer(
  body: Record<string, unknown>,
  field: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = body[field];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`body.${field} must be an integer between ${min} and ${max}`);
  }
  return value;
}

function jsonField(body: Record<string, unknown>, field: string, fallback: unknown): unknown {
  const raw = body[field];
  if (raw === undefined || raw === null) return fallback;
  const value = jsonFromBody(raw);
  if (value === undefined) throw badRequest(`body.${field} must be JSON`);
  return value;
}

function fieldsMapping(body: Record<string, unknown>): unknown[] {
  const value = jsonField(body, 'fields_mapping', undefined);
  if (!Array.isArray(value)) throw badRequest('body.fields_mapping must be an array of field objects');
  value.forEach((f, i) => {
    if (!isPlainObject(f) || typeof f.id !== 'string' || f.id === '') {
      throw badRequest(`body.fields_mapping.${i} must be an object with a string id`);
    }
  });
  return value;
}

function correlationMapping(body: Record<string, unknown>): unknown[] {
  const value = jsonField(body, 'correlation_mapping', []);
  if (!Array.isArray(value)) throw badRequest('body.correlation_mapping must be an array');
  value.forEach((rule, i) => {
    if (!isPlainObject(rule)) throw badRequest(`body.correlation_mapping.${i} must be an object`);
  });
  return value;
}

function objectField(body: Record<string, unknown>, field: string): string {
  const value = jsonField(body, field, {});
  if (!isPlainObject(value) && !Array.isArray(value)) throw badRequest(`body.${field} must be a JSON object`);
  return JSON.stringify(value);
}

/**
 * Validates a mapping body as homer-ui's mapping editor sends it (JSON columns as objects or as
 * JSON text; `fields_settings` is the API name of `mapping_settings`). Throws a 400 naming the
 * field. `hepid` and `profile` must make a valid `hep_proto_{hepid}_{profile}` table name because
 * the capture side creates that table from the row.
 */
export function parseMappingInput(body: unknown): MappingInput {
  if (!isPlainObject(body)) throw badRequest('body must be a JSON object');
  const hepid = integer(body, 'hepid', Number.NaN, 0, 99_999);
  if (Number.isNaN(hepid)) throw badRequest('body.hepid is required (an integer)');
  const profile = body.profile;
  if (typeof profile !== 'string' || !PROFILE_RE.test(profile)) {
    throw badRequest('body.profile must match ^[a-z0-9_]+$');
  }
  if (!isDataTableName(`hep_proto_${hepid}_${profile}`)) {
    throw badRequest(
      `body.profile: hep_proto_${hepid}_${profile} is not a valid table name (start with a letter, at most 41 characters)`,
    );
  }
  const hepAlias = body.hep_alias ?? '';
  if (typeof hepAlias !== 'string' || hepAlias.length > 100) {
    throw badRequest('body.hep_alias must be a string of at most 100 characters');
  }
  const createTable = body.create_table ?? '';
  if (typeof createTable !== 'string') throw badRequest('body.create_table must be a string');
  const settings = body.fields_settings !== undefined ? 'fields_settings' : 'mapping_settings';
  return {
    hepid,
    profile,
    hep_alias: hepAlias,
    partid: integer(body, 'partid', 10, 0, 2_147_483_647),
    version: integer(body, 'version', 1, 0, 2_147_483_647),
    retention: integer(body, 'retention', 14, 1, MAX_RETENTION_DAYS),
    partition_step: integer(body, 'partition_step', heplifyDefaultStep(hepid), 1, 1440),
    create_index: objectField(body, 'create_index'),
    create_table: createTable,
    correlation_mapping: JSON.stringify(correlationMapping(body)),
    fields_mapping: JSON.stringify(fieldsMapping(body)),
    mapping_settings: objectField(body, settings),
    schema_mapping: objectField(body, 'schema_mapping'),
    schema_settings: objectField(body, 'schema_settings'),
  };
}
