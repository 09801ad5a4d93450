import type { SqlClient } from '../../storage/types.js';
import { isPlainObject, parseJsonColumn } from '../config/json-column.js';

/**
 * The Prometheus HTTP API base (`…/api/v1`): `HOMER_PROMETHEUS_URL` when set, else the `host` of
 * the `search/promserver` global setting (homer-app's place for it, seeded as
 * `http://prometheus:9090/api/v1/`). Undefined when neither is usable.
 */
export async function prometheusApiBase(configured: string, sql: SqlClient): Promise<string | undefined> {
  let base = configured.trim();
  if (base === '') {
    const { rows } = await sql.query<{ data: unknown }>(
      `SELECT data FROM global_settings WHERE category = 'search' AND param = 'promserver' ORDER BY id LIMIT 1`,
    );
    const data = parseJsonColumn(rows[0]?.data);
    base = isPlainObject(data) && typeof data.host === 'string' ? data.host.trim() : '';
  }
  if (!/^https?:\/\/[^/\s]+/i.test(base)) return undefined;
  base = base.replace(/\/+$/, '');
  return /\/api\/v1$/.test(base) ? base : `${base}/api/v1`;
}
