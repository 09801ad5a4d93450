import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureRow } from '../../../src/pipeline/row.js';
import { StorageUnavailableError, isRetryable } from '../../../src/storage/errors.js';
import { partitionName } from '../../../src/storage/table-names.js';
import { postgresAvailable } from '../../helpers/pg.js';
import { openPglite, openPostgres, type AnyStorage, type OpenedStorage } from './backends.js';
import { incompressible, makeRow } from './rows.js';

const pgAvailable = await postgresAvailable();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const backends = [
  { name: 'pglite', skip: false, open: () => openPglite() },
  { name: 'postgres', skip: !pgAvailable, open: () => openPostgres() },
  { name: 'postgres (INSERT)', skip: !pgAvailable, open: () => openPostgres({ method: 'insert' }) },
] as const;

/** Bounds of a partition as UTC text, read from the catalog independently of our own parser. */
async function boundsOf(
  storage: AnyStorage,
  partition: string,
): Promise<{ from: string; to: string } | undefined> {
  const { rows } = await storage.sql.query<{ from: string; to: string }>(
    `SELECT to_char((substring(b FROM 'FROM \\(''([^'']*)''\\)')::timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS "from",
            to_char((substring(b FROM 'TO \\(''([^'']*)''\\)')::timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS "to"
     FROM (SELECT pg_get_expr(relpartbound, oid) AS b FROM pg_class WHERE relname = $1) s`,
    [partition],
  );
  return rows[0];
}

async function relationExists(storage: AnyStorage, name: string): Promise<boolean> {
  const { rows } = await storage.sql.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [
    name,
  ]);
  return rows[0]?.ok === true;
}

async function indexNames(storage: AnyStorage, table: string): Promise<string[]> {
  const { rows } = await storage.sql.query<{ indexname: string }>(
    'SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY indexname',
    [table],
  );
  return rows.map((r) => r.indexname);
}

