import { badRequest } from '../http/errors.js';
import type { FieldRef } from './fields.js';

/** Longest single value accepted (a Call-ID or a raw search is far shorter). */
export const MAX_VALUE_LENGTH = 4096;
/** Most values in one `a;b;c` list or multiselect. */
export const MAX_LIST_VALUES = 1000;

/** A UTF-16 surrogate that is not half of a pair: it cannot be sent as UTF-8. */
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INTEGER_RE = /^[+-]?\d{1,18}$/;
/** Latest timestamp accepted as milliseconds (year 9999); keeps `new Date()` valid. */
const MAX_MS = 253_402_300_799_999;

function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

/**
 * Rejects what PostgreSQL would refuse with an error (NUL cannot be stored in text) and absurd
 * lengths, so bad input is a 400 naming the field instead of a database error.
 */
export function checkText(field: string, value: string): string {
  if (value.length > MAX_VALUE_LENGTH)
    throw badRequest(`${field}: value longer than ${MAX_VALUE_LENGTH} characters`);
  if (value.includes('\u0000')) throw badRequest(`${field}: value contains a NUL character`);
  if (LONE_SURROGATE_RE.test(value))
    throw badRequest(`${field}: value is not valid Unicode (lone surrogate)`);
  return value;
}

/**
 * A value in the form the SQL renderer binds for `field`: canonical decimal text for integers
 * (JSON numbers are compared through their `->>` text, which also matches numbers stored as
 * strings and never raises a cast error), an ISO timestamp for `create_date` (ms), the text as is
 * otherwise.
 */
export function normalizeValue(field: FieldRef, value: string): string {
  checkText(field.name, value);
  switch (field.kind) {
    case 'integer':
    case 'bigint': {
      const trimmed = value.trim();
      if (!INTEGER_RE.test(trimmed)) throw badRequest(`${field.name}: ${quoted(value)} is not an integer`);
      return BigInt(trimmed).toString();
    }
    case 'timestamp': {
      const trimmed = value.trim();
      const ms = INTEGER_RE.test(trimmed) ? Number(trimmed) : NaN;
      if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_MS) {
        throw badRequest(`${field.name}: ${quoted(value)} is not a time in epoch milliseconds`);
      }
      return new Date(ms).toISOString();
    }
    default:
      return value;
  }
}

/** Fields whose values may be LIKE patterns (text and JSON values; not `id` or `create_date`). */
export function acceptsPattern(field: FieldRef): boolean {
  return field.kind === 'text' || field.kind === 'integer' || field.kind === 'raw';
}

/** A LIKE pattern for `field`; a trailing lone `\` (which PostgreSQL refuses) is a 400. */
export function requirePattern(field: FieldRef, value: string): string {
  if (!acceptsPattern(field))
    throw badRequest(`${field.name}: ${quoted(value)} — patterns are not allowed here`);
  checkText(field.name, value);
  const trailing = /\\*$/.exec(value)?.[0].length ?? 0;
  if (trailing % 2 === 1)
    throw badRequest(`${field.name}: ${quoted(value)} ends with the LIKE escape character`);
  return value;
}

/** `value` as a LIKE pattern matching it literally anywhere in the text (`%value%`). */
export function substringPattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
