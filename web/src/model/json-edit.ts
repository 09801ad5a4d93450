/**
 * Validation of the JSON typed into the preference editors (mapping, advanced and user settings),
 * run on every keystroke so the error shows before anything is sent. The rules mirror the server's
 * (src/api/config/mapping-input.ts), so a text accepted here is accepted there.
 */
export type JsonCheck<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON, with the parser's message (it includes the position) on failure. */
export function parseJsonText(text: string): JsonCheck<unknown> {
  if (text.trim() === '') return { ok: false, error: 'Empty: enter JSON' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: `Invalid JSON: ${(err as Error).message}` };
  }
}

/** `fields_mapping`: an array of objects, each with a non-empty string `id`. */
export function checkFieldsMapping(text: string): JsonCheck<Record<string, unknown>[]> {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  if (!Array.isArray(parsed.value))
    return { ok: false, error: 'fields_mapping must be an array of field objects' };
  for (const [i, f] of parsed.value.entries()) {
    if (!isPlainObject(f)) return { ok: false, error: `fields_mapping[${i}] must be an object` };
    if (typeof f.id !== 'string' || f.id === '')
      return { ok: false, error: `fields_mapping[${i}].id must be a non-empty string` };
  }
  return { ok: true, value: parsed.value as Record<string, unknown>[] };
}

/** `correlation_mapping`: an array of rule objects (possibly empty). */
export function checkCorrelationMapping(text: string): JsonCheck<Record<string, unknown>[]> {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  if (!Array.isArray(parsed.value))
    return { ok: false, error: 'correlation_mapping must be an array of rules' };
  for (const [i, rule] of parsed.value.entries()) {
    if (!isPlainObject(rule)) return { ok: false, error: `correlation_mapping[${i}] must be an object` };
  }
  return { ok: true, value: parsed.value as Record<string, unknown>[] };
}

/** A settings row's `data`: any JSON value. */
export function checkSettingsData(text: string): JsonCheck<unknown> {
  return parseJsonText(text);
}

/** Pretty JSON for an editor. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
