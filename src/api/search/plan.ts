import type { MappingRecord } from '../config/mapping-store.js';
import { badRequest } from '../http/errors.js';
import type { Clause } from './clauses.js';
import { isSystemField, resolveField, resolveSmartField } from './fields.js';
import { parseSmartInput } from './smartinput.js';
import { parseEntryValue, type EntryValue } from './value-dsl.js';
import { checkText } from './values.js';

/** homer-app's default row limit. */
export const DEFAULT_LIMIT = 200;
/**
 * Upper bound for `param.limit` and `limit` entries: a larger value is lowered to this, so one
 * request cannot pull a whole day of traffic into memory.
 */
export const MAX_LIMIT = 100_000;

/** One element of `param.search["{hepid}_{profile}"]` as homer-ui sends it (extra keys ignored). */
export interface SearchEntry {
  readonly name?: unknown;
  readonly value?: unknown;
  readonly type?: unknown;
  readonly [key: string]: unknown;
}

export interface SearchPlan {
  readonly clauses: Clause[];
  /** From a `limit` entry, when there is one (already capped). */
  readonly limit?: number;
}

/** A limit from the body (`param.limit` or a `limit` entry): a positive integer, capped. */
export function parseLimit(where: string, value: unknown): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,12}$/.test(text) || Number(text) < 1) {
    throw badRequest(`${where} must be a positive integer`);
  }
  return Math.min(Number(text), MAX_LIMIT);
}

function entryValue(name: string, value: unknown): EntryValue | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== null && v !== undefined && v !== '');
    if (items.length === 0) return undefined;
    return items.map((v: unknown) => {
      if (typeof v === 'string') return v;
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
      throw badRequest(`${name}: list values must be strings or numbers`);
    });
  }
  throw badRequest(`${name}: value must be a string, a number or a list`);
}

/**
 * Turns the search-form entries of one profile into clauses. Entries without a value are skipped
 * (homer-ui only sends filled fields); the profile selector and system parameters (node picker)
 * select nothing; any other name must be in the profile's allowlist (`resolveField`).
 */
export function planSearch(
  mapping: MappingRecord,
  entries: readonly SearchEntry[],
  orlogic: boolean,
): SearchPlan {
  const defaultJoin = orlogic ? 'or' : 'and';
  const clauses: Clause[] = [];
  let limit: number | undefined;
  entries.forEach((entry, index) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw badRequest(`param.search entry ${index} must be an object`);
    }
    if (typeof entry.name !== 'string' || entry.name === '') {
      throw badRequest(`param.search entry ${index}: name must be a non-empty string`);
    }
    const name = checkText(`param.search entry ${index} name`, entry.name);
    const value = entryValue(name, entry.value);
    if (name === 'limit') {
      if (value !== undefined) limit = parseLimit('limit', value);
      return;
    }
    if (name === 'smartinput') {
      if (value === undefined) return;
      if (typeof value !== 'string') throw badRequest('smartinput must be a string');
      const parsed = parseSmartInput(value, (field) => resolveSmartField(mapping, field));
      if (parsed.length > 0) clauses.push({ join: defaultJoin, node: { kind: 'group', clauses: parsed } });
      return;
    }
    if (isSystemField(mapping, name)) return;
    const field = resolveField(mapping, name);
    if (value === undefined) return;
    clauses.push(parseEntryValue(field, value, defaultJoin));
  });
  return { clauses, ...(limit === undefined ? {} : { limit }) };
}