async function countBySids(storage: AnyStorage, table: string, sids: readonly string[]): Promise<number> {
  const { rows } = await storage.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE sid = ANY($1::varchar[])`,
    [sids],
  );
  return rows[0]?.n ?? 0;
}

function utc(text: string): number {
  return Date.parse(`${text}Z`);
}

describe.each(backends)('storage on $name', ({ name, skip, open }) => {
  let opened: OpenedStorage;
  let storage: AnyStorage;

  beforeAll(async () => {
    if (skip) return;
    opened = await open();
    storage = opened.storage;
    await storage.migrate();
  });

  afterAll(async () => {
    await opened?.close();
  });

  describe.skipIf(skip)(name, () => {
    it('migrates idempotently and seeds mapping_schema with the HOMER 7 profiles', async () => {
      await storage.migrate();
      await storage.migrate();

      const { rows } = await storage.configSql.query<{
        hepid: number;
        profile: string;
        hep_alias: string;
        partition_step: number;
        retention: number;
        partid: number;
        version: number;
        guid: string | null;
        fields: string;
        correlation: string;
      }>(
        `SELECT hepid, profile, hep_alias, partition_step, retention, partid, version, guid::text AS guid,
                fields_mapping::text AS fields, correlation_mapping::text AS correlation
         FROM mapping_schema ORDER BY hepid, profile`,
      );
      expect(rows.map((r) => `${r.hepid}/${r.profile}`)).toEqual([
        '1/call',
        '1/default',
        '1/registration',
        '5/default',
        '35/default',
        '53/default',
        '54/default',
        '100/default',
        '2000/default',
      ]);
      const byKey = new Map(rows.map((r) => [`${r.hepid}/${r.profile}`, r]));
      expect(byKey.get('1/call')).toMatchObject({
        hep_alias: 'SIP',
        partition_step: 60,
        retention: 14,
        partid: 10,
        version: 1,
      });
      expect(byKey.get('100/default')).toMatchObject({ hep_alias: 'LOG', partition_step: 120 });
      expect(byKey.get('5/default')).toMatchObject({ hep_alias: 'RTCP', partition_step: 360 });
      expect(byKey.get('35/default')?.partition_step).toBe(360);
      expect(byKey.get('54/default')).toMatchObject({ hep_alias: 'ISUP', partition_step: 360 });
      expect(byKey.get('53/default')).toMatchObject({ hep_alias: 'DNS', partition_step: 60 });
      for (const r of rows) {
        expect(r.guid).toMatch(/^[0-9a-f-]{36}$/);
        const fields = JSON.parse(r.fields) as { id: string; position: number }[];
        expect(Array.isArray(fields)).toBe(true);
        expect(fields.length).toBeGreaterThan(2);
        expect(Array.isArray(JSON.parse(r.correlation))).toBe(true);
      }
      const callFields = JSON.parse(byKey.get('1/call')?.fields ?? '[]') as { id: string }[];
      expect(callFields.map((f) => f.id)).toEqual(
        expect.arrayContaining([
          'sid',
          'data_header.method',
          'data_header.callid',
          'protocol_header.srcIp',
          'raw',
        ]),
      );
      const defaultFields = JSON.parse(byKey.get('1/default')?.fields ?? '[]') as {
        id: string;
        form_type: string;
      }[];
      expect(defaultFields.find((f) => f.id === 'smartinput')?.form_type).toBe('smart-input');
      const callCorrelation = JSON.parse(byKey.get('1/call')?.correlation ?? '[]') as Record<
        string,
        unknown
      >[];
      expect(callCorrelation.find((r) => 'input_function_js' in r)).toMatchObject({
        source_field: 'data_header.callid',
        lookup_id: 1,
        lookup_profile: 'call',
        lookup_field: "data_header->>'callid'",
        lookup_range: [-300, 200],
      });

      const hepsub = await storage.configSql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM hepsub_mapping_schema',
      );
      expect(hepsub.rows[0]?.n).toBe(3);

      const parents = await storage.sql.query<{ relname: string }>(
        "SELECT relname FROM pg_class WHERE relkind = 'p' AND relname LIKE 'hep\\_proto\\_%' ORDER BY relname",
      );
      // Spelled out rather than STANDARD_DATA_TABLES, on purpose: heplify-server's 7 parents plus
      // hep_proto_53_default must exist after migrate(), so a change to that list fails here.
      expect(parents.rows.map((r) => r.relname)).toEqual(
        expect.arrayContaining([
          'hep_proto_1_call',
          'hep_proto_1_registration',
          'hep_proto_1_default',
          'hep_proto_5_default',
          'hep_proto_35_default',
          'hep_proto_53_default',
          'hep_proto_54_default',
          'hep_proto_100_default',
        ]),
      );
      for (const table of [
        'users',
        'user_settings',
        'global_settings',
        'alias',
        'agent_location_session',
        'auth_token',
        'versions',
        'applications',
      ]) {
        expect(await relationExists(storage, table)).toBe(true);
      }
    });

    it('names partitions in UTC with UTC bounds, whatever the session time zone', async () => {
      const at = utc('2026-11-26T15:41:00.123');
      const out = await storage.writer.write('hep_proto_1_call', [makeRow('hep_proto_1_call', at)]);
      expect(out).toEqual({ written: 1, rejected: [] });
      expect(partitionName('hep_proto_1_call', at - (at % HOUR))).toBe('hep_proto_1_call_20261126_1500');
      expect(await boundsOf(storage, 'hep_proto_1_call_20261126_1500')).toEqual({
        from: '2026-11-26 15:00:00',
        to: '2026-11-26 16:00:00',
      });
      // RTCP uses the 6 h step of its mapping row: aligned to the UTC day.
      await storage.writer.write('hep_proto_5_default', [makeRow('hep_proto_5_default', at)]);
      expect(await boundsOf(storage, 'hep_proto_5_default_20261126_1200')).toEqual({
        from: '2026-11-26 12:00:00',
        to: '2026-11-26 18:00:00',
      });
    });

    it('stores rows from last week, now, next hour, 2030 and 1999 (partitions on demand)', async () => {
      const now = Date.now();
      const times = [
        now - 8 * DAY,
        now,
        now + HOUR,
        utc('2030-06-01T12:00:00'),
        utc('1999-12-31T23:59:59.999'),
      ];
      const rows = times.map((t) => makeRow('hep_proto_1_call', t));
      const out = await storage.writer.write('hep_proto_1_call', rows);
      expect(out).toEqual({ written: 5, rejected: [] });
      expect(
        await countBySids(
          storage,
          'hep_proto_1_call',
          rows.map((r) => r.sid),
        ),
      ).toBe(5);
      expect(await relationExists(storage, 'hep_proto_1_call_19991231_2300')).toBe(true);
      expect(await relationExists(storage, 'hep_proto_1_call_20300601_1200')).toBe(true);
    });

    it('stores create_date to the microsecond', async () => {
      const sec = Math.floor(utc('2026-11-26T15:41:00') / 1000);
      const cases: [number, string][] = [
        [123456, '2026-11-26 15:41:00.123456'],
        [1, '2026-11-26 15:41:00.000001'],
        [999999, '2026-11-26 15:41:00.999999'],
        [1_000_001, '2026-11-26 15:41:01.000001'],
      ];
      const rows = cases.map(([usec]) =>
        makeRow('hep_proto_1_call', 0, { timeSeconds: sec, timeUseconds: usec }),
      );
      await storage.writer.write('hep_proto_1_call', rows);
      const { rows: stored } = await storage.sql.query<{ sid: string; ts: string }>(
        `SELECT sid, to_char(create_date AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS ts
         FROM hep_proto_1_call WHERE sid = ANY($1::varchar[])`,
        [rows.map((r) => r.sid)],
      );
      const bySid = new Map(stored.map((r) => [r.sid, r.ts]));
      rows.forEach((r, i) => expect(bySid.get(r.sid)).toBe(cases[i]?.[1]));
    });

    it('keeps raw and JSON text byte for byte (tabs, newlines, backslashes, unicode)', async () => {
      const raw = 'INVITE sip:x SIP/2.0\r\nX-Tab:\there\r\nX-Slash: C:\\path\\n\r\nX-Uni: ünï 🎉\r\n\r\n';
      const dataHeader = JSON.stringify({ callid: 'a\tb\\c', method: 'INVITE', note: 'line1\nline2' });
      const row = makeRow('hep_proto_1_call', Date.now(), { raw, dataHeader });
      expect(await storage.writer.write('hep_proto_1_call', [row])).toEqual({ written: 1, rejected: [] });
      const { rows } = await storage.sql.query<{ raw: string; callid: string; note: string }>(
        "SELECT raw, data_header->>'callid' AS callid, data_header->>'note' AS note FROM hep_proto_1_call WHERE sid = $1",
        [row.sid],
      );
      expect(rows[0]).toEqual({ raw, callid: 'a\tb\\c', note: 'line1\nline2' });
    });

    it('isolates bad rows: 1000 rows with 3 bad ones → 997 stored, 3 rejected with reasons', async () => {
      const base = Date.now() - 2 * HOUR;
      const rows: CaptureRow[] = [];
      for (let i = 0; i < 1000; i++) rows.push(makeRow('hep_proto_1_call', base + i));
      rows[10] = makeRow('hep_proto_1_call', base + 10, { dataHeader: '{"callid": "broken' });
      rows[500] = makeRow('hep_proto_1_call', base + 500, { raw: 'INVITE\u0000with a NUL' });
      rows[900] = makeRow('hep_proto_1_call', base + 900, { sid: incompressible(10_000) });
      const out = await storage.writer.write('hep_proto_1_call', rows);
      expect(out.written).toBe(997);
      expect(out.rejected.map((r) => [r.row.sid, r.reason])).toEqual([
        [rows[10]?.sid, 'invalid_json'],
        [rows[500]?.sid, 'encoding'],
        [rows[900]?.sid, 'value_too_long'],
      ]);
      for (const r of out.rejected) expect(r.message.length).toBeGreaterThan(0);
      const good = rows.filter((_, i) => i !== 10 && i !== 500 && i !== 900).map((r) => r.sid);
      expect(await countBySids(storage, 'hep_proto_1_call', good)).toBe(997);
    });

    it('rejects a JSON \\u0000 escape as invalid_json and stores the rest', async () => {
      const rows = [
        makeRow('hep_proto_1_default', Date.now()),
        makeRow('hep_proto_1_default', Date.now(), { dataHeader: '{"callid":"a\\u0000b"}' }),
        makeRow('hep_proto_1_default', Date.now()),
      ];
      const out = await storage.writer.write('hep_proto_1_default', rows);
      expect(out.written).toBe(2);
      expect(out.rejected.map((r) => r.reason)).toEqual(['invalid_json']);
    });

    it('creates an unknown type table hep_proto_9999_default on first use, with the base index set', async () => {
      const at = utc('2026-11-26T10:20:00');
      const out = await storage.writer.write('hep_proto_9999_default', [
        makeRow('hep_proto_9999_default', at),
      ]);
      expect(out.written).toBe(1);
      const { rows } = await storage.sql.query<{ relkind: string }>(
        "SELECT relkind::text AS relkind FROM pg_class WHERE relname = 'hep_proto_9999_default'",
      );
      expect(rows[0]?.relkind).toBe('p');
      const p = 'hep_proto_9999_default_20261126_1000';
      expect(await indexNames(storage, p)).toEqual(
        ['create_date', 'correlation_id', 'dstip', 'sid', 'srcip'].map((s) => `${p}_${s}`).sort(),
      );
    });

    it("creates heplify-server's indexes on a new partition (SIP 13, ISUP 10)", async () => {
      const at = utc('2026-11-27T08:05:00');
      await storage.writer.write('hep_proto_1_registration', [makeRow('hep_proto_1_registration', at)]);
      const p = 'hep_proto_1_registration_20261127_0800';
      const sip = [
        'create_date',
        'sid',
        'srcip',
        'dstip',
        'correlation_id',
        'ruri_domain',
        'ruri_user',
        'from_user',
        'to_user',
        'pid_user',
        'auth_user',
        'callid',
        'method',
      ];
      expect(await indexNames(storage, p)).toEqual(sip.map((s) => `${p}_${s}`).sort());

      await storage.writer.write('hep_proto_54_default', [makeRow('hep_proto_54_default', at)]);
      const q = 'hep_proto_54_default_20261127_0600';
      const isup = [
        'create_date',
        'sid',
        'correlation_id',
        'called_number',
        'calling_number',
        'opc',
        'dpc',
        'cic',
        'msg_name',
        'callid',
      ];
      expect(await indexNames(storage, q)).toEqual(isup.map((s) => `${q}_${s}`).sort());
    });

    it('recreates a partition dropped behind its back and retries the batch', async () => {
      const at = utc('2026-11-28T03:30:00');
      await storage.writer.write('hep_proto_1_call', [makeRow('hep_proto_1_call', at)]);
      await storage.sql.exec('DROP TABLE hep_proto_1_call_20261128_0300');
      const row = makeRow('hep_proto_1_call', at + 1000);
      expect(await storage.writer.write('hep_proto_1_call', [row])).toEqual({ written: 1, rejected: [] });
      expect(await relationExists(storage, 'hep_proto_1_call_20261128_0300')).toBe(true);
    });

    it('fills only the gaps next to partitions of another step (existing heplify-server database)', async () => {
      const table = 'hep_proto_88_default';
      await storage.partitions.ensureParent(table);
      // heplify-server with DBPartQos=2h made this one; our step for the table is 60 min.
      await storage.sql.exec(
        `CREATE TABLE ${table}_20270101_0000 PARTITION OF ${table} FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2027-01-01 02:00:00+00')`,
      );
      const rows = ['00:30', '01:30', '02:30'].map((hm) => makeRow(table, utc(`2027-01-01T${hm}:00`)));
      expect((await storage.writer.write(table, rows)).written).toBe(3);
      expect(await relationExists(storage, `${table}_20270101_0100`)).toBe(false);
      expect(await boundsOf(storage, `${table}_20270101_0200`)).toEqual({
        from: '2027-01-01 02:00:00',
        to: '2027-01-01 03:00:00',
      });

      // With a 6 h step the range 00:00–06:00 overlaps the 2 h partition: only 02:00–06:00 is new.
      await storage.sql.exec(
        `CREATE TABLE ${table}_20270102_0000 PARTITION OF ${table} FOR VALUES FROM ('2027-01-02 00:00:00+00') TO ('2027-01-02 02:00:00+00')`,
      );
      storage.partitions.setSettings(new Map([[table, { stepMinutes: 360, retentionDays: 14 }]]));
      try {
        const later = ['01:00', '05:00'].map((hm) => makeRow(table, utc(`2027-01-02T${hm}:00`)));
        expect((await storage.writer.write(table, later)).written).toBe(2);
        expect(await boundsOf(storage, `${table}_20270102_0200`)).toEqual({
          from: '2027-01-02 02:00:00',
          to: '2027-01-02 06:00:00',
        });
      } finally {
        await storage.reloadSettings();
      }
    });

    it('writes batches larger than one statement, isolating a bad row in a later chunk', async () => {
      const base = Date.now() - 3 * HOUR;
      const rows = Array.from({ length: 2300 }, (_, i) => makeRow('hep_proto_1_default', base + i));
      rows[1700] = makeRow('hep_proto_1_default', base + 1700, { dataHeader: 'not json' });
      const out = await storage.writer.write('hep_proto_1_default', rows);
      expect(out.written).toBe(2299);
      expect(out.rejected.map((r) => [r.row.sid, r.reason])).toEqual([[rows[1700]?.sid, 'invalid_json']]);
    });

    it('handles concurrent writes into the same new partition', async () => {
      const at = utc('2031-03-03T03:03:00');
      const a = Array.from({ length: 300 }, (_, i) => makeRow('hep_proto_1_call', at + i));
      const b = Array.from({ length: 300 }, (_, i) => makeRow('hep_proto_1_call', at + 500 + i));
      const outs = await Promise.all([
        storage.writer.write('hep_proto_1_call', a),
        storage.writer.write('hep_proto_1_call', b),
      ]);
      expect(outs.map((o) => o.written)).toEqual([300, 300]);
      expect(
        await countBySids(
          storage,
          'hep_proto_1_call',
          [...a, ...b].map((r) => r.sid),
        ),
      ).toBe(600);
    });

    it.runIf(name === 'postgres')('handles two processes racing to create the same partition', async () => {
      const other = await opened.openAnother?.();
      if (other === undefined) throw new Error('openAnother missing');
      const at = utc('2031-04-04T04:04:00');
      const a = Array.from({ length: 200 }, (_, i) => makeRow('hep_proto_100_default', at + i));
      const b = Array.from({ length: 200 }, (_, i) => makeRow('hep_proto_100_default', at + 300 + i));
      const outs = await Promise.all([
        storage.writer.write('hep_proto_100_default', a),
        other.writer.write('hep_proto_100_default', b),
      ]);
      expect(outs.map((o) => o.written)).toEqual([200, 200]);
    });

    it('rejects table names outside the allowlist without touching the database', async () => {
      await expect(
        storage.writer.write('hep_proto_1_call; DROP TABLE users', [makeRow('hep_proto_1_call', 0)]),
      ).rejects.toMatchObject({
        code: 'invalid_table_name',
      });
      await expect(storage.writer.write('users', [makeRow('hep_proto_1_call', 0)])).rejects.toMatchObject({
        code: 'invalid_table_name',
      });
    });

    it('drops only expired partitions, and never other tables', async () => {
      const table = 'hep_proto_77_default';
      const now = utc('2026-11-26T12:00:00');
      const times = [now - 30 * DAY, now - 15 * DAY, now - 13 * DAY, now - 8 * DAY, now - DAY];
      await storage.writer.write(
        table,
        times.map((t) => makeRow(table, t)),
      );
      const names = times.map((t) => partitionName(table, t - (t % HOUR)));
      // Decoys: an old partition not named like ours, a plain table with our naming, another parent.
      await storage.sql.exec(`
        CREATE TABLE ${table}_archive PARTITION OF ${table} FOR VALUES FROM ('2001-01-01 00:00:00+00') TO ('2001-01-02 00:00:00+00');
        CREATE TABLE ${table}_20000101_0000 (id int);
        CREATE TABLE other_capture (create_date timestamptz NOT NULL) PARTITION BY RANGE (create_date);
        CREATE TABLE other_capture_20000101_0000 PARTITION OF other_capture FOR VALUES FROM ('2000-01-01 00:00:00+00') TO ('2000-01-01 01:00:00+00');
      `);
      const report = await storage.maintain(now);
      expect(report.partitionsDropped).toBeGreaterThanOrEqual(2);
      expect(await relationExists(storage, names[0] as string)).toBe(false);
      expect(await relationExists(storage, names[1] as string)).toBe(false);
      expect(await relationExists(storage, names[2] as string)).toBe(true);
      expect(await relationExists(storage, names[3] as string)).toBe(true);
      expect(await relationExists(storage, names[4] as string)).toBe(true);
      expect(await relationExists(storage, `${table}_archive`)).toBe(true);
      expect(await relationExists(storage, `${table}_20000101_0000`)).toBe(true);
      expect(await relationExists(storage, 'other_capture_20000101_0000')).toBe(true);
      expect(await relationExists(storage, 'users')).toBe(true);
      // Partitions ahead were created for the standard tables.
      expect(report.partitionsCreated).toBeGreaterThan(0);
      expect(await relationExists(storage, partitionName('hep_proto_1_call', now + HOUR))).toBe(true);
      const again = await storage.maintain(now);
      expect(again).toEqual({ partitionsCreated: 0, partitionsDropped: 0 });
    });

    it('leaves rows to a DEFAULT partition that already holds their range', async () => {
      const table = 'hep_proto_66_default';
      await storage.partitions.ensureParent(table);
      await storage.sql.exec(`CREATE TABLE ${table}_catchall PARTITION OF ${table} DEFAULT`);
      const at = utc('2027-05-05T05:05:00');
      await storage.sql.query(
        `INSERT INTO ${table} (sid, create_date, protocol_header, data_header, raw) VALUES ('old', $1, '{}', '{}', '')`,
        ['2027-05-05 05:00:00+00'],
      );
      const out = await storage.writer.write(table, [makeRow(table, at)]);
      expect(out).toEqual({ written: 1, rejected: [] });
      expect(await relationExists(storage, partitionName(table, utc('2027-05-05T05:00:00')))).toBe(false);
    });

    it('takes partition steps and retention from mapping_schema, normalising odd steps', async () => {
      await storage.configSql.query(
        `INSERT INTO mapping_schema (guid, profile, hepid, hep_alias, partid, version, retention, partition_step)
         VALUES (gen_random_uuid(), 'odd', 42, 'TEST', 10, 1, 3, 25)`,
      );
      try {
        await storage.reloadSettings();
        expect(storage.partitions.settingsFor('hep_proto_42_odd')).toEqual({
          stepMinutes: 30,
          retentionDays: 3,
          configuredStepMinutes: 25,
        });
        const at = utc('2027-06-06T06:50:00');
        await storage.writer.write('hep_proto_42_odd', [makeRow('hep_proto_42_odd', at)]);
        expect(await boundsOf(storage, 'hep_proto_42_odd_20270606_0630')).toEqual({
          from: '2027-06-06 06:30:00',
          to: '2027-06-06 07:00:00',
        });
      } finally {
        await storage.configSql.query("DELETE FROM mapping_schema WHERE hepid = 42 AND profile = 'odd'");
        await storage.reloadSettings();
      }
    });

    it('answers ping', async () => {
      expect(await storage.ping()).toBe(true);
    });
  });
});

