/**
 * `call/transaction`, `call/report/qos` and `call/report/log` on both backends, with rows stored
 * through the capture writer (`insertRows`) and the homer-ui request body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureRow } from '../../../src/pipeline/row.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { storageKinds } from '../../helpers/pg.js';

const kinds = await storageKinds();

const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;
const MIN = 60_000;

interface Net {
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  captureId?: string;
  correlationId?: string;
}

function stored(
  hepid: number,
  profile: string,
  sid: string,
  atMs: number,
  net: Net,
  dataHeader: Record<string, unknown>,
  raw: string,
): CaptureRow {
  const timeSeconds = Math.floor(atMs / 1000);
  const timeUseconds = (atMs % 1000) * 1000 + 7;
  return {
    hepid,
    profile,
    sid,
    timeSeconds,
    timeUseconds,
    protocolHeader: JSON.stringify({
      protocolFamily: net.src.includes(':') ? 10 : 2,
      protocol: 17,
      srcIp: net.src,
      dstIp: net.dst,
      srcPort: net.sport ?? 5060,
      dstPort: net.dport ?? 5060,
      timeSeconds,
      timeUseconds,
      payloadType: hepid,
      captureId: net.captureId ?? '2001',
      capturePass: 'myHep',
      correlation_id: net.correlationId ?? '',
    }),
    dataHeader: JSON.stringify(dataHeader),
    raw,
  };
}

function sip(callid: string, method: string, atMs: number, net: Net): CaptureRow {
  const isReply = /^\d{3}$/.test(method);
  const raw = isReply
    ? `SIP/2.0 ${method} ${method === '200' ? 'OK' : 'Trying'}\r\nCall-ID: ${callid}\r\n\r\n`
    : `${method} sip:bob@example.com SIP/2.0\r\nCall-ID: ${callid}\r\n\r\n`;
  return stored(
    1,
    'call',
    callid,
    atMs,
    { correlationId: callid, ...net },
    { callid, method, from_user: 'alice', to_user: 'bob' },
    raw,
  );
}

function uiBody(callids: string[], clickedMs: number, extra: Record<string, unknown> = {}) {
  return {
    param: {
      transaction: { call: true, registration: false, rest: false },
      limit: 200,
      orlogic: false,
      search: { '1_call': { id: 1, callid: callids } },
      location: {},
      timezone: { value: -180, name: 'Local' },
      ...extra,
    },
    timestamp: { from: clickedMs - 300_000, to: clickedMs + 300_000 },
  };
}

describe.each(kinds)('call flow (%s)', (kind) => {
  let api: TestApi;
  const A = `a-${kind}@pbx`;
  const B = `b-${kind}@sbc`;
  const C = `${B}_b2b-1`;
  const pA = { src: '10.1.0.1', dst: '10.1.0.2' };
  const pA2 = { src: '10.1.0.2', dst: '10.1.0.1' };
  const pB = { src: '10.1.0.2', dst: '10.1.0.3', correlationId: A };
  const pB2 = { src: '10.1.0.3', dst: '10.1.0.2', correlationId: A };
  const pC = { src: 'fd00::3', dst: 'fd00::4', dport: 5080 };

  beforeAll(async () => {
    api = await startTestApi(kind);
    await api.insertRows([
      sip(A, 'INVITE', T0, pA),
      sip(A, '100', T0 + 10, pA2),
      sip(B, 'INVITE', T0 + 20, pB),
      sip(C, 'INVITE', T0 + 30, pC),
      sip(C, '200', T0 + 900, { ...pC, src: 'fd00::4', dst: 'fd00::3', sport: 5080, dport: 5060 }),
      sip(B, '200', T0 + 950, pB2),
      sip(A, '200', T0 + 1000, pA2),
      sip(A, 'ACK', T0 + 1100, pA),
      // The caller hangs up 20 minutes later: outside the window the UI sends.
      sip(A, 'BYE', T0 + 20 * MIN, pA),
      sip(A, '200', T0 + 20 * MIN + 40, pA2),
      stored(
        5,
        'default',
        A,
        T0 + 5000,
        { ...pA, sport: 40001, dport: 40001, correlationId: A },
        { node: '2001', proto: 'rtcp' },
        '{"type":200,"ssrc":1}',
      ),
      stored(
        5,
        'default',
        A,
        T0 + 20 * MIN - 2000,
        { ...pA2, sport: 40001, dport: 40001, correlationId: A },
        { node: '2001', proto: 'rtcp' },
        '{"type":201,"ssrc":2}',
      ),
      stored(
        35,
        'default',
        A,
        T0 + 20 * MIN + 100,
        { ...pA, correlationId: A },
        { node: '2001', proto: 'rtpagent' },
        '{"MOS":4.1}',
      ),
      stored(
        100,
        'default',
        A,
        T0 + 15,
        { ...pA, correlationId: A },
        { node: '2001', proto: 'log' },
        'routing call to sbc',
      ),
      sip('unrelated@x', 'INVITE', T0 + 40, { src: '10.9.9.9', dst: '10.1.0.1' }),
    ]);
    await api.configQuery(
      `INSERT INTO alias (guid, alias, ip, port, mask, "captureID", status) VALUES (gen_random_uuid(), 'SBC', '10.1.0.2', 0, 32, '', true)`,
    );
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('returns every leg, RTCP and the log in time order, BYE 20 minutes later included', async () => {
    const res = await api.call('POST', '/api/v3/call/transaction', {
      token: api.userToken,
      body: uiBody([A], T0),
    });
    expect(res.status, res.body).toBe(201);
    const { messages, calldata, hosts, alias } = res.json.data;
    const sipOnly = messages.filter((m: { payloadType: number }) => m.payloadType === 1);
    expect(sipOnly.map((m: { sid: string; method: string }) => `${m.sid} ${m.method}`)).toEqual([
      `${A} INVITE`,
      `${A} 100`,
      `${B} INVITE`,
      `${C} INVITE`,
      `${C} 200`,
      `${B} 200`,
      `${A} 200`,
      `${A} ACK`,
      `${A} BYE`,
      `${A} 200`,
    ]);
    const micro = messages.map((m: { micro_ts: number }) => m.micro_ts);
    expect(micro).toEqual([...micro].sort((x: number, y: number) => x - y));
    expect(res.json.total).toBe(messages.length);
    expect(messages.map((m: { table: string }) => m.table)).toContain('hep_proto_5_default');
    expect(messages.map((m: { table: string }) => m.table)).toContain('hep_proto_100_default');
    expect(messages.some((m: { sid: string }) => m.sid === 'unrelated@x')).toBe(false);

    const invite = messages[0];
    expect(invite).toMatchObject({
      sid: A,
      callid: A,
      method: 'INVITE',
      from_user: 'alice',
      srcIp: '10.1.0.1',
      srcPort: 5060,
      captureId: '2001',
      correlation_id: A,
      profile: '1_call',
      create_date: T0,
      create_ts: T0,
      micro_ts: T0 * 1000 + 7,
      dbnode: 'localnode',
      node: 'localnode',
    });
    expect(invite.raw).toMatch(/^INVITE sip:/);
    expect(res.json.keys).toEqual(
      expect.arrayContaining(['callid', 'method', 'srcIp', 'micro_ts', 'profile']),
    );

    expect(Object.keys(hosts).slice(0, 3)).toEqual(['10.1.0.1:5060', '10.1.0.2:5060', '10.1.0.3:5060']);
    expect(hosts['10.1.0.1:5060']).toEqual({ host: ['10.1.0.1:5060'], position: 0 });
    expect(hosts['[fd00::3]:5060']).toBeDefined();
    expect(alias['10.1.0.2:5060']).toBe('SBC');
    expect(alias['10.1.0.1:5060']).toBe('10.1.0.1:5060');

    const first = calldata[0];
    expect(first).toMatchObject({
      sid: A,
      srcHost: '10.1.0.1',
      dstHost: '10.1.0.2',
      srcId: '10.1.0.1:5060',
      dstId: '10.1.0.2:5060',
      aliasSrc: '10.1.0.1:5060',
      aliasDst: 'SBC',
      method: 'INVITE',
      method_text: 'INVITE',
      msg_color: 'blue',
      destination: 1,
      create_date: T0,
      micro_ts: T0 * 1000 + 7,
    });
    const methods = calldata.map((c: { method: string }) => c.method);
    expect(methods).toContain('RTCP');
    expect(methods).toContain('LOG');
    expect(methods).toContain('Report RTP');
    const okText = calldata.find((c: { sid: string; method: string }) => c.sid === C && c.method === '200');
    expect(okText).toMatchObject({ method_text: '200 OK', srcId: '[fd00::4]:5080', dstId: '[fd00::3]:5060' });
  });

  it('finds the whole chain from the last leg too', async () => {
    const res = await api.call('POST', '/api/v3/call/transaction', {
      token: api.adminToken,
      body: uiBody([C], T0 + 30),
    });
    expect(res.status).toBe(201);
    const sids = new Set(res.json.data.messages.map((m: { sid: string }) => m.sid));
    expect([...sids].sort()).toEqual([A, B, C].sort());
    expect(res.json.data.messages.some((m: { method: string }) => m.method === 'BYE')).toBe(true);
  });

  it('leaves out whitelisted addresses', async () => {
    const res = await api.call('POST', '/api/v3/call/transaction', {
      token: api.userToken,
      body: uiBody([A], T0, { whitelist: ['10.1.0.3'] }),
    });
    expect(res.status).toBe(201);
    const ips = res.json.data.messages.flatMap((m: { srcIp: string; dstIp: string }) => [m.srcIp, m.dstIp]);
    expect(ips).not.toContain('10.1.0.3');
  });

  it('answers an empty call for unknown Call-IDs and a window with nothing', async () => {
    const res = await api.call('POST', '/api/v3/call/transaction', {
      token: api.userToken,
      body: uiBody(["nope' OR 1=1 --"], T0),
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      total: 0,
      keys: [],
      data: { messages: [], hosts: {}, calldata: [], alias: {} },
    });
  });

  it('answers 400 naming the field for bodies it cannot use, 401 without a token', async () => {
    const badKey = await api.call('POST', '/api/v3/call/transaction', {
      token: api.userToken,
      body: { param: { search: { "1_call' --": { callid: [A] } } }, timestamp: { from: T0, to: T0 + 1 } },
    });
    expect(badKey.status).toBe(400);
    expect(badKey.json.message).toContain('param.search');
    const noTime = await api.call('POST', '/api/v3/call/transaction', {
      token: api.userToken,
      body: { param: { search: { '1_call': { callid: [A] } } } },
    });
    expect(noTime.status).toBe(400);
    expect(noTime.json.message).toContain('timestamp');
    const reversed = await api.call('POST', '/api/v3/call/transaction', {
      token: api.userToken,
      body: { param: { search: { '1_call': { callid: [A] } } }, timestamp: { from: T0 + 1, to: T0 } },
    });
    expect(reversed.status).toBe(400);
    const anonymous = await api.call('POST', '/api/v3/call/transaction', { body: uiBody([A], T0) });
    expect(anonymous.status).toBe(401);
  });

  it('reports RTCP and RTP reports for the Call-IDs (qos) and the logs (log)', async () => {
    const qos = await api.call('POST', '/api/v3/call/report/qos', {
      token: api.userToken,
      body: uiBody([A, B, C], T0),
    });
    expect(qos.status, qos.body).toBe(201);
    expect(qos.json.rtcp.total).toBe(2);
    expect(qos.json.rtcp.data.map((r: { raw: string }) => r.raw)).toEqual([
      '{"type":200,"ssrc":1}',
      '{"type":201,"ssrc":2}',
    ]);
    expect(qos.json.rtcp.data[0]).toMatchObject({
      sid: A,
      srcPort: 40001,
      create_date: T0 + 5000,
      dbnode: 'localnode',
    });
    expect(qos.json.rtp.total).toBe(1);
    expect(qos.json.rtp.data[0]).toMatchObject({ sid: A, raw: '{"MOS":4.1}' });

    const log = await api.call('POST', '/api/v3/call/report/log', {
      token: api.userToken,
      body: uiBody([A], T0),
    });
    expect(log.status).toBe(201);
    expect(log.json).toMatchObject({ total: 1, data: [{ sid: A, raw: 'routing call to sbc' }] });
    const none = await api.call('POST', '/api/v3/call/report/log', {
      token: api.userToken,
      body: uiBody(['x'], T0),
    });
    expect(none.json).toEqual({ total: 0, data: [] });
  });

  it('drops copies from another capture agent only with the global dedup setting', async () => {
    const D = `dup-${kind}@x`;
    const at = T0 + 3 * MIN;
    await api.insertRows([
      sip(D, 'INVITE', at, { src: '10.2.0.1', dst: '10.2.0.2', captureId: '1' }),
      sip(D, 'INVITE', at + 1, { src: '10.2.0.1', dst: '10.2.0.2', captureId: '2' }),
    ]);
    const count = async () => {
      const res = await api.call('POST', '/api/v3/call/transaction', {
        token: api.userToken,
        body: uiBody([D], at),
      });
      return res.json.data.messages.length as number;
    };
    expect(await count()).toBe(2);
    await api.configQuery(
      `INSERT INTO global_settings (guid, partid, category, param, data) VALUES (gen_random_uuid(), 10, 'transaction', 'deduplicate', '{"global":true}')`,
    );
    expect(await count()).toBe(1);
    await api.configQuery(
      `DELETE FROM global_settings WHERE category = 'transaction' AND param = 'deduplicate'`,
    );
  });
});
