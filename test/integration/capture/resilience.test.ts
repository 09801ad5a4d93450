import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHep3 } from '../../../src/hep/index.js';
import { startTestHomer, type TestHomer } from '../../helpers/homer.js';
import { sendTcp, sendUdp } from '../../helpers/net.js';
import { connectPg, postgresAvailable, TEST_PG_ADMIN_URL } from '../../helpers/pg.js';
import { waitFor } from '../../helpers/wait.js';
import { invite } from './messages.js';

const available = await postgresAvailable();
const now = Math.floor(Date.now() / 1000) - 10;

function packets(prefix: string, count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) =>
    encodeHep3({
      srcIp: '10.9.0.1',
      dstIp: '10.9.0.2',
      srcPort: 5060,
      dstPort: 5060,
      timeSeconds: now,
      timeUseconds: i,
      captureId: 1,
      payload: invite(`${prefix}-${i}@example.com`),
    }),
  );
}

async function countLike(homer: TestHomer, prefix: string): Promise<number> {
  const [row] = await homer.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM hep_proto_1_call WHERE sid LIKE $1`,
    [`${prefix}-%`],
  );
  return Number(row!.n);
}

async function metric(homer: TestHomer, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${homer.homer.http!.port}/metrics`)).text();
  const match = pattern.exec(text);
  return match ? Number(match[1]) : 0;
}

describe.skipIf(!available)('capture when PostgreSQL misbehaves', () => {
  let homer: TestHomer;
  let admin: pg.Client;
  let locker: pg.Client;
  let dbName: string;

  beforeAll(async () => {
    homer = await startTestHomer('postgres', { HOMER_QUEUE_ROWS: '1000', HOMER_BATCH_SIZE: '100' });
    dbName = new URL(homer.dbUrl!).pathname.slice(1);
    admin = await connectPg(TEST_PG_ADMIN_URL);
  });

  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    await locker?.end().catch(() => undefined);
    await homer?.stop();
  });

  it('keeps rows while the database refuses connections, retries with backoff and loses nothing', async () => {
    const udpPort = homer.capture.udp!.address.port;
    await sendUdp('127.0.0.1', udpPort, packets('warm', 10));
    await waitFor(async () => ((await countLike(homer, 'warm')) === 10 ? true : undefined));
    // Refuse new sessions and kill the current ones: the writer's next batch finds no database.
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [dbName],
    );
    await sendUdp('127.0.0.1', udpPort, packets('outage', 300));
    await waitFor(
      async () => ((await metric(homer, /homer_storage_retries_total (\d+)/)) > 0 ? true : undefined),
      {
        what: 'a retried batch',
      },
    );
    await waitFor(async () => (homer.capture.queue.size === 300 ? true : undefined), {
      what: 'all 300 rows held in the queue',
    });
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    await waitFor(async () => ((await countLike(homer, 'outage')) === 300 ? true : undefined), {
      what: '300 rows after the database came back',
      timeoutMs: 20_000,
    });
    expect(await metric(homer, /homer_dropped_total\{reason="[a-z_]+"\} ([1-9]\d*)/)).toBe(0);
  });

  it('when the queue is full: UDP rows are dropped and counted, TCP senders are paused and lose nothing', async () => {
    locker = await connectPg(homer.dbUrl!);
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE hep_proto_1_call IN ACCESS EXCLUSIVE MODE');
    const before = await metric(homer, /homer_dropped_total\{reason="queue_full"\} (\d+)/);
    const overflowBefore = await metric(homer, /homer_dropped_total\{reason="udp_socket_overflow"\} (\d+)/);
    const udpPort = homer.capture.udp!.address.port;
    for (let i = 0; i < 30; i++) {
      await sendUdp('127.0.0.1', udpPort, packets(`udp${i}`, 50));
    }
    const tcpSend = sendTcp('127.0.0.1', homer.capture.tcp!.address.port, [
      Buffer.concat(packets('tcp', 1500)),
    ]);
    await waitFor(async () => (homer.capture.queue.isFull ? true : undefined), {
      what: 'a full queue',
    });
    await locker.query('COMMIT');
    await tcpSend;
    await waitFor(async () => ((await countLike(homer, 'tcp')) === 1500 ? true : undefined), {
      what: 'every TCP row after the lock was released',
      timeoutMs: 30_000,
    });
    // Every UDP datagram ends up stored or counted: by the queue bound, or — on a busy machine — by
    // the kernel at the socket (read from /proc once a second). UDP rows read after some TCP rows
    // may still be on their way to the table, hence the wait.
    let dropped = 0;
    await waitFor(
      async () => {
        dropped = (await metric(homer, /homer_dropped_total\{reason="queue_full"\} (\d+)/)) - before;
        const overflow =
          (await metric(homer, /homer_dropped_total\{reason="udp_socket_overflow"\} (\d+)/)) - overflowBefore;
        let storedUdp = 0;
        for (let i = 0; i < 30; i++) storedUdp += await countLike(homer, `udp${i}`);
        return storedUdp + dropped + overflow === 1500 ? true : undefined;
      },
      { what: 'every UDP datagram stored or counted as dropped', timeoutMs: 10_000 },
    );
    expect(dropped).toBeGreaterThan(0);
    expect(await metric(homer, /homer_received_packets_total\{transport="tcp"\} (\d+)/)).toBe(1500);
  });
});
