import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHep3, encodeHepLegacy, type HepEncodeInput } from '../../../src/hep/index.js';
import { startTestHomer, type StorageKind, type TestHomer } from '../../helpers/homer.js';
import { postgresAvailable } from '../../helpers/pg.js';
import { sendTcp, sendTls, sendUdp, splitRandomly } from '../../helpers/net.js';
import { waitFor } from '../../helpers/wait.js';
import { invite, ok200, options, register } from './messages.js';

interface StoredRow {
  partition: string;
  sid: string;
  created: string;
  protocol_header: Record<string, unknown>;
  data_header: Record<string, unknown>;
  raw: string;
}

/** `YYYY-MM-DD HH:MM:SS.uuuuuu` in UTC, from seconds and microseconds (what create_date must hold). */
function utc(sec: number, usec: number): string {
  return `${new Date(sec * 1000).toISOString().slice(0, 19).replace('T', ' ')}.${String(usec).padStart(6, '0')}`;
}

function partitionOf(table: string, sec: number, stepMinutes: number): string {
  const date = new Date(sec * 1000);
  const minutes = date.getUTCHours() * 60 + date.getUTCMinutes();
  const start = minutes - (minutes % stepMinutes);
  const ymd = date.toISOString().slice(0, 10).replaceAll('-', '');
  return `${table}_${ymd}_${String(Math.floor(start / 60)).padStart(2, '0')}${String(start % 60).padStart(2, '0')}`;
}

const now = Math.floor(Date.now() / 1000) - 30;
const run = `t${process.pid}x${Date.now() % 100000}`;

async function rowsBySid(homer: TestHomer, table: string, sid: string): Promise<StoredRow[]> {
  return homer.query<StoredRow>(
    `SELECT tableoid::regclass::text AS partition, sid,
            to_char(create_date AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS created,
            protocol_header, data_header, raw
       FROM ${table} WHERE sid = $1 ORDER BY create_date, id`,
    [sid],
  );
}

async function expectRows(homer: TestHomer, table: string, sid: string, count: number): Promise<StoredRow[]> {
  return waitFor(
    async () => {
      const rows = await rowsBySid(homer, table, sid);
      return rows.length >= count ? rows : undefined;
    },
    { what: `${count} row(s) in ${table} with sid ${sid}` },
  );
}

const kinds: StorageKind[] = (await postgresAvailable()) ? ['postgres', 'pglite'] : ['pglite'];

