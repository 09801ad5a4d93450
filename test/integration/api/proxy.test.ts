import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStatisticQuery, groupInterval, quoteIdentifier } from '../../../src/api/settings/influxql.js';
import { startInfluxd, type Influxd } from '../../helpers/influxd.js';
import { storageKinds } from '../../helpers/pg.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { freeTcpPort } from '../../helpers/daemon.js';
import { waitFor } from '../../helpers/wait.js';

const kinds = await storageKinds();

interface Prometheus {
  readonly url: string;
  stop(): Promise<void>;
}

/** Debian's prometheus on a free loopback port, scraping itself every second, data in a temp dir. */
async function startPrometheus(): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'homer-prometheus-'));
  const port = await freeTcpPort();
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      '  - job_name: self',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${port}']`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      '--log.level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  child.once('error', (err) => {
    stderr += `\nspawn failed: ${err.message} (is the Debian package prometheus installed?)`;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Ready, and at least one scrape of `up` stored.
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
        try {
          const res = await fetch(`${url}/api/v1/query?query=up`);
          const json = (await res.json()) as { data?: { result?: unknown[] } };
          return (json.data?.result?.length ?? 0) > 0 || undefined;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 30_000, what: 'prometheus' },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}

describe('InfluxQL builder', () => {
  it('quotes safe names and refuses anything else', () => {
    expect(quoteIdentifier('heplify_method_response', 'f')).toBe('"heplify_method_response"');
    for (const bad of ['a"b', 'x; DROP DATABASE y', "a'b", 'a b', '', '\u202e', 'a\\b', '-- x']) {
      expect(() => quoteIdentifier(bad, 'param.query.0.main')).toThrow(/param\.query\.0\.main/);
    }
  });

  it('builds one parameter-free statement per query with homer-app bucket sizes', () => {
    const q = buildStatisticQuery(
      [
        { main: 'cpu', database: 'homer', retention: 'autogen', type: ['value', 'max'], tag: ['host'] },
        { main: 'mem', database: 'homer', retention: 'none', type: ['used'] },
      ],
      1_000_000,
      1_000_000 + 3_600_000,
      50,
    );
    expect(q).toBe(
      'SELECT mean("value") AS "value", mean("max") AS "max" FROM "homer"."autogen"."cpu" WHERE time > 1000000ms AND time < 4600000ms GROUP BY time(60s), "host" FILL(null) ORDER BY time DESC LIMIT 50; ' +
        'SELECT mean("used") AS "used" FROM "homer".."mem" WHERE time > 1000000ms AND time < 4600000ms GROUP BY time(60s) FILL(null) ORDER BY time DESC LIMIT 50',
    );
    expect(groupInterval(0, 5 * 3_600_000)).toBe('300s');
    expect(groupInterval(0, 24 * 3_600_000)).toBe('3600s');
    expect(groupInterval(0, 100 * 3_600_000)).toBe('86400s');
    expect(() => buildStatisticQuery([{ main: 'cpu', database: 'db', type: [] }], 0, 1, 1)).toThrow(/type/);
    expect(() => buildStatisticQuery([{ main: 'cpu', database: 'db', type: ['v'] }], 5, 1, 1)).toThrow(
      /timestamp/,
    );
  });
});

describe.each(kinds)('prometheus and statistic without a backend (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind, { HOMER_PROMETHEUS_URL: '', HOMER_INFLUXDB_URL: '' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers 503 with a clear message when nothing is configured or the host is unreachable', async () => {
    const user = { token: api.userToken };
    await api.configQuery(`DELETE FROM global_settings WHERE param = 'promserver'`);
    const none = await api.call('GET', '/api/v3/prometheus/labels', user);
    expect(none.status).toBe(503);
    expect(none.json.message).toContain('HOMER_PROMETHEUS_URL');

    const closed = await freeTcpPort();
    await api.configQuery(
      `INSERT INTO global_settings (guid, partid, category, param, data) VALUES (gen_random_uuid(), 10, 'search', 'promserver', $1)`,
      [JSON.stringify({ host: `http://127.0.0.1:${closed}/api/v1/` })],
    );
    const down = await api.call('GET', '/api/v3/prometheus/labels', user);
    expect(down.status).toBe(503);
    expect(down.json.message).toMatch(
      /Prometheus at http:\/\/127\.0\.0\.1:\d+\/api\/v1\/label\/__name__\/values is unreachable/,
    );

    const influx = await api.call('GET', '/api/v3/statistic/_db', user);
    expect(influx.status).toBe(503);
    expect(influx.json.message).toContain('HOMER_INFLUXDB_URL');
  });
});

