/**
 * Per-partition indexes, named and shaped as heplify-server's rotator creates them
 * (`rotator/pgfiles.go`; reference/capture-servers.md §2). heplify writes the names unquoted, e.g.
 * `<p>_srcIp`, which PostgreSQL folds to lower case, so the names in the catalog are `<p>_srcip`:
 * the suffixes below are those folded names, so an existing HOMER database sees no duplicates.
 *
 * The sets are plain data so a leaner set (limits.md §3: every btree costs ≈ 5–10 % of insert
 * throughput) can be chosen later without touching the DDL code.
 */

import { hepidOf } from '../table-names.js';

export interface IndexSpec {
  /** Appended to the partition name: `<partition>_<suffix>`. */
  readonly suffix: string;
  /** The indexed expression list, fixed SQL text from this file only. */
  readonly expr: string;
}

const byColumn = (column: string): IndexSpec => ({ suffix: column, expr: `(${column})` });
const byProtocolKey = (key: string): IndexSpec => ({
  suffix: key.toLowerCase(),
  expr: `((protocol_header->>'${key}'))`,
});
const byDataKey = (key: string): IndexSpec => ({ suffix: key, expr: `((data_header->>'${key}'))` });

const BASE: readonly IndexSpec[] = [
  byColumn('create_date'),
  byColumn('sid'),
  byProtocolKey('srcIp'),
  byProtocolKey('dstIp'),
  byProtocolKey('correlation_id'),
];

export const HEPLIFY_INDEX_SETS = {
  /** SIP tables (hepid 1, any profile): 13 indexes. */
  sip: [
    ...BASE,
    ...['ruri_domain', 'ruri_user', 'from_user', 'to_user', 'pid_user', 'auth_user', 'callid', 'method'].map(
      byDataKey,
    ),
  ],
  /** ISUP (hepid 54): no IP indexes, the ISUP keys instead. */
  isup: [
    byColumn('create_date'),
    byColumn('sid'),
    byProtocolKey('correlation_id'),
    ...['called_number', 'calling_number', 'opc', 'dpc', 'cic', 'msg_name', 'callid'].map(byDataKey),
  ],
  /** RTCP (5), reports (35), logs (100) and any other type. */
  base: BASE,
} as const satisfies Record<string, readonly IndexSpec[]>;

export type IndexSets = { readonly [K in keyof typeof HEPLIFY_INDEX_SETS]: readonly IndexSpec[] };

/** The index set of a (valid) data table. */
export function indexesFor(table: string, sets: IndexSets = HEPLIFY_INDEX_SETS): readonly IndexSpec[] {
  const hepid = hepidOf(table);
  if (hepid === 1) return sets.sip;
  if (hepid === 54) return sets.isup;
  return sets.base;
}
