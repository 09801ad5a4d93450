/**
 * Per-partition index sets for the SIP tables, as benchmarks compare them: heplify-server's 13 in
 * its order, and lean sets derived from the seeded `fields_mapping` (the fields a HOMER search form
 * can filter on). The specs are the ones `src/storage/schema/indexes.ts` uses, so a set measured
 * here is created with the same names and expressions as in production. bench:search (the API
 * issue) should import the same sets to check that searches stay fast without the dropped ones.
 */

import { MAPPING_SEED } from '../../src/storage/configdb/mapping-seed.js';
import { HEPLIFY_INDEX_SETS, type IndexSpec } from '../../src/storage/schema/indexes.js';

/** heplify-server's 13 SIP indexes, in the order its rotator creates them. */
export const HEPLIFY_SIP: readonly IndexSpec[] = HEPLIFY_INDEX_SETS.sip;

/** The index suffix that serves a `fields_mapping` id, when heplify's set has one. */
function suffixForField(id: string): string {
  if (id.startsWith('data_header.')) return id.slice('data_header.'.length);
  if (id.startsWith('protocol_header.')) return id.slice('protocol_header.'.length).toLowerCase();
  return id;
}

export interface SearchableFields {
  /** Searchable mapping ids (`skip` false, not a system parameter) of the profile. */
  readonly searchable: readonly string[];
  /** heplify indexes that serve a searchable field (plus `create_date`, which every search uses). */
  readonly indexed: readonly IndexSpec[];
  /** heplify indexes no searchable field of the seed uses. */
  readonly unused: readonly IndexSpec[];
  /** Searchable fields without any heplify index (the search filters them inside the time window). */
  readonly withoutIndex: readonly string[];
}

/** Which of heplify's SIP indexes the seeded `fields_mapping` of hepid 1 / `profile` can use. */
export function seededSipSearch(profile = 'call'): SearchableFields {
  const seed = MAPPING_SEED.find((s) => s.hepid === 1 && s.profile === profile);
  if (seed === undefined) throw new Error(`no seeded mapping for 1/${profile}`);
  const searchable = seed.fieldsMapping
    .filter((f) => f['skip'] !== true && f['system_param'] !== true && typeof f['id'] === 'string')
    .map((f) => f['id'] as string)
    .filter((id) => id !== 'profile');
  const suffixes = new Set(['create_date', ...searchable.map(suffixForField)]);
  const indexedSuffixes = new Set(HEPLIFY_SIP.map((ix) => ix.suffix));
  return {
    searchable,
    indexed: HEPLIFY_SIP.filter((ix) => suffixes.has(ix.suffix)),
    unused: HEPLIFY_SIP.filter((ix) => !suffixes.has(ix.suffix)),
    withoutIndex: searchable.filter((id) => !indexedSuffixes.has(suffixForField(id))),
  };
}

/** heplify's specs with these suffixes, in heplify's order. */
export function heplifySubset(suffixes: readonly string[]): IndexSpec[] {
  const unknown = suffixes.filter((s) => !HEPLIFY_SIP.some((ix) => ix.suffix === s));
  if (unknown.length > 0) throw new Error(`not a heplify SIP index: ${unknown.join(', ')}`);
  return HEPLIFY_SIP.filter((ix) => suffixes.includes(ix.suffix));
}

/**
 * The lean candidate: the seed's searchable fields that heplify indexes, without `correlation_id`.
 * That field is in the mapping (hidden), but the seeded correlation rule only reads it from rows
 * already found and looks the values up by `sid`; a direct search by it filters inside the window.
 */
export const LEAN_SIP: readonly IndexSpec[] = heplifySubset([
  'create_date',
  'sid',
  'srcip',
  'dstip',
  'ruri_user',
  'from_user',
  'to_user',
  'callid',
  'method',
]);

/** The lean candidate plus `correlation_id`: exactly the seed's searchable fields that heplify indexes. */
export const LEAN_SIP_WITH_CORRELATION: readonly IndexSpec[] = heplifySubset([
  ...LEAN_SIP.map((ix) => ix.suffix),
  'correlation_id',
]);
