import type { DataRow } from '../data/rows.js';
import { hostPort, mergedRow, portOf, type AliasLookup } from '../data/flatten.js';

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
  const p = row.protocolHeader;
  const flat = mergedRow(row);
  if (options.withRaw) flat.raw = row.raw;
  flat.aliasSrc = aliasFor(aliases, p.srcIp, p.srcPort, p.captureId);
  flat.aliasDst = aliasFor(aliases, p.dstIp, p.dstPort, p.captureId);
  flat.uuid = row.id;
  return flat;
}
