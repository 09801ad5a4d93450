import type { DataRow } from '../data/rows.js';
import { badRequest } from '../http/errors.js';
import { buildSearchQuery } from './build-query.js';
import { detectCodePointCollation } from './collation.js';
import { resolveField } from './fields.js';
import { unionKeys } from '../data/flatten.js';
import { flattenRow } from './flatten.js';
import { parseTimeWindow, resolveSearchKey } from './request.js';
import { runSearchQuery } from './run.js';
import type { SearchDataDeps } from './search-data.js';
import { normalizeValue } from './values.js';

/** Most messages one fetch may name. */
const MAX_IDS = 1000;

/** `search/call/message` and `decode/message`: `param.search.{key}.id` or `.uuid[]`. */
export interface MessageBody {
  readonly param: { readonly search: Readonly<Record<string, unknown>>; readonly [key: string]: unknown };
  readonly timestamp: { readonly from?: unknown; readonly to?: unknown };
}

function idsOf(key: string, selection: unknown): string[] {
  if (!selection || typeof selection !== 'object' || Array.isArray(selection)) {
    throw badRequest(`param.search.${key} must be an object with id or uuid`);
  }
  const { id, uuid } = selection as { id?: unknown; uuid?: unknown };
  const raw: unknown[] = [];
  if (id !== undefined && id !== null) raw.push(id);
  if (Array.isArray(uuid)) raw.push(...uuid);
  else if (uuid !== undefined && uuid !== null) raw.push(uuid);
  if (raw.length === 0) throw badRequest(`param.search.${key}: no id or uuid has been provided`);
  if (raw.length > MAX_IDS) throw badRequest(`param.search.${key}: more than ${MAX_IDS} ids`);
  return raw.map((v) => {
    if (typeof v !== 'number' && typeof v !== 'string')
      throw badRequest(`param.search.${key}.id must be a number`);
    return normalizeValue({ name: `param.search.${key}.id`, sql: 'id', kind: 'bigint' }, String(v));
  });
}

/** The selected rows (with `raw`), oldest first. Rows outside the time window are not found. */
export async function fetchMessages(deps: SearchDataDeps, body: MessageBody): Promise<DataRow[]> {
  const window = parseTimeWindow(body.timestamp);
  const keys = Object.keys(body.param.search);
  if (keys.length === 0) throw badRequest('param.search needs a "{hepid}_{profile}" key');
  if (keys.length > 16) throw badRequest('param.search has more than 16 keys');
  const selections = [];
  for (const key of keys) {
    const target = await resolveSearchKey(deps.mappings, key);
    const ids = [...new Set(idsOf(key, body.param.search[key]))];
    selections.push({ target, ids });
  }
  const codePointCollation = await detectCodePointCollation(deps.sql);
  const rows: DataRow[] = [];
  for (const { target, ids } of selections) {
    const field = resolveField(target.mapping, 'id');
    const query = buildSearchQuery({
      table: target.table,
      clauses: [{ join: 'and', node: { kind: 'in', field, negate: false, values: ids } }],
      ...window,
      limit: ids.length,
      withRaw: true,
      codePointCollation,
    });
    rows.push(...(await runSearchQuery(deps.sql, target.table, query, ids.length)).rows);
  }
  return rows.sort((a, b) => a.createUs - b.createUs || a.id - b.id);
}

/** `search/call/message` reply rows: the search shape plus `raw`, `create_ts` and `micro_ts` (ms, as homer-app). */
export async function searchCallMessage(
  deps: SearchDataDeps,
  body: MessageBody,
): Promise<{ total: number; keys: string[]; data: Record<string, unknown>[] }> {
  const rows = await fetchMessages(deps, body);
  const aliases = await deps.aliases.snapshot();
  const data = rows.map((row) => {
    const flat = flattenRow(row, aliases, { withRaw: true });
    flat.create_ts = flat.create_date;
    flat.micro_ts = flat.create_date;
    return flat;
  });
  return { total: data.length, keys: unionKeys(data), data };
}
