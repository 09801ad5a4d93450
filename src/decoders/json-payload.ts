/**
 * Reading JSON payloads (RTCP JSON, quality reports, events, ISUP) without ever throwing: agents
 * send what they send, and a bad payload must still be stored.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

/** Payloads above this are not parsed (stored as text only): bounds the CPU one packet can cost. */
export const MAX_JSON_PAYLOAD_CHARS = 256 * 1024;

/** True when the text, after leading whitespace, starts like a JSON object or array. */
export function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) continue;
    return c === 0x7b || c === 0x5b; // { or [
  }
  return false;
}

/** The parsed JSON value, or `undefined` when the text is not JSON (or too large to parse). */
export function parseJson(text: string): unknown {
  if (text.length > MAX_JSON_PAYLOAD_CHARS || !looksLikeJson(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parsed JSON object, or `undefined` for anything else. */
export function parseJsonObject(text: string): JsonObject | undefined {
  const value = parseJson(text);
  return isObject(value) ? value : undefined;
}

/** A finite number at `obj[key]`; numeric strings count (agents disagree on quoting). */
export function numberAt(obj: JsonObject | undefined, key: string): number | undefined {
  const value = obj?.[key];
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A string (or number, as text) at `obj[key]`, capped at `max` characters. */
export function stringAt(obj: JsonObject | undefined, key: string, max = 256): string | undefined {
  const value = obj?.[key];
  if (typeof value === 'string') return value.length > max ? value.slice(0, max) : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  // Janus session/handle ids exceed 2^53 in practice; JSON.parse has rounded them already, which
  // is still a stable join key.
  return undefined;
}

/** The nested object at `obj[key]`, if it is one. */
export function objectAt(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = obj?.[key];
  return isObject(value) ? value : undefined;
}
