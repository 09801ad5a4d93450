import { badRequest } from '../http/errors.js';
import type { Clause, Condition } from './clauses.js';
import type { FieldRef } from './fields.js';
import { checkText, MAX_LIST_VALUES, normalizeValue, requirePattern, substringPattern } from './values.js';

/** A search-form value: a string, or a multiselect array (numbers are accepted as their text). */
export type EntryValue = string | readonly string[];

/**
 * homer-app's value syntax for one search-form entry, as a clause:
 * - `||x`: OR with the previous clause (instead of AND / the `orlogic` default);
 * - `!=x`: negated (`<>`, `NOT IN`, `NOT LIKE`, `IS NOT NULL`, `<> ''`);
 * - `isEmpty` → `= ''`, `isNull` → `IS NULL`;
 * - `a;b` → `IN (a, b)`; a `%` → `LIKE`; `%` and `;` → `LIKE ANY` (negated: `NOT LIKE ALL`, i.e.
 *   matches none of them — homer-app's `NOT LIKE ANY` was true for almost every row);
 * - an array (multiselect) → `IN`, no prefixes;
 * - `raw`: case-insensitive `ILIKE`; a value without `%` is searched as a substring (`%v%`),
 *   one with `%` is used as given; `;` is not a separator there because SIP text is full of it.
 * Integer fields require integers (400 otherwise) unless the value is a `%` pattern.
 */
export function parseEntryValue(field: FieldRef, value: EntryValue, defaultJoin: 'and' | 'or'): Clause {
  if (typeof value !== 'string') {
    if (value.length === 0) throw badRequest(`${field.name}: empty list`);
    if (value.length > MAX_LIST_VALUES)
      throw badRequest(`${field.name}: more than ${MAX_LIST_VALUES} values`);
    return {
      join: defaultJoin,
      node: { kind: 'in', field, negate: false, values: value.map((v) => normalizeValue(field, v)) },
    };
  }
  checkText(field.name, value);
  let text = value;
  let join = defaultJoin;
  if (text.startsWith('||')) {
    text = text.slice(2);
    join = 'or';
  }
  let negate = false;
  if (text.startsWith('!=')) {
    text = text.slice(2);
    negate = true;
  }
  return { join, node: valueCondition(field, text, negate) };
}

function valueCondition(field: FieldRef, text: string, negate: boolean): Condition {
  if (field.kind === 'raw') {
    const pattern = text.includes('%') ? text : substringPattern(text);
    return { kind: 'like', field, negate, patterns: [requirePattern(field, pattern)] };
  }
  if (text === 'isEmpty') return { kind: 'empty', field, negate };
  if (text === 'isNull') return { kind: 'null', field, negate };
  const parts = text.includes(';') ? text.split(';').filter((p) => p !== '') : [text];
  if (parts.length === 0) throw badRequest(`${field.name}: no value between the ';' separators`);
  if (parts.length > MAX_LIST_VALUES) throw badRequest(`${field.name}: more than ${MAX_LIST_VALUES} values`);
  if (parts.some((p) => p.includes('%'))) {
    return { kind: 'like', field, negate, patterns: parts.map((p) => requirePattern(field, p)) };
  }
  const values = parts.map((p) => normalizeValue(field, p));
  if (values.length > 1) return { kind: 'in', field, negate, values };
  return { kind: 'compare', field, op: negate ? 'ne' : 'eq', value: values[0] as string };
}