describe.skipIf(!pgAvailable)('postgres storage: connections', () => {
  it('throws StorageUnavailableError (retryable) when the server is unreachable', async () => {
    const { createPostgresStorage } = await import('../../../src/storage/postgres/postgres-storage.js');
    const storage = await createPostgresStorage({
      url: 'postgres://postgres@127.0.0.1:1/nothing',
      connectTimeoutMs: 1000,
    });
    try {
      const rows = [makeRow('hep_proto_1_call', Date.now())];
      const err = await storage.writer.write('hep_proto_1_call', rows).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageUnavailableError);
      expect(isRetryable(err)).toBe(true);
      await expect(storage.migrate()).rejects.toBeInstanceOf(StorageUnavailableError);
      expect(await storage.ping()).toBe(false);
    } finally {
      await storage.close();
    }
  });

  it('survives backends being terminated (idle and between writes) and keeps writing', async () => {
    const opened = await openPostgres({ applicationName: 'homer-ts-kill-test' });
    try {
      const { storage } = opened;
      await storage.migrate();
      const t = Date.now();
      expect((await storage.writer.write('hep_proto_1_call', [makeRow('hep_proto_1_call', t)])).written).toBe(
        1,
      );
      const admin = await opened.openAnother?.({ applicationName: 'homer-ts-admin' });
      await admin?.sql.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'homer-ts-kill-test'",
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const row = makeRow('hep_proto_1_call', t + 1);
      let out;
      try {
        out = await storage.writer.write('hep_proto_1_call', [row]);
      } catch (err) {
        // The pool may hand out a socket whose death it has not noticed yet: retryable, then fine.
        expect(isRetryable(err)).toBe(true);
        out = await storage.writer.write('hep_proto_1_call', [row]);
      }
      expect(out.written).toBe(1);
      expect(await storage.ping()).toBe(true);
    } finally {
      await opened.close();
    }
  });

  it.each(['copy', 'binary'] as const)(
    'writes with COPY (%s) too, with the same isolation',
    async (method) => {
      const opened = await openPostgres({ method });
      try {
        const { storage } = opened;
        await storage.migrate();
        const raw = 'a\\b\tc\r\nd\\.\n é😀';
        const rows = Array.from({ length: 50 }, (_, i) =>
          makeRow('hep_proto_1_call', Date.now() + i, { raw }),
        );
        rows[7] = makeRow('hep_proto_1_call', Date.now(), { dataHeader: '{' });
        rows[8] = makeRow('hep_proto_1_call', Date.now(), { raw: 'x\u0000y' });
        const out = await storage.writer.write('hep_proto_1_call', rows);
        expect(out.written).toBe(48);
        expect(out.rejected.map((r) => r.reason)).toEqual(['invalid_json', 'encoding']);
        const { rows: back } = await storage.sql.query<{ raw: string }>(
          'SELECT raw FROM hep_proto_1_call WHERE sid = $1',
          [rows[0]?.sid],
        );
        expect(back[0]?.raw).toBe(raw);
      } finally {
        await opened.close();
      }
    },
  );

  it('falls back to INSERT for a table whose column types do not fit binary COPY', async () => {
    const opened = await openPostgres({ method: 'binary' });
    try {
      const { storage } = opened;
      // An older hand-made schema with json (not jsonb) columns: binary input would reject every row.
      await storage.sql.exec(`CREATE TABLE hep_proto_1_call (
        id BIGSERIAL NOT NULL, sid varchar NOT NULL, create_date timestamptz NOT NULL DEFAULT now(),
        protocol_header json NOT NULL, data_header json NOT NULL, raw text NOT NULL
      ) PARTITION BY RANGE (create_date)`);
      await storage.migrate();
      const rows = Array.from({ length: 20 }, (_, i) => makeRow('hep_proto_1_call', Date.now() + i));
      expect(await storage.writer.write('hep_proto_1_call', rows)).toEqual({ written: 20, rejected: [] });
      const { rows: count } = await storage.sql.query<{ n: string }>(
        'SELECT count(*) AS n FROM hep_proto_1_call',
      );
      expect(count[0]?.n).toBe('20');
    } finally {
      await opened.close();
    }
  });

  it('keeps config tables in a separate database when configUrl is given', async () => {
    const { createTestDatabase } = await import('../../helpers/pg.js');
    const { createPostgresStorage } = await import('../../../src/storage/postgres/postgres-storage.js');
    const data = await createTestDatabase();
    const config = await createTestDatabase();
    const storage = await createPostgresStorage({ url: data.url, configUrl: config.url });
    try {
      await storage.migrate();
      const inConfig = await storage.configSql.query<{ ok: boolean }>(
        "SELECT to_regclass('mapping_schema') IS NOT NULL AS ok",
      );
      const inData = await storage.sql.query<{ ok: boolean; parent: boolean }>(
        "SELECT to_regclass('mapping_schema') IS NOT NULL AS ok, to_regclass('hep_proto_1_call') IS NOT NULL AS parent",
      );
      expect(inConfig.rows[0]?.ok).toBe(true);
      expect(inData.rows[0]).toEqual({ ok: false, parent: true });
    } finally {
      await storage.close();
      await data.drop();
      await config.drop();
    }
  });

  it('migrates an existing homer-app database without seeding over it or altering tables', async () => {
    const opened = await openPostgres();
    try {
      const { storage } = opened;
      await storage.sql.exec(`
        CREATE TABLE mapping_schema (id serial PRIMARY KEY, guid uuid, profile varchar(100) NOT NULL, hepid int NOT NULL,
          hep_alias varchar(100), partid int NOT NULL, version int NOT NULL, retention int NOT NULL, partition_step int NOT NULL,
          create_index json, create_table text, correlation_mapping json, fields_mapping json, mapping_settings json,
          schema_mapping json, schema_settings json, create_date timestamptz NOT NULL DEFAULT now(), extra_column text);
        INSERT INTO mapping_schema (profile, hepid, partid, version, retention, partition_step) VALUES ('call', 1, 10, 1, 10, 10);
      `);
      await storage.migrate();
      const { rows } = await storage.sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM mapping_schema',
      );
      expect(rows[0]?.n).toBe(1);
      const col = await storage.sql.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'mapping_schema' AND column_name = 'extra_column'",
      );
      expect(col.rows[0]?.n).toBe(1);
      // homer-app's seed writes the placeholders 10 / 10 into every row: they are read as "not set",
      // so the database keeps heplify-server's 1-hour SIP partitions and 14-day retention.
      expect(storage.partitions.settingsFor('hep_proto_1_call')).toEqual({
        stepMinutes: 60,
        retentionDays: 14,
        configuredStepMinutes: 60,
      });
    } finally {
      await opened.close();
    }
  });
});

describe('pglite storage: persistence', () => {
  it('keeps rows and partitions in its data dir across a restart', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createPgliteStorage } = await import('../../../src/storage/pglite/pglite-storage.js');
    const dir = await mkdtemp(join(tmpdir(), 'homer-pglite-reopen-'));
    const dataDir = join(dir, 'nested', 'db');
    try {
      const first = await createPgliteStorage({ dataDir });
      await first.migrate();
      const row = makeRow('hep_proto_1_call', utc('2026-11-26T15:41:00'));
      await first.writer.write('hep_proto_1_call', [row]);
      await first.close();

      const second = await createPgliteStorage({ dataDir });
      try {
        await second.migrate();
        expect(await countBySids(second, 'hep_proto_1_call', [row.sid])).toBe(1);
        expect(second.partitions.partitionsOf('hep_proto_1_call').map((p) => p.name)).toContain(
          'hep_proto_1_call_20261126_1500',
        );
        const { rows } = await second.configSql.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM mapping_schema',
        );
        expect(rows[0]?.n).toBe(9);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
