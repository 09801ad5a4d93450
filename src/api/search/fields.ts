import type { MappingRecord } from '../config/mapping-store.js';
import { badRequest } from '../http/errors.js';

/**
 * A searchable field resolved against a profile's `fields_mapping` allowlist. `sql` is fixed text
 * built only from an allowlisted, pattern-checked key: nothing from the request is spliced in
 * unchecked, and the shape (`data_header->>'from_user'`) is exactly the indexed expression
 * (src/storage/schema/indexes.ts) so the per-partition btrees are usable.
 */
export interface FieldRef {
  /** The name as the client sent it (for error messages). */
  readonly name: string;
  /** SQL expression text (a column, or a JSON text extraction). */
  readonly sql: string;
  /**
   * How values are compared: `text` (plain strings), `integer` (JSON numbers, compared as their
   * canonical decimal text), `bigint` (the `id` column), `timestamp` (`create_date`, values in ms),
   * `raw` (case-insensitive substring search on the payload).
   */
  readonly kind: 'text' | 'integer' | 'bigint' | 'timestamp' | 'raw';
}

/** Names that are not data fields: the search form's control entries. */
export const CONTROL_FIELDS = new Set(['limit', 'smartinput']);

/** Plain columns of every `hep_proto_*` table that may be searched without a mapping entry. */
const COLUMN_FIELDS: Readonly<Record<string, FieldRef['kind']>> = {
  sid: 'text',
  id: 'bigint',
  create_date: 'timestamp',
  raw: 'raw',
};

const JSON_FIELD_RE = /^(data_header|protocol_header)\.([A-Za-z_][A-Za-z0-9_]{0,63})$/;

/**
 * `protocol_header.captureId` is declared `integer` in homer-app's seed, but heplify-server stores
 * a JSON string, so an integer comparison never matched (homer-app #378): it is always text here.
 */
const TEXT_OVERRIDES = new Set(['protocol_header.captureId']);

function mappingEntry(
  mapping: MappingRecord,
  id: string,
): MappingRecord['fields_mapping'][number] | undefined {
  return mapping.fields_mapping.find((f) => f.id === id);
}

/**
 * Mapping entries that are not data columns: the profile selector and system parameters such as
 * the node picker (`mapping: "param.location.node"`). homer-ui strips them from the body; other
 * clients may still send them, and they select nothing.
 */
export function isSystemField(mapping: MappingRecord, name: string): boolean {
  const entry = mappingEntry(mapping, name);
  return entry !== undefined && (entry['system_param'] === true || entry['profile'] === true);
}

/**
 * Resolves a field name to SQL, or throws 400 naming it. Allowed: the plain columns `sid`, `id`,
 * `create_date`, `raw`, and `data_header.x` / `protocol_header.x` listed in the profile's
 * `fields_mapping` (the key itself must be a plain identifier).
 */
export function resolveField(mapping: MappingRecord, name: string): FieldRef {
  const column = COLUMN_FIELDS[name];
  if (column) return { name, sql: name, kind: column };
  const match = JSON_FIELD_RE.exec(name);
  const entry = mappingEntry(mapping, name);
  if (!match || !entry) {
    throw badRequest(
      `field ${JSON.stringify(name.slice(0, 100))} is not searchable in ${mapping.hepid}_${mapping.profile}`,
    );
  }
  const integer = entry.type === 'integer' && !TEXT_OVERRIDES.has(name);
  return { name, sql: `${match[1]}->>'${match[2]}'`, kind: integer ? 'integer' : 'text' };
}

/**
 * Resolves a smart-input field name: a mapping id (`data_header.from_user`), the tag form the
 * autocomplete offers (`sip.from_user`, `net.srcIp`), or the bare key (`from_user`) when exactly
 * one mapping id ends with it.
 */
export function resolveSmartField(mapping: MappingRecord, name: string): FieldRef {
  if (COLUMN_FIELDS[name] || JSON_FIELD_RE.test(name)) return resolveField(mapping, name);
  const tag = /^(sip|net)\.(.+)$/.exec(name);
  if (tag) {
    const prefix = tag[1] === 'net' ? 'protocol_header' : 'data_header';
    return resolveField(mapping, `${prefix}.${tag[2]}`);
  }
  const candidates = mapping.fields_mapping.filter(
    (f) => JSON_FIELD_RE.test(f.id) && f.id.endsWith(`.${name}`),
  );
  if (candidates.length === 1 && candidates[0]) return resolveField(mapping, candidates[0].id);
  throw badRequest(
    `smartinput field ${JSON.stringify(name.slice(0, 100))} is not searchable in ${mapping.hepid}_${mapping.profile}`,
  );
}
