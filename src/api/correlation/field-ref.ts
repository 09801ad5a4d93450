import type { DataRow } from '../data/rows.js';

/**
 * A reference to one value of a data row, as correlation rules name them. homer-app splices
 * `lookup_field` into SQL verbatim; here only these shapes are understood, and the SQL for them
 * is generated from a validated key, never copied from the rule.
 */
export type FieldRef =
  { readonly kind: 'sid' } | { readonly kind: 'data_header' | 'protocol_header'; readonly key: string };

/** JSON keys allowed inside generated SQL (`data_header->>'key'`): safe to write as a literal. */
const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const ARROW_RE = /^(data_header|protocol_header)\s*->>\s*'([^']*)'$/;
const DOT_RE = /^(data_header|protocol_header)\.(.+)$/;

function headerRef(column: string, key: string): FieldRef | undefined {
  if (!KEY_RE.test(key)) return undefined;
  return { kind: column === 'data_header' ? 'data_header' : 'protocol_header', key };
}

/**
 * Parses `sid`, `correlation_id`, `data_header.x`, `data_header->>'x'`, `protocol_header.x` and
 * `protocol_header->>'x'`. Anything else (other columns, casts, functions, SQL) is undefined.
 */
export function parseFieldRef(text: unknown): FieldRef | undefined {
  if (typeof text !== 'string') return undefined;
  const value = text.trim();
  if (value === 'sid') return { kind: 'sid' };
  if (value === 'correlation_id') return { kind: 'protocol_header', key: 'correlation_id' };
  const arrow = ARROW_RE.exec(value);
  if (arrow) return headerRef(arrow[1] as string, arrow[2] as string);
  const dot = DOT_RE.exec(value);
  if (dot) return headerRef(dot[1] as string, dot[2] as string);
  return undefined;
}

/**
 * `source_field` may also be a bare header key (homer-app reads `row[name]` of the flattened row):
 * anything `parseFieldRef` rejects but that is a plain key is looked up in data_header, then in
 * protocol_header.
 */
export type SourceRef = FieldRef | { readonly kind: 'bare'; readonly key: string };

export function parseSourceRef(text: unknown): SourceRef | undefined {
  const ref = parseFieldRef(text);
  if (ref) return ref;
  if (typeof text === 'string' && KEY_RE.test(text.trim())) return { kind: 'bare', key: text.trim() };
  return undefined;
}

/** The SQL expression for a field reference; keys are validated by the parser above. */
export function sqlExpression(ref: FieldRef): string {
  if (ref.kind === 'sid') return 'sid';
  return `${ref.kind}->>'${ref.key}'`;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** The value a reference names in a row, as text (undefined when absent or empty). */
export function readField(row: DataRow, ref: SourceRef): string | undefined {
  switch (ref.kind) {
    case 'sid':
      return asText(row.sid);
    case 'data_header':
      return asText(row.dataHeader[ref.key]);
    case 'protocol_header':
      return asText(row.protocolHeader[ref.key]);
    case 'bare':
      if (ref.key === 'id') return asText(row.id);
      return asText(row.dataHeader[ref.key]) ?? asText(row.protocolHeader[ref.key]);
  }
}

/** A source reference as a lookup reference (for reversed rules); bare keys have no SQL form. */
export function asLookupRef(ref: SourceRef): FieldRef | undefined {
  return ref.kind === 'bare' ? undefined : ref;
}

export function sameRef(a: SourceRef, b: SourceRef): boolean {
  return a.kind === b.kind && (a.kind === 'sid' || (a as { key: string }).key === (b as { key: string }).key);
}
