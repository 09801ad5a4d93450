import { createDateMs, type DataRow } from './rows.js';

/** Resolves `ip:port` (with the capture id) to an alias name (`AliasResolver.snapshot()`). */
export type AliasLookup = (ip: string, port: number, captureId?: string) => string | undefined;

/** The only data node homer-ts has; homer-app names its default node `localnode`. */
export const LOCAL_NODE = 'localnode';

/** A port from a JSON header value; 0 when it is not one. */
export function portOf(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : 0;
}

/** `ip:port`, IPv6 in brackets (`[2001:db8::1]:5060`), as homer-app's host ids and alias keys. */
export function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * A stored row as homer-app's replies carry it: `data_header` (without `node`) merged with
 * `protocol_header` (which wins on equal keys, e.g. `protocol`), then `id`, `sid`, `node`, `dbnode`,
 * `table` and `create_date` in ms. Search and the call flow add their own keys to it.
 */
export function mergedRow(row: DataRow): Record<string, unknown> {
  const { node: _node, ...data } = row.dataHeader;
  return {
    ...data,
    ...row.protocolHeader,
    id: row.id,
    sid: row.sid,
    node: LOCAL_NODE,
    dbnode: LOCAL_NODE,
    table: row.table,
    create_date: createDateMs(row),
  };
}

/** Every key of every row, in first-seen order (homer-app's `keys`). */
export function unionKeys(rows: readonly Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  return [...keys];
}
