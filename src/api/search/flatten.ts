import { createDateMs, type DataRow } from '../data/rows.js';

/** Resolves `ip:port` (with the capture id) to an alias name (AliasResolver.snapshot()). */
export type AliasLookup = (ip: string, port: number, captureId?: string) => string | undefined;

/** The only data node homer-ts has; homer-app names its default node `localnode`. */
export const LOCAL_NODE = 'localnode';

function portOf(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : 0;
}

/** `ip:port`, IPv6 in brackets (`[2001:db8::1]:5060`), as homer-app's alias keys. */
export function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function aliasFor(aliases: AliasLookup, ip: unknown, port: unknown, captureId: unknown): string {
  const address = typeof ip === 'string' ? ip : '';
  const p = portOf(port);
  const capture = captureId === undefined || captureId === null ? '' : String(captureId);
  return (address !== '' ? aliases(address, p, capture) : undefined) ?? hostPort(address, p);
}

export interface FlattenOptions {
  /** Add `raw` (homer-app does for LOG rows and message fetches). */
  readonly withRaw: boolean;
}

/**
 * One stored row as homer-app's search returns it: `data_header` (without `node`) merged with
 * `protocol_header` (which wins on equal keys, e.g. `protocol`), then `id`, `sid`, `node`,
 * `dbnode`, `raw` when asked, `aliasSrc`/`aliasDst`, `table`, `create_date` (ms) and `uuid`.
 * The aliases are those of source and destination respectively (homer-app built both from
 * `srcIp:dstPort` for IPv4), matched with the row's capture id.
 */
export function flattenRow(
  row: DataRow,
  aliases: AliasLookup,
  options: FlattenOptions,
): Record<string, unknown> {
  const { node: _node, ...data } = row.dataHeader;
  const p = row.protocolHeader;
  const flat: Record<string, unknown> = { ...data, ...p };
  flat.id = row.id;
  flat.sid = row.sid;
  flat.node = LOCAL_NODE;
  flat.dbnode = LOCAL_NODE;
  if (options.withRaw) flat.raw = row.raw;
  flat.aliasSrc = aliasFor(aliases, p.srcIp, p.srcPort, p.captureId);
  flat.aliasDst = aliasFor(aliases, p.dstIp, p.dstPort, p.captureId);
  flat.table = row.table;
  flat.create_date = createDateMs(row);
  flat.uuid = row.id;
  return flat;
}

/** Every key of every row, in first-seen order (homer-app's `keys`). */
export function unionKeys(rows: readonly Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  return [...keys];
}
