import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageKinds } from '../../helpers/pg.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';

const kinds = await storageKinds();

const AGENT_TOKEN = 'agent-token-for-tests-0123456789';

/** A tiny HTTP server playing a HEPSUB agent: records each request and answers JSON. */
interface FakeAgent {
  readonly port: number;
  readonly requests: { url: string; body: string; contentType: string }[];
  close(): Promise<void>;
}

async function startFakeAgent(): Promise<FakeAgent> {
  const requests: FakeAgent['requests'] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      requests.push({ url: req.url ?? '', body, contentType: String(req.headers['content-type'] ?? '') });
      if (req.url?.endsWith('/broken')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('not json');
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ cdr: { duration: 42 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(kinds)('system, hepsub and agent routes (%s)', (kind) => {
  let api: TestApi;
  let agent: FakeAgent;
  const admin = () => ({ token: api.adminToken });
  const user = () => ({ token: api.userToken });
  beforeAll(async () => {
    api = await startTestApi(kind);
    agent = await startFakeAgent();
    await api.configQuery(
      `INSERT INTO auth_token (guid, creator_guid, name, token, user_object, create_date, lastusage_date, expire_date, active)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'agent', $1, $2, now(), now(), now() + interval '1 day', true)`,
      [AGENT_TOKEN, JSON.stringify({ username: 'agent', usergroup: 'user' })],
    );
  });
  afterAll(async () => {
    await agent?.close();
    await api?.stop();
  });

  it('lists the local data node, module status and versions', async () => {
    const nodes = await api.call('GET', '/api/v3/database/node/list', user());
    expect(nodes.status).toBe(200);
    expect(nodes.json).toEqual({ count: 1, data: [{ value: 'localnode', name: 'LocalNode' }] });
    const modules = await api.call('GET', '/api/v3/modules/status', user());
    expect(modules.json.data.loki.enable).toBe(false);
    for (const part of ['api', 'ui']) {
      const v = await api.call('GET', `/api/v3/version/${part}/info`, user());
      expect(v.status).toBe(200);
      expect(v.json.data.version).toBe('test');
    }
  });

  it('serves the seeded hepsub mappings and lets only admins change them', async () => {
    const list = await api.call('GET', '/api/v3/hepsub/protocol', user());
    expect(list.status).toBe(200);
    expect(list.json.count).toBe(3);
    expect(list.json.data[0].mapping).toMatchObject({ lookup_type: 'pubsub', lookup_range: [-300, 200] });
    const call = await api.call('GET', '/api/v3/hepsub/protocol/1/call', user());
    expect(call.json.count).toBe(1);

    const body = {
      profile: 'cdr',
      hepid: 1,
      hep_alias: 'SIP',
      version: 1,
      mapping: {
        lookup_field: '{"data":$source_field,"fromts":$fromts,"tots":$tots}',
        source_fields: { callid: 'x' },
      },
    };
    expect((await api.call('POST', '/api/v3/hepsub/protocol', { ...user(), body })).status).toBe(403);
    const created = await api.call('POST', '/api/v3/hepsub/protocol', { ...admin(), body });
    expect(created.status).toBe(201);
    const guid = created.json.data as string;
    expect((await api.call('GET', `/api/v3/hepsub/protocol/${guid}`, user())).json.data[0]).toMatchObject({
      profile: 'cdr',
      hepid: '1',
    });
    const bad = await api.call('PUT', `/api/v3/hepsub/protocol/${guid}`, {
      ...admin(),
      body: { ...body, mapping: [1] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('mapping');
    expect((await api.call('PUT', `/api/v3/hepsub/protocol/${guid}`, { ...admin(), body })).status).toBe(200);
    expect((await api.call('DELETE', `/api/v3/hepsub/protocol/${guid}`, user())).status).toBe(403);
    expect((await api.call('DELETE', `/api/v3/hepsub/protocol/${guid}`, admin())).status).toBe(200);
    expect((await api.call('POST', '/api/v3/hepsub/search', { ...user(), body: {} })).status).toBe(201);
  });

  it('registers agents only with a valid Auth-Token and replaces a re-registered uuid', async () => {
    const body = {
      uuid: '11111111-2222-4333-8444-555555555555',
      gid: 10,
      host: '127.0.0.1',
      port: agent.port,
      protocol: 'http',
      path: '/api/v1/agent',
      node: 'agent-node',
      type: 'cdr,pcap',
      ttl: 300,
    };
    expect((await api.call('POST', '/api/v3/agent/subscribe', { body })).status).toBe(401);
    expect((await api.call('POST', '/api/v3/agent/subscribe', { body, apiToken: 'wrong' })).status).toBe(401);
    const bad = await api.call('POST', '/api/v3/agent/subscribe', {
      body: { ...body, host: 'evil host/#' },
      apiToken: AGENT_TOKEN,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('host');

    const first = await api.call('POST', '/api/v3/agent/subscribe', { body, apiToken: AGENT_TOKEN });
    expect(first.status).toBe(201);
    expect(first.json.data.uuid).toBe(body.uuid);
    const nowS = Date.now() / 1000;
    expect(first.json.data.expire_ts).toBeGreaterThan(nowS + 290);
    expect(first.json.data.expire_ts).toBeLessThan(nowS + 310);
    const again = await api.call('POST', '/api/v3/agent/subscribe', {
      body: { ...body, ttl: 600 },
      apiToken: AGENT_TOKEN,
    });
    expect(again.status).toBe(201);

    const list = await api.call('GET', '/api/v3/agent/subscribe', user());
    expect(list.status).toBe(200);
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0]).toMatchObject({
      uuid: body.uuid,
      host: '127.0.0.1',
      port: agent.port,
      type: 'cdr,pcap',
    });
    expect((await api.call('GET', '/api/v3/agent/type/pcap', user())).json.data).toHaveLength(1);
    expect((await api.call('GET', '/api/v3/agent/type/sms', user())).json.data).toHaveLength(0);
    expect((await api.call('GET', '/api/v3/agent/type/%25', user())).json.data).toHaveLength(0);
    expect((await api.call('GET', `/api/v3/agent/subscribe/${body.uuid}`, user())).json.data[0].node).toBe(
      'agent-node',
    );
  });

  it('forwards a search to the agent with the hepsub template and returns its JSON', async () => {
    const uuid = '11111111-2222-4333-8444-555555555555';
    const search = {
      param: { search: { '1_call': { callid: ['abc@host'], sid: ['abc@host'], source_ip: ['10.0.0.1'] } } },
      timestamp: { from: 1_700_000_000_000, to: 1_700_000_060_000 },
    };
    const res = await api.call('POST', `/api/v3/agent/search/${uuid}/cdr`, { ...user(), body: search });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      message: 'request answer',
      node: 'agent-node',
      uuid,
      data: { cdr: { duration: 42 } },
    });
    const sent = agent.requests.at(-1);
    expect(sent?.url).toBe('/api/v1/agent/cdr');
    expect(sent?.contentType).toContain('application/json');
    // The seeded hepsub mapping has no source_fields (the call id goes) and lookup_range [-300, 200].
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      data: { callid: ['abc@host'] },
      fromts: (1_700_000_000_000 - 300_000) * 1000,
      tots: (1_700_000_060_000 + 200_000) * 1000,
    });

    const plain = await api.call('POST', `/api/v3/agent/search/${uuid}/pcap`, {
      ...user(),
      body: { any: 'thing' },
    });
    expect(plain.status).toBe(201);
    expect(JSON.parse(agent.requests.at(-1)?.body ?? '')).toEqual({ any: 'thing' });

    expect((await api.call('POST', `/api/v3/agent/search/${uuid}/sms`, { ...user(), body: {} })).status).toBe(
      404,
    );
  });

  it('answers 502 with a clear message when the agent fails or is gone', async () => {
    const uuid = '11111111-2222-4333-8444-555555555555';
    await api.configQuery(`UPDATE agent_location_session SET type = 'cdr,broken' WHERE guid = $1`, [uuid]);
    const broken = await api.call('POST', `/api/v3/agent/search/${uuid}/broken`, { ...user(), body: {} });
    expect(broken.status).toBe(502);
    expect(broken.json.message).toContain('without JSON');

    const gone = await startFakeAgent();
    await gone.close();
    await api.configQuery('UPDATE agent_location_session SET port = $1 WHERE guid = $2', [gone.port, uuid]);
    const down = await api.call('POST', `/api/v3/agent/search/${uuid}/cdr`, { ...user(), body: {} });
    expect(down.status).toBe(502);
    expect(down.json.message).toMatch(/unreachable.*ECONNREFUSED/);
  });

  it('lets only admins change or delete agents; delete also drops expired ones', async () => {
    const uuid = '11111111-2222-4333-8444-555555555555';
    await api.configQuery(
      `INSERT INTO agent_location_session (guid, host, port, expire_date) VALUES (gen_random_uuid(), 'old', 1, now() - interval '1 hour')`,
    );
    const body = { host: '127.0.0.1', port: agent.port, type: 'cdr', ttl: 60 };
    expect((await api.call('PUT', `/api/v3/agent/subscribe/${uuid}`, { ...user(), body })).status).toBe(403);
    expect((await api.call('PUT', `/api/v3/agent/subscribe/${uuid}`, { ...admin(), body })).status).toBe(200);
    expect((await api.call('GET', '/api/v3/agent/type/pcap', user())).json.data).toHaveLength(0);
    expect((await api.call('DELETE', `/api/v3/agent/subscribe/${uuid}`, user())).status).toBe(403);
    expect((await api.call('DELETE', `/api/v3/agent/subscribe/${uuid}`, admin())).status).toBe(200);
    expect((await api.call('GET', '/api/v3/agent/subscribe', user())).json.data).toEqual([]);
  });
});
