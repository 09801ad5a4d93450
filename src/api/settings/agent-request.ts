/**
 * What `POST /agent/search/:guid/:type` sends to a HEPSUB agent. With a hepsub mapping for the
 * searched `{hepid}_{profile}` it is the mapping's `lookup_field` template (homer-app semantics:
 * `$source_field` → JSON of the `source_fields` values, `$fromts`/`$tots` → µs after applying
 * `lookup_range`); otherwise the request body is forwarded as it is.
 */

import { isPlainObject } from '../config/json-column.js';

export interface HepsubMapping {
  readonly lookup_field?: unknown;
  readonly lookup_range?: unknown;
  readonly source_fields?: unknown;
}

/** The first `param.search` key (`"1_call"`) and its value, if the body is a SearchObject. */
export function searchEntry(body: unknown): { key: string; value: Record<string, unknown> } | undefined {
  const search = isPlainObject(body) && isPlainObject(body.param) ? body.param.search : undefined;
  if (!isPlainObject(search)) return undefined;
  for (const [key, value] of Object.entries(search)) {
    if (isPlainObject(value)) return { key, value };
  }
  return undefined;
}

function rangeSeconds(range: unknown, index: 0 | 1, fallback: number): number {
  const v = Array.isArray(range) ? Number(range[index]) : Number.NaN;
  return Number.isFinite(v) ? v : fallback;
}

export function agentPayload(body: unknown, mapping: HepsubMapping | undefined): string {
  const entry = searchEntry(body);
  if (!entry || !mapping || typeof mapping.lookup_field !== 'string') return JSON.stringify(body ?? {});
  const post: Record<string, unknown> = {};
  if (isPlainObject(mapping.source_fields)) {
    for (const k of Object.keys(mapping.source_fields)) post[k] = entry.value[k] ?? [];
  } else {
    post.callid = entry.value.callid ?? [];
  }
  const ts = isPlainObject(body) && isPlainObject(body.timestamp) ? body.timestamp : {};
  const fromMs = Number(ts.from) || 0;
  const toMs = Number(ts.to) || 0;
  const fromUs = Math.round((fromMs + rangeSeconds(mapping.lookup_range, 0, -300) * 1000) * 1000);
  const toUs = Math.round((toMs + rangeSeconds(mapping.lookup_range, 1, 200) * 1000) * 1000);
  return mapping.lookup_field
    .split('$source_field')
    .join(JSON.stringify(post))
    .split('$fromts')
    .join(String(fromUs))
    .split('$tots')
    .join(String(toUs));
}
