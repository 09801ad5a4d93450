/**
 * Default `global_settings` rows ("Advanced" settings), written once into an empty table. They are
 * homer-app's seed (reference/homer-app.md §2.1) plus the two rows the stock UI reads but homer-app
 * never seeds (`system/qos`, `search/node`). No credentials: homer-app seeds a Grafana user,
 * password and token; we seed the host only.
 */

import type { SqlClient } from '../types.js';

export interface GlobalSettingSeed {
  readonly category: string;
  readonly param: string;
  readonly data: Record<string, unknown>;
}

export const GLOBAL_SETTINGS_SEED: readonly GlobalSettingSeed[] = [
  { category: 'search', param: 'lokiserver', data: { host: 'http://loki:3100' } },
  { category: 'search', param: 'promserver', data: { host: 'http://prometheus:9090/api/v1/' } },
  { category: 'search', param: 'grafana', data: { host: 'http://grafana:3000' } },
  { category: 'export', param: 'transaction', data: { openwindow: false, tabpositon: 'flow' } },
  { category: 'search', param: 'transaction', data: { tabpositon: 'flow', lookup_range: [-300, 200] } },
  { category: 'system', param: 'qos', data: { rtcp_mos_lost: 'fraction_lost' } },
  { category: 'search', param: 'node', data: { searchAllNode: false } },
];

/** Inserts the default rows; returns how many. */
export async function insertGlobalSettingsSeed(sql: SqlClient): Promise<number> {
  for (const s of GLOBAL_SETTINGS_SEED) {
    await sql.query(
      `INSERT INTO global_settings (guid, partid, category, param, data) VALUES (gen_random_uuid(), 10, $1, $2, $3)`,
      [s.category, s.param, JSON.stringify(s.data)],
    );
  }
  return GLOBAL_SETTINGS_SEED.length;
}
