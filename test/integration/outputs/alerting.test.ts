/**
 * The shipped alert rules fire for real: Debian's Prometheus scrapes a running homer-ts fed with bad
 * calls (5xx answers, no answered calls, poor MOS, undecodable packets) and Alertmanager receives
 * the alerts. The rules are the ones in examples/prometheus with `for:` set to 0s so the test does
 * not wait minutes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHep3 } from '../../../src/hep/encode.js';
import { freeTcpPort, startDaemon, type Daemon } from '../../helpers/daemon.js';
import { startTestHomer, type TestHomer } from '../../helpers/homer.js';
import { connectPg, postgresAvailable } from '../../helpers/pg.js';
import { sendUdp } from '../../helpers/net.js';
import { waitFor } from '../../helpers/wait.js';
import { invite } from '../capture/messages.js';

const RULES = join(import.meta.dirname, '../../../examples/prometheus/homer-alerts.yml');
const EXPECTED = ['HomerSip5xxRatioHigh', 'HomerAsrDrop', 'HomerMosLow', 'HomerCaptureDrops'];
const kind = (await postgresAvailable()) ? ('postgres' as const) : ('pglite' as const);

async function firingAlerts(amUrl: string): Promise<Set<string>> {
  const res = await fetch(`${amUrl}/api/v2/alerts`);
  const alerts = (await res.json()) as { labels: { alertname: string } }[];
  return new Set(alerts.map((a) => a.labels.alertname));
}

function serviceUnavailable(callId: string): string {
  return [
    'SIP/2.0 503 Service Unavailable',
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds',
    'To: Bob <sip:bob@example.com>;tag=a6c85cf',
    'From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774',
    `Call-ID: ${callId}`,
    'CSeq: 314159 INVITE',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe('alert rules fire in Prometheus and reach Alertmanager', () => {
  let homer: TestHomer;
  let prometheus: Daemon;
  let alertmanager: Daemon;
  let amUrl: string;
  let feeding: NodeJS.Timeout | undefined;

  it('validates the shipped rules and scrape config with promtool', () => {
    const out = execFileSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(out).toContain('SUCCESS: 5 rules found');
    execFileSync('promtool', [
      'check',
      'config',
      join(import.meta.dirname, '../../../examples/prometheus/prometheus.yml'),
    ]);
  });

  beforeAll(async () => {
    // PostgreSQL (when there is one) so the database-lag alert can be provoked with a table lock;
    // a small queue fills quickly while writes wait.
    homer = await startTestHomer(kind, {
      HOMER_PROM_TARGETS: '10.0.0.2=pbx-1',
      HOMER_QUEUE_ROWS: '1000',
      HOMER_BATCH_SIZE: '100',
    });
    const amPort = await freeTcpPort();
    amUrl = `http://127.0.0.1:${amPort}`;
    alertmanager = await startDaemon({
      command: 'prometheus-alertmanager',
      debianPackage: 'prometheus-alertmanager',
      readyUrl: `${amUrl}/-/ready`,
      prepare: (dir) =>
        writeFileSync(
          join(dir, 'am.yml'),
          'route:\n  receiver: sink\n  group_wait: 0s\nreceivers:\n  - name: sink\n',
        ),
      args: (dir) => [
        `--config.file=${join(dir, 'am.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
      ],
    });
    const promPort = await freeTcpPort();
    const rules = readFileSync(RULES, 'utf8').replace(/for: \d+m/g, 'for: 0s');
    prometheus = await startDaemon({
      command: 'prometheus',
      debianPackage: 'prometheus',
      readyUrl: `http://127.0.0.1:${promPort}/-/ready`,
      prepare: (dir) => {
        writeFileSync(join(dir, 'rules.yml'), rules);
        writeFileSync(
          join(dir, 'prometheus.yml'),
          [
            'global: { scrape_interval: 1s, evaluation_interval: 1s }',
            `rule_files: ['${join(dir, 'rules.yml')}']`,
            `alerting: { alertmanagers: [ { static_configs: [ { targets: ['127.0.0.1:${amPort}'] } ] } ] }`,
            'scrape_configs:',
            `  - job_name: homer`,
            `    static_configs: [ { targets: ['127.0.0.1:${homer.homer.http!.port}'] } ]`,
            '',
          ].join('\n'),
        );
      },
      args: (dir) => [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
    });
  });
  afterAll(async () => {
    if (feeding) clearInterval(feeding);
    await prometheus?.stop();
    await alertmanager?.stop();
    await homer?.stop();
  });

  it('fires the SIP, ASR, MOS and capture-drop alerts for a stream of bad calls', async () => {
    const port = homer.capture.udp!.address.port;
    let n = 0;
    const feed = async (): Promise<void> => {
      const packets: Buffer[] = [];
      const now = Math.floor(Date.now() / 1000);
      for (let i = 0; i < 4; i++) {
        const callId = `bad-${process.pid}-${n++}@10.0.0.1`;
        const base = { srcPort: 5060, dstPort: 5060, timeSeconds: now, captureId: 1 };
        packets.push(encodeHep3({ ...base, srcIp: '10.0.0.1', dstIp: '10.0.0.2', payload: invite(callId) }));
        packets.push(
          encodeHep3({
            ...base,
            srcIp: '10.0.0.2',
            dstIp: '10.0.0.1',
            timeUseconds: 5000,
            payload: serviceUnavailable(callId),
          }),
        );
        const rtcp = {
          type: 200,
          ssrc: 1,
          mos: 2.1,
          report_blocks: [{ fraction_lost: 80, packets_lost: 400, ia_jitter: 240, dlsr: 0 }],
        };
        packets.push(
          encodeHep3({
            ...base,
            srcIp: '10.0.0.2',
            dstIp: '10.0.0.1',
            protoType: 5,
            correlationId: callId,
            payload: JSON.stringify(rtcp),
          }),
        );
      }
      packets.push(Buffer.from('not a HEP packet at all'));
      await sendUdp('127.0.0.1', port, packets);
    };
    await feed();
    feeding = setInterval(() => void feed(), 1000);
    const firing = await waitFor(
      async () => {
        const names = await firingAlerts(amUrl);
        return EXPECTED.every((name) => names.has(name)) ? names : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: `alerts ${EXPECTED.join(', ')} in Alertmanager` },
    );
    expect([...firing]).toEqual(expect.arrayContaining(EXPECTED));
  });

  it.skipIf(kind !== 'postgres')('fires the database-lag alert while writes are blocked', async () => {
    const locker = await connectPg(homer.dbUrl!);
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE hep_proto_1_call IN ACCESS EXCLUSIVE MODE');
      const port = homer.capture.udp!.address.port;
      const now = Math.floor(Date.now() / 1000);
      const invites = Array.from({ length: 2000 }, (_, i) =>
        encodeHep3({
          srcIp: '10.0.0.1',
          dstIp: '10.0.0.2',
          srcPort: 5060,
          dstPort: 5060,
          timeSeconds: now,
          payload: invite(`lag-${process.pid}-${i}@10.0.0.1`),
        }),
      );
      await sendUdp('127.0.0.1', port, invites);
      await waitFor(async () => ((await firingAlerts(amUrl)).has('HomerDatabaseLag') ? true : undefined), {
        timeoutMs: 60_000,
        intervalMs: 1000,
        what: 'HomerDatabaseLag in Alertmanager',
      });
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });
});