describe('prometheus and statistic against real services', () => {
  let prometheus: Prometheus;
  let influxd: Influxd;
  beforeAll(async () => {
    [prometheus, influxd] = await Promise.all([startPrometheus(), startInfluxd()]);
    await influxd.query('CREATE DATABASE homer');
    const now = Date.now();
    const lines = [0, 1, 2, 3, 4]
      .map((i) => `sip_calls,host=sbc${i % 2} value=${i * 10},max=${i * 20} ${now - i * 60_000}`)
      .join('\n');
    const write = await fetch(`${influxd.url}/write?db=homer&precision=ms`, { method: 'POST', body: lines });
    expect(write.status).toBe(204);
  });
  afterAll(async () => {
    await prometheus?.stop();
    await influxd?.stop();
  });

  describe.each(kinds)('through the API (%s)', (kind) => {
    let api: TestApi;
    const user = () => ({ token: api.userToken });
    beforeAll(async () => {
      api = await startTestApi(kind, {
        HOMER_PROMETHEUS_URL: prometheus.url,
        HOMER_INFLUXDB_URL: influxd.url,
      });
    });
    afterAll(async () => {
      await api?.stop();
    });

    it('runs one query_range per PromQL expression and returns the raw replies', async () => {
      const to = Date.now();
      const res = await api.call('POST', '/api/v3/prometheus/value', {
        ...user(),
        body: {
          param: { precision: 1, metrics: ['up', 'sum(up)'] },
          timestamp: { from: to - 60_000, to },
        },
      });
      expect(res.status).toBe(201);
      expect(res.json).toHaveLength(2);
      expect(res.json[0]).toMatchObject({ status: 'success', data: { resultType: 'matrix' } });
      expect(res.json[0].data.result[0].metric).toMatchObject({ __name__: 'up', job: 'self' });
      expect(res.json[1].data.result[0].values.length).toBeGreaterThan(0);

      const badPromQL = await api.call('POST', '/api/v3/prometheus/value', {
        ...user(),
        body: { param: { precision: 1, metrics: ['up{'] }, timestamp: { from: to - 60_000, to } },
      });
      expect(badPromQL.status).toBe(201);
      expect(badPromQL.json[0]).toMatchObject({ status: 'error', errorType: 'bad_data' });

      const invalid = await api.call('POST', '/api/v3/prometheus/value', {
        ...user(),
        body: { param: { precision: 0, metrics: ['up'] }, timestamp: { from: 0, to: 1 } },
      });
      expect(invalid.status).toBe(400);
      expect(invalid.json.message).toContain('precision');
    });

    it('lists metric names and the series of one metric', async () => {
      const labels = await api.call('GET', '/api/v3/prometheus/labels', user());
      expect(labels.status).toBe(201);
      expect(labels.json).toContain('up');
      const series = await api.call('GET', '/api/v3/prometheus/label/up', user());
      expect(series.status).toBe(201);
      expect(series.json[0]).toMatchObject({ __name__: 'up', job: 'self' });
    });

    it('discovers databases, measurements, fields and tags in InfluxDB', async () => {
      const dbs = await api.call('GET', '/api/v3/statistic/_db', user());
      expect(dbs.status).toBe(201);
      expect(JSON.stringify(dbs.json.data)).toContain('"homer"');
      const rps = await api.call('POST', '/api/v3/statistic/_retentions', {
        ...user(),
        body: { param: { search: { database: 'homer' } } },
      });
      expect(JSON.stringify(rps.json.data)).toContain('autogen');
      const ms = await api.call('GET', '/api/v3/statistic/_measurements/homer', user());
      expect(ms.json.data.results[0].series[0].values).toEqual([['sip_calls']]);
      const query = { param: { query: [{ main: 'sip_calls', database: 'homer', retention: 'autogen' }] } };
      const fields = await api.call('POST', '/api/v3/statistic/_metrics', { ...user(), body: query });
      expect(fields.json.data.results[0].series[0].values.map((v: string[]) => v[0]).sort()).toEqual([
        'max',
        'value',
      ]);
      const tags = await api.call('POST', '/api/v3/statistic/_tags', { ...user(), body: query });
      expect(tags.json.data.results[0].series[0].values).toEqual([['host']]);
    });

    it('charts field means per bucket and refuses injection in names', async () => {
      const to = Date.now() + 1000;
      const body = {
        param: {
          limit: 100,
          query: [
            { main: 'sip_calls', database: 'homer', retention: 'autogen', type: ['value'], tag: ['host'] },
          ],
        },
        timestamp: { from: to - 3_600_000, to },
      };
      const res = await api.call('POST', '/api/v3/statistic/data', { ...user(), body });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ total: 1, status: 'ok' });
      const series = res.json.data.results[0].series as {
        tags: { host: string };
        values: [number, number | null][];
      }[];
      expect(series.map((s) => s.tags.host).sort()).toEqual(['sbc0', 'sbc1']);
      const sbc0 = series.find((s) => s.tags.host === 'sbc0');
      const values = (sbc0?.values ?? []).map((v) => v[1]).filter((v) => v !== null);
      expect(values.sort()).toEqual([0, 20, 40]);

      for (const evil of ['sip_calls"; DROP DATABASE "homer', "sip_calls' OR 1=1", 'x\ny']) {
        const bad = await api.call('POST', '/api/v3/statistic/data', {
          ...user(),
          body: { ...body, param: { ...body.param, query: [{ ...body.param.query[0], main: evil }] } },
        });
        expect(bad.status).toBe(400);
        expect(bad.json.message).toContain('param.query.0.main');
      }
      expect(JSON.stringify((await influxd.query('SHOW DATABASES')).results)).toContain('homer');
    });
  });
});
