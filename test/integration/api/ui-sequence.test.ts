/**
 * Replays, in order, the HTTP calls the stock homer-ui makes (reference/homer-ui-calls.md §4):
 * login page, login, home dashboard load, a SIP search and the call window. Each must answer 2xx
 * with the fields the UI reads. The call is captured through the real capture path (HEP over UDP)
 * and the API is reached over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHep3 } from '../../../src/hep/encode.js';
import { TEST_ADMIN_PASSWORD, startTestHomer, type TestHomer } from '../../helpers/homer.js';
import { HttpApi, type HttpReply } from '../../helpers/http-api.js';
import { sendUdp } from '../../helpers/net.js';
import { storageKinds } from '../../helpers/pg.js';
import { waitFor } from '../../helpers/wait.js';
import { invite, ok200 } from '../capture/messages.js';

const kinds = await storageKinds();

describe.each(kinds)('homer-ui call sequence (%s)', (kind) => {
  let homer: TestHomer;
  let base: string;
  let http: HttpApi;
  const callId = `ui-seq-${kind}-${process.pid}@10.0.0.1`;
  const sentAt = Math.floor(Date.now() / 1000) - 60;

  const call = (method: string, path: string, body?: unknown): Promise<HttpReply> =>
    http.call(method, path, body);

  function ok(reply: HttpReply, what: string): void {
    expect(reply.status, `${what}: ${JSON.stringify(reply.json)}`).toBeGreaterThanOrEqual(200);
    expect(reply.status, `${what}: ${JSON.stringify(reply.json)}`).toBeLessThan(300);
  }

  beforeAll(async () => {
    homer = await startTestHomer(kind);
    base = `http://127.0.0.1:${homer.homer.http!.port}`;
    http = new HttpApi(base);
    const port = homer.capture.udp!.address.port;
    const common = { srcPort: 5060, dstPort: 5060, protoType: 1, captureId: 2001, nodeName: 'edge-1' };
    await sendUdp('127.0.0.1', port, [
      encodeHep3({
        ...common,
        srcIp: '10.0.0.1',
        dstIp: '10.0.0.2',
        timeSeconds: sentAt,
        timeUseconds: 1000,
        payload: invite(callId),
      }),
      encodeHep3({
        ...common,
        srcIp: '10.0.0.2',
        dstIp: '10.0.0.1',
        timeSeconds: sentAt,
        timeUseconds: 250_000,
        payload: ok200(callId),
      }),
    ]);
    await waitFor(async () => {
      const rows = await homer.query('SELECT count(*)::int AS n FROM hep_proto_1_call WHERE sid = $1', [
        callId,
      ]);
      return rows[0]?.n === 2 ? true : undefined;
    });
  });
  afterAll(async () => {
    await homer?.stop();
  });

  it('runs the login, home dashboard, search and call-window calls in order', async () => {
    // §4.1 login page
    const types = await call('GET', '/auth/type/list');
    ok(types, 'auth/type/list');
    expect(types.json.data.internal).toMatchObject({ type: 'internal', enable: true });

    // §4.2 login
    const login = await call('POST', '/auth', {
      username: 'admin',
      password: TEST_ADMIN_PASSWORD,
      type: 'internal',
    });
    ok(login, 'auth');
    http.token = login.json.token;
    expect(http.token.split('.')).toHaveLength(3);
    expect(login.json.user.admin).toBe(true);
    const system = await call('GET', '/user/settings/system');
    ok(system, 'user/settings/system');
    expect(Array.isArray(system.json.data)).toBe(true);

    // §4.3 home dashboard
    const advanced = await call('GET', '/advanced');
    ok(advanced, 'advanced');
    expect(Array.isArray(advanced.json.data)).toBe(true);
    const profile = await call('GET', '/users/profile');
    ok(profile, 'users/profile');
    expect(profile.json.data).toMatchObject({ username: 'admin' });
    expect(typeof profile.json.data.guid).toBe('string');
    const settings = await call('GET', '/user/settings');
    ok(settings, 'user/settings');
    expect(Array.isArray(settings.json.data)).toBe(true);
    const home = await call('GET', '/dashboard/store/home');
    ok(home, 'dashboard/store/home');
    expect(Array.isArray(home.json.data.widgets)).toBe(true);
    expect(home.json.owner).toBeDefined();
    const info = await call('GET', '/dashboard/info');
    ok(info, 'dashboard/info');
    expect(info.json.data.some((d: { name?: string; href?: string }) => d.href === 'home' && d.name)).toBe(
      true,
    );
    const alias = await call('GET', '/alias');
    ok(alias, 'alias');
    expect(Array.isArray(alias.json.data)).toBe(true);
    const mapping = await call('GET', '/mapping/protocol');
    ok(mapping, 'mapping/protocol');
    const sipCall = mapping.json.data.find(
      (m: { hepid: unknown; profile: string }) => m.hepid === 1 && m.profile === 'call',
    );
    expect(sipCall).toMatchObject({ hep_alias: 'SIP' });
    expect(Array.isArray(sipCall.fields_mapping)).toBe(true);

    const timestamp = { from: (sentAt - 3600) * 1000, to: (sentAt + 3600) * 1000 };
    const searchBody = (fields: unknown[]): unknown => ({
      config: {
        protocol_id: { name: 'SIP', value: 1 },
        protocol_profile: { name: 'call', value: 'call' },
        searchbutton: false,
        title: 'CALL 2 SIP SEARCH',
      },
      param: {
        transaction: {},
        limit: 200,
        orlogic: false,
        search: { '1_call': fields },
        location: {},
        timezone: { value: -180, name: 'Local' },
      },
      timestamp,
    });
    const empty = await call('POST', '/search/call/data', searchBody([]));
    ok(empty, 'search/call/data (empty)');
    expect(Array.isArray(empty.json.data)).toBe(true);

    // §4.4 search by From user and method
    const search = await call(
      'POST',
      '/search/call/data',
      searchBody([
        { name: 'data_header.from_user', value: 'alice', func: null, type: 'string', hepid: 1 },
        { name: 'data_header.method', value: 'INVITE', func: null, type: 'string', hepid: 1 },
      ]),
    );
    ok(search, 'search/call/data');
    const row = search.json.data.find((r: { sid: string }) => r.sid === callId);
    expect(row).toMatchObject({
      method: 'INVITE',
      from_user: 'alice',
      srcIp: '10.0.0.1',
      captureId: 'edge-1',
    });
    expect(row.create_date).toBe(sentAt * 1000 + 1);
    ok(await call('GET', '/dashboard/info'), 'dashboard/info after search');

    // §4.5 call window
    ok(await call('GET', '/advanced'), 'advanced (call window)');
    const transactionBody = {
      param: {
        transaction: { call: true, registration: false, rest: false },
        limit: 200,
        orlogic: false,
        search: { '1_call': { id: row.id, callid: [callId] } },
        location: {},
        timezone: { value: -180, name: 'Local' },
      },
      timestamp: { from: row.create_date - 300_000, to: row.create_date + 300_000 },
    };
    const transaction = await call('POST', '/call/transaction', transactionBody);
    ok(transaction, 'call/transaction');
    const { messages, hosts, calldata, alias: aliases } = transaction.json.data;
    expect(messages.map((m: { method: string }) => m.method)).toEqual(['INVITE', '200']);
    expect(Object.keys(hosts)).toEqual(['10.0.0.1:5060', '10.0.0.2:5060']);
    expect(calldata).toHaveLength(2);
    expect(aliases).toBeTypeOf('object');
    const hepsub = await call('GET', '/hepsub/protocol');
    ok(hepsub, 'hepsub/protocol');
    expect(Array.isArray(hepsub.json.data)).toBe(true);
    const agents = await call('GET', '/agent/subscribe');
    ok(agents, 'agent/subscribe');
    expect(Array.isArray(agents.json.data)).toBe(true);
    ok(await call('GET', '/hepsub/protocol'), 'hepsub/protocol (again)');
    const logs = await call('POST', '/call/report/log', transactionBody);
    ok(logs, 'call/report/log');
    expect(logs.json.data).toBeDefined();
    const qos = await call('POST', '/call/report/qos', transactionBody);
    ok(qos, 'call/report/qos');
    // homer-app and homer-ui's qos.worker read {rtcp:{data}, rtp:{data}} here, not {data}.
    expect(Array.isArray(qos.json.rtcp.data)).toBe(true);
    expect(Array.isArray(qos.json.rtp.data)).toBe(true);

    // Clicking a message in the flow
    const message = await call('POST', '/search/call/message', {
      param: {
        ...transactionBody.param,
        limit: 1,
        search: { '1_call': { id: row.id } },
      },
      timestamp: { from: row.create_date - 5000, to: row.create_date + 5000 },
    });
    ok(message, 'search/call/message');
    expect(message.json.data[0].raw).toContain(`Call-ID: ${callId}`);

    // Export tab
    const pcap = await call('POST', '/export/call/messages/pcap', transactionBody);
    ok(pcap, 'export/call/messages/pcap');
    expect(pcap.contentType).toContain('application/octet-stream');
    expect(pcap.bytes).toBeGreaterThan(24 + 2 * 16);
  });
});