describe.each<StorageKind>(kinds)('capture into %s', (kind) => {
  let homer: TestHomer;
  let udpPort: number;
  let tcpPort: number;
  let tlsPort: number;
  let httpPort: number;

  beforeAll(async () => {
    homer = await startTestHomer(kind);
    udpPort = homer.capture.udp!.address.port;
    tcpPort = homer.capture.tcp!.address.port;
    tlsPort = homer.capture.tls!.address.port;
    httpPort = homer.homer.http!.port;
  });

  afterAll(async () => {
    await homer?.stop();
  });

  const base = {
    srcIp: '10.0.0.1',
    dstIp: '10.0.0.2',
    srcPort: 5060,
    dstPort: 5062,
    captureId: 2001,
  } satisfies Partial<HepEncodeInput>;

  it('stores a HEPv3 SIP INVITE from UDP with every key heplify-server writes', async () => {
    const callId = `${run}-v3-invite@atlanta.example.com`;
    const payload = invite(callId);
    await sendUdp('127.0.0.1', udpPort, [
      encodeHep3({
        ...base,
        timeSeconds: now,
        timeUseconds: 123456,
        protoType: 1,
        authKey: 'myHepKey',
        payload,
      }),
    ]);
    const [row] = await expectRows(homer, 'hep_proto_1_call', callId, 1);
    expect(row!.partition).toBe(partitionOf('hep_proto_1_call', now, 60));
    expect(row!.created).toBe(utc(now, 123456));
    expect(row!.raw).toBe(payload);
    expect(row!.protocol_header).toEqual({
      protocolFamily: 2,
      protocol: 17,
      srcIp: '10.0.0.1',
      dstIp: '10.0.0.2',
      srcPort: 5060,
      dstPort: 5062,
      timeSeconds: now,
      timeUseconds: 123456,
      payloadType: 1,
      captureId: '2001',
      capturePass: 'myHepKey',
      correlation_id: callId,
    });
    expect(row!.data_header).toEqual({
      ruri_user: 'bob',
      ruri_domain: 'example.com',
      from_user: 'alice',
      from_domain: 'atlanta.example.com',
      from_tag: '1928301774',
      to_user: 'bob',
      to_domain: 'example.com',
      to_tag: '',
      callid: callId,
      cseq: '314159 INVITE',
      method: 'INVITE',
      user_agent: 'homer-test/1.0',
      pid_user: '+15551234',
      auth_user: '',
      contact_user: 'alice',
    });
  });

  it('stores a HEPv2 (Kamailio layout) 200 OK with its little-endian timestamp', async () => {
    const callId = `${run}-v2-200@atlanta.example.com`;
    await sendUdp('127.0.0.1', udpPort, [
      encodeHepLegacy(2, {
        ...base,
        srcIp: '10.0.0.2',
        dstIp: '10.0.0.1',
        timeSeconds: now,
        timeUseconds: 654321,
        payload: ok200(callId),
      }),
    ]);
    const [row] = await expectRows(homer, 'hep_proto_1_call', callId, 1);
    expect(row!.created).toBe(utc(now, 654321));
    expect(row!.protocol_header).toMatchObject({
      protocolFamily: 2,
      protocol: 17,
      srcIp: '10.0.0.2',
      dstIp: '10.0.0.1',
      timeSeconds: now,
      timeUseconds: 654321,
      payloadType: 1,
      captureId: '2001',
      correlation_id: callId,
    });
    expect(row!.protocol_header).not.toHaveProperty('capturePass');
    expect(row!.data_header).toMatchObject({
      method: '200',
      cseq: '314159 INVITE',
      to_tag: 'a6c85cf',
      ruri_user: '',
    });
  });

  it('stores a HEPv1 REGISTER (no timestamp: arrival time) in hep_proto_1_registration', async () => {
    const callId = `${run}-v1-reg@example.com`;
    const before = Date.now();
    await sendUdp('127.0.0.1', udpPort, [encodeHepLegacy(1, { ...base, payload: register(callId) })]);
    const [row] = await expectRows(homer, 'hep_proto_1_registration', callId, 1);
    const seconds = row!.protocol_header.timeSeconds as number;
    expect(seconds * 1000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(seconds * 1000).toBeLessThanOrEqual(Date.now());
    expect(row!.created).toBe(utc(seconds, row!.protocol_header.timeUseconds as number));
    expect(row!.data_header).toMatchObject({
      method: 'REGISTER',
      cseq: '1826 REGISTER',
      from_user: 'carol',
      to_user: 'carol',
      auth_user: 'carol',
      contact_user: 'carol',
      callid: callId,
    });
  });

  it('stores HEPv3 with IPv6 addresses from TCP, frames split across reads', async () => {
    const callId = `${run}-v6-options@2001:db8::1`;
    const packet = encodeHep3({
      srcIp: '2001:db8::1',
      dstIp: '2001:db8::2',
      srcPort: 5060,
      dstPort: 5060,
      ipProtocol: 6,
      timeSeconds: now,
      timeUseconds: 42,
      protoType: 1,
      captureId: 7,
      nodeName: 'edge-1',
      payload: options(callId),
    });
    const second = encodeHep3({
      srcIp: '2001:db8::2',
      dstIp: '2001:db8::1',
      srcPort: 5060,
      dstPort: 5060,
      ipProtocol: 6,
      timeSeconds: now,
      timeUseconds: 43,
      protoType: 1,
      captureId: 7,
      nodeName: 'edge-1',
      payload: ok200(callId).replace('314159 INVITE', '7 OPTIONS'),
    });
    await sendTcp('127.0.0.1', tcpPort, splitRandomly(Buffer.concat([packet, second]), 7));
    const rows = await expectRows(homer, 'hep_proto_1_default', callId, 2);
    expect(rows.map((r) => r.created)).toEqual([utc(now, 42), utc(now, 43)]);
    expect(rows[0]!.protocol_header).toMatchObject({
      protocolFamily: 10,
      protocol: 6,
      srcIp: '2001:db8::1',
      dstIp: '2001:db8::2',
      captureId: 'edge-1',
    });
    expect(rows[0]!.data_header).toMatchObject({
      method: 'OPTIONS',
      ruri_domain: '[2001:db8::2]', // the SIP IPv6reference form (RFC 3261 §25.1), brackets kept
      from_user: 'monitor',
    });
    expect(rows[1]!.data_header).toMatchObject({ method: '200', cseq: '7 OPTIONS' });
  });

  it('stores a log (type 100) from TLS with its correlation id as sid', async () => {
    const callId = `${run}-log@atlanta.example.com`;
    const text = 'kamailio: INVITE from sip:alice@atlanta.example.com to sip:bob@example.com';
    await sendTls('127.0.0.1', tlsPort, [
      encodeHep3({
        ...base,
        srcPort: 5060,
        dstPort: 9060,
        timeSeconds: now,
        timeUseconds: 999999,
        protoType: 100,
        correlationId: callId,
        payload: text,
      }),
    ]);
    const [row] = await expectRows(homer, 'hep_proto_100_default', callId, 1);
    expect(row!.partition).toBe(partitionOf('hep_proto_100_default', now, 120));
    expect(row!.created).toBe(utc(now, 999999));
    expect(row!.raw).toBe(text);
    expect(row!.data_header).toEqual({ node: '2001', proto: 'log' });
    expect(row!.protocol_header).toMatchObject({ payloadType: 100, correlation_id: callId, dstPort: 9060 });
  });

  it('stores an unknown type without correlation id under a stable flow key, zlib payload inflated', async () => {
    const payload = JSON.stringify({ event: 'custom', run });
    await sendUdp('127.0.0.1', udpPort, [
      encodeHep3({
        ...base,
        srcIp: '192.0.2.9',
        dstIp: '192.0.2.1',
        srcPort: 4000,
        dstPort: 3000,
        timeSeconds: now,
        timeUseconds: 5,
        protoType: 77,
        payload,
        compress: true,
      }),
    ]);
    const sid = '192.0.2.1:3000-192.0.2.9:4000';
    const rows = await expectRows(homer, 'hep_proto_77_default', sid, 1);
    const row = rows.find((r) => r.raw === payload);
    expect(row).toBeDefined();
    expect(row!.data_header).toEqual({ node: '2001', proto: '77' });
    expect(row!.protocol_header).toMatchObject({ payloadType: 77, correlation_id: '' });
  });

  it('stores packets from last week and next hour in partitions made on demand', async () => {
    const old = now - 8 * 24 * 3600;
    const later = now + 3600;
    const callOld = `${run}-old@example.com`;
    const callLater = `${run}-later@example.com`;
    await sendUdp('127.0.0.1', udpPort, [
      encodeHep3({ ...base, timeSeconds: old, timeUseconds: 1, payload: invite(callOld) }),
      encodeHep3({ ...base, timeSeconds: later, timeUseconds: 2, payload: invite(callLater) }),
    ]);
    const [oldRow] = await expectRows(homer, 'hep_proto_1_call', callOld, 1);
    const [laterRow] = await expectRows(homer, 'hep_proto_1_call', callLater, 1);
    expect(oldRow!.partition).toBe(partitionOf('hep_proto_1_call', old, 60));
    expect(laterRow!.partition).toBe(partitionOf('hep_proto_1_call', later, 60));
  });

  it('keeps an unparsable SIP message with a parse-error marker and counts it; drops a broken HEP packet with a metric', async () => {
    const garbage = `${run} this is not SIP at all, but long enough to be parsed`;
    await sendUdp('127.0.0.1', udpPort, [
      encodeHep3({
        ...base,
        timeSeconds: now,
        timeUseconds: 77,
        correlationId: `${run}-garbage`,
        payload: garbage,
      }),
      Buffer.from('HEP3\u0000\u0010garbage-garbage'),
    ]);
    const [row] = await expectRows(homer, 'hep_proto_1_default', `${run}-garbage`, 1);
    expect(row!.raw).toBe(garbage);
    expect(typeof row!.data_header.parse_error).toBe('string');
    const metrics = await waitFor(async () => {
      const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
      return /homer_decode_errors_total\{reason="[a-z_]+"\} [1-9]/.test(text) ? text : undefined;
    });
    expect(metrics).toMatch(/homer_parse_errors_total\{reason="sip_[a-z_]+"\} [1-9]/);
    expect(metrics).toMatch(/heplify_packets_total\{type="1",node_id="2001"\} [1-9]/);
    expect(metrics).toMatch(
      /heplify_method_response\{[^}]*response="INVITE"[^}]*method="INVITE"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(/homer_received_packets_total\{transport="udp"\} [1-9]/);
    expect(metrics).toMatch(/homer_rows_written_total\{table="hep_proto_1_call"\} [1-9]/);
  });

  it('answers /health and /ready', async () => {
    const health = await fetch(`http://127.0.0.1:${httpPort}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'up' });
    const ready = await fetch(`http://127.0.0.1:${httpPort}/ready`);
    expect(ready.status).toBe(200);
  });
});

describe('capture password', () => {
  let homer: TestHomer;
  beforeAll(async () => {
    homer = await startTestHomer('pglite', {
      HOMER_CAPTURE_PASSWORD: 'secret',
      HOMER_HEP_TLS: '',
      HOMER_HEP_TCP: '',
    });
  });
  afterAll(async () => {
    await homer?.stop();
  });

  it('rejects and counts packets with another auth key, stores the right ones', async () => {
    const port = homer.capture.udp!.address.port;
    const good = `${run}-auth-good@example.com`;
    const bad = `${run}-auth-bad@example.com`;
    const common = {
      srcIp: '10.1.1.1',
      dstIp: '10.1.1.2',
      srcPort: 5060,
      dstPort: 5060,
      timeSeconds: now,
      timeUseconds: 1,
    };
    await sendUdp('127.0.0.1', port, [
      encodeHep3({ ...common, authKey: 'wrong', payload: invite(bad) }),
      encodeHep3({ ...common, payload: invite(bad) }),
      encodeHep3({ ...common, authKey: 'secret', payload: invite(good) }),
    ]);
    await expectRows(homer, 'hep_proto_1_call', good, 1);
    expect(await rowsBySid(homer, 'hep_proto_1_call', bad)).toHaveLength(0);
    const text = await (await fetch(`http://127.0.0.1:${homer.homer.http!.port}/metrics`)).text();
    expect(text).toMatch(/homer_dropped_total\{reason="auth_failed"\} 2/);
  });
});
