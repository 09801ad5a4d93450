import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHep3 } from '../../../src/hep/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { startHomer, type RunningHomer } from '../../../src/server.js';
import { createLogger } from '../../../src/telemetry/logger.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../../helpers/pg.js';
import { sendUdp } from '../../helpers/net.js';
import { waitFor } from '../../helpers/wait.js';
import { invite } from '../capture/messages.js';

const available = await postgresAvailable();

/** A day's start (UTC) and a time inside its second 2-hour block, for heplify-style partitions. */
const dayStart = Math.floor(Date.now() / 86_400_000) * 86_400;
const ymd = new Date(dayStart * 1000).toISOString().slice(0, 10).replaceAll('-', '');
const at0130 = dayStart + 90 * 60;

/**
 * What heplify-server's rotator creates for `DBPartSip=2h` (reference/capture-servers.md §2): the
 * parents, and for today 12 two-hour partitions of hep_proto_1_call with its index names.
 */
function heplifySchema(): string {
  const parents = [
    '1_call',
    '1_registration',
    '1_default',
    '5_default',
    '35_default',
    '54_default',
    '100_default',
  ];
  const sql = parents.map(
    (p) => `CREATE TABLE hep_proto_${p} (id BIGSERIAL NOT NULL, sid varchar NOT NULL,
      create_date timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
      protocol_header jsonb NOT NULL, data_header jsonb NOT NULL, raw varchar NOT NULL) PARTITION BY RANGE (create_date);`,
  );
  for (let h = 0; h < 24; h += 2) {
    const name = `hep_proto_1_call_${ymd}_${String(h).padStart(2, '0')}00`;
    const from = new Date((dayStart + h * 3600) * 1000).toISOString();
    const to = new Date((dayStart + (h + 2) * 3600) * 1000).toISOString();
    sql.push(`CREATE TABLE ${name} PARTITION OF hep_proto_1_call FOR VALUES FROM ('${from}') TO ('${to}');`);
    sql.push(`CREATE INDEX ${name}_create_date ON ${name} (create_date);`);
    sql.push(`CREATE INDEX ${name}_sid ON ${name} (sid);`);
    sql.push(`CREATE INDEX "${name}_srcIp" ON ${name} ((protocol_header->>'srcIp'));`);
    sql.push(`CREATE INDEX ${name}_callid ON ${name} ((data_header->>'callid'));`);
  }
  return sql.join('\n');
}

/** homer-app's mapping_schema with one row whose partition_step (60) disagrees with the 2-hour partitions. */
const homerAppConfig = `
  CREATE TABLE mapping_schema (id serial PRIMARY KEY, guid uuid, profile varchar(100), hepid int, hep_alias varchar(100),
    partid int, version int, retention int, partition_step int, create_index json, create_table text,
    correlation_mapping json, fields_mapping json, mapping_settings json, schema_mapping json, schema_settings json,
    create_date timestamptz);
  INSERT INTO mapping_schema (guid, profile, hepid, hep_alias, partid, version, retention, partition_step,
    correlation_mapping, fields_mapping, create_date)
  VALUES (gen_random_uuid(), 'call', 1, 'SIP', 10, 1, 30, 60, '[]', '[{"id":"sid","name":"Session ID"}]', now());`;

interface CatalogEntry {
  name: string;
  definition: string;
}

/** Every table's columns and every index definition: what "not changed" is checked against. */
async function catalog(client: pg.Client): Promise<CatalogEntry[]> {
  const columns = await client.query<CatalogEntry>(
    `SELECT table_name || '.' || column_name AS name,
            data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS definition
       FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const indexes = await client.query<CatalogEntry>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = 'public'`,
  );
  const bounds = await client.query<CatalogEntry>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS definition
       FROM pg_class c WHERE c.relispartition`,
  );
  return [...columns.rows, ...indexes.rows, ...bounds.rows].sort((a, b) => a.name.localeCompare(b.name));
}

describe.skipIf(!available)('an existing heplify-server + homer-app database', () => {
  let data: TestDatabase;
  let config: TestDatabase;
  let dataClient: pg.Client;
  let configClient: pg.Client;
  let before: CatalogEntry[];
  let configBefore: CatalogEntry[];
  let homer: RunningHomer;

  beforeAll(async () => {
    data = await createTestDatabase();
    config = await createTestDatabase();
    dataClient = new pg.Client({ connectionString: data.url });
    configClient = new pg.Client({ connectionString: config.url });
    await dataClient.connect();
    await configClient.connect();
    await dataClient.query(heplifySchema());
    await configClient.query(homerAppConfig);
    before = await catalog(dataClient);
    configBefore = await catalog(configClient);
    const cfg = loadConfig({
      env: {
        HOMER_DB_URL: data.url,
        HOMER_CONFIG_DB_URL: config.url,
        HOMER_HEP_UDP: '127.0.0.1:0',
        HOMER_HEP_TCP: '',
        HOMER_HEP_TLS: '',
        HOMER_HTTP: '',
        HOMER_FLUSH_MS: '20',
        HOMER_PARTITION_AHEAD_HOURS: '2',
        HOMER_LOG_LEVEL: 'warn',
      },
    });
    homer = await startHomer(cfg, createLogger(cfg.logLevel));
  });

  afterAll(async () => {
    await homer?.stop();
    await dataClient?.end();
    await configClient?.end();
    await data?.drop();
    await config?.drop();
  });

  it('stores into the existing partitions and leaves every existing object as it was', async () => {
    const callId = `existing-db-${process.pid}@example.com`;
    await sendUdp('127.0.0.1', homer.capture!.udp!.address.port, [
      encodeHep3({
        srcIp: '10.0.0.1',
        dstIp: '10.0.0.2',
        srcPort: 5060,
        dstPort: 5060,
        timeSeconds: at0130,
        timeUseconds: 1,
        captureId: 2001,
        payload: invite(callId),
      }),
    ]);
    const row = await waitFor(async () => {
      const result = await dataClient.query<{ partition: string }>(
        `SELECT tableoid::regclass::text AS partition FROM hep_proto_1_call WHERE sid = $1`,
        [callId],
      );
      return result.rows[0];
    });
    // heplify-server's 2-hour partition covers 01:30: no overlapping 1-hour partition was forced in.
    expect(row.partition).toBe(`hep_proto_1_call_${ymd}_0000`);

    const after = await catalog(dataClient);
    const afterByName = new Map(after.map((e) => [e.name, e.definition]));
    for (const entry of before) expect(afterByName.get(entry.name), entry.name).toBe(entry.definition);

    const configAfter = await catalog(configClient);
    const configAfterByName = new Map(configAfter.map((e) => [e.name, e.definition]));
    for (const entry of configBefore)
      expect(configAfterByName.get(entry.name), entry.name).toBe(entry.definition);
    const mappings = await configClient.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM mapping_schema`,
    );
    expect(mappings.rows[0]!.n).toBe('1');
    // The data database got no config tables: they live in the config database.
    const stray = await dataClient.query(`SELECT 1 FROM pg_tables WHERE tablename = 'mapping_schema'`);
    expect(stray.rows).toHaveLength(0);
  });
});
