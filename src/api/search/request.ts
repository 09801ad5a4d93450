import type { MappingRecord, MappingStore } from '../config/mapping-store.js';
import { tableForKey } from '../data/rows.js';
import { badRequest } from '../http/errors.js';

/** `{hepid}_{profile}`, homer-app's pattern for `param.search` keys. */
const SEARCH_KEY_RE = /^\d{1,5}_[a-zA-Z0-9_]{1,40}$/;
/** Years 1970..9999 in ms. */
const MAX_MS = 253_402_300_799_999;

export interface SearchTarget {
  readonly key: string;
  readonly table: string;
  readonly mapping: MappingRecord;
}

export interface TimeWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

function quotedKey(key: string): string {
  return JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key);
}

/**
 * A `param.search` key checked against the pattern, the mapping table (MappingStore) and the
 * data-table name rules; 400 naming it otherwise.
 */
export async function resolveSearchKey(mappings: MappingStore, key: string): Promise<SearchTarget> {
  const match = SEARCH_KEY_RE.exec(key);
  const split = key.indexOf('_');
  const mapping = match ? await mappings.find(Number(key.slice(0, split)), key.slice(split + 1)) : undefined;
  if (!mapping) throw badRequest(`param.search key ${quotedKey(key)} is not a known {hepid}_{profile}`);
  let table: string;
  try {
    table = tableForKey(key);
  } catch {
    throw badRequest(`param.search key ${quotedKey(key)} does not name a data table`);
  }
  return { key, table, mapping };
}

function epochMs(where: string, value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > MAX_MS) {
    throw badRequest(`${where} must be a time in epoch milliseconds`);
  }
  return Math.floor(n);
}

/** `timestamp.{from,to}` (epoch ms, both inclusive); 400 when missing or reversed. */
export function parseTimeWindow(timestamp: { from?: unknown; to?: unknown } | undefined): TimeWindow {
  if (!timestamp || typeof timestamp !== 'object') throw badRequest('timestamp must have from and to');
  const fromMs = epochMs('timestamp.from', timestamp.from);
  const toMs = epochMs('timestamp.to', timestamp.to);
  if (toMs < fromMs) throw badRequest('timestamp.to is before timestamp.from');
  return { fromMs, toMs };
}
