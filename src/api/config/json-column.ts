/**
 * `json` columns come back from node-postgres parsed and from PGlite sometimes as text; API bodies
 * may carry them as objects or as JSON text (homer-app's `json.RawMessage`). These helpers turn
 * both into values.
 */

/** A JSON column value as a JS value (text is parsed; unparsable text is kept as text). */
export function parseJsonColumn(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * A JSON value from a request body: objects and arrays as they are, a string that holds JSON
 * parsed. Returns `undefined` for a string that is not JSON, so the caller can name the field.
 */
export function jsonFromBody(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
