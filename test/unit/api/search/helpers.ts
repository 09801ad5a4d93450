import type { MappingRecord } from '../../../../src/api/config/mapping-store.js';
import { MAPPING_SEED } from '../../../../src/storage/configdb/mapping-seed.js';

/** A MappingRecord built from the shipped seed (what MappingStore returns after migrate()). */
export function seedMapping(hepid: number, profile: string): MappingRecord {
  const seed = MAPPING_SEED.find((m) => m.hepid === hepid && m.profile === profile);
  if (!seed) throw new Error(`no seed ${hepid}_${profile}`);
  return {
    id: 1,
    guid: '00000000-0000-0000-0000-000000000000',
    hepid,
    profile,
    hep_alias: seed.hepAlias,
    partid: 10,
    version: 1,
    retention: seed.retentionDays,
    partition_step: seed.partitionStepMinutes,
    create_index: {},
    create_table: null,
    correlation_mapping: [],
    fields_mapping: seed.fieldsMapping as unknown as MappingRecord['fields_mapping'],
    fields_settings: {},
    schema_mapping: {},
    schema_settings: {},
    create_date: '',
  };
}
