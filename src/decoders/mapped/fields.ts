import { parseJsonPath, readJsonPath, type PathSegment } from './json-path.js';
import type { HeaderValue } from '../non-sip-row.js';

/**
 * One `fields_mapping` descriptor of a mapped protocol, compiled: which data_header key it writes
 * and which payload path it reads.
 *
 * How a descriptor names its payload path (homer-app has no such notion; this is ours):
 * - `json_path` (or `path`) when present: a dot path, `$.` prefix allowed, `[n]` or `.n` indexes
 *   arrays — e.g. `{"id":"data_header.caller","json_path":"legs[0].from.user"}`;
 * - else the `id` without its `data_header.` prefix, read as a dot path — `data_header.callid`
 *   reads payload `callid`, `data_header.leg.callid`... is not allowed as a key, see below.
 * Only ids `data_header.<key>` with `<key>` a plain identifier (`[A-Za-z_][A-Za-z0-9_]*`, ≤ 64) are
 * extracted: that is the shape the search and the correlation rules can address
 * (`data_header.<key>` / `data_header->>'<key>'`). Other descriptors (`sid`, `protocol_header.*`,
 * `raw`, UI-only ones) are left alone: the UI uses them, capture has nothing to extract.
 *
 * Values: strings like heplify-server writes SIP data_header; with `"type":"integer"` a number (or
 * numeric string) becomes a JSON number. Objects and arrays become their JSON text. `null` and
 * missing values leave the key out. Strings are capped at MAX_VALUE_CHARS.
 */
export interface MappedField {
  readonly key: string;
  readonly path: readonly PathSegment[];
  readonly integer: boolean;
  /** `sid_type: true`: the first such field with a value is the row's sid without a correlation id. */
  readonly sid: boolean;
}

export const MAX_VALUE_CHARS = 2048;
const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const DATA_HEADER_PREFIX = 'data_header.';
/** heplify-server's own keys of non-SIP data_header: never overwritten by a mapped field. */
const RESERVED_KEYS = new Set(['node', 'proto', 'parse_error']);

/** Compiles a descriptor, or returns why it is not extracted (`undefined` when it is simply not ours). */
export function compileField(descriptor: unknown): MappedField | { readonly skipped: string } | undefined {
  if (descriptor === null || typeof descriptor !== 'object' || Array.isArray(descriptor)) return undefined;
  const d = descriptor as Record<string, unknown>;
  if (typeof d.id !== 'string' || !d.id.startsWith(DATA_HEADER_PREFIX)) return undefined;
  const key = d.id.slice(DATA_HEADER_PREFIX.length);
  if (!KEY_RE.test(key)) return { skipped: `${d.id}: the key must be a plain identifier` };
  if (RESERVED_KEYS.has(key)) return { skipped: `${d.id}: ${key} is written by the capture server` };
  const explicit = typeof d.json_path === 'string' ? d.json_path : typeof d.path === 'string' ? d.path : key;
  const path = parseJsonPath(explicit);
  if (path === undefined) return { skipped: `${d.id}: bad payload path ${JSON.stringify(explicit)}` };
  return { key, path, integer: d.type === 'integer', sid: d.sid_type === true };
}

/** The data_header value of `field` in the parsed payload. */
export function fieldValue(root: unknown, field: MappedField): HeaderValue {
  const value = readJsonPath(root, field.path);
  if (value === undefined || value === null) return undefined;
  if (field.integer) {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  }
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else text = JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? text.slice(0, MAX_VALUE_CHARS) : text;
}
