import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageKinds } from '../../helpers/pg.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';

const kinds = await storageKinds();

const DAY = 86_400_000;
const TOKEN_KEYS = [
  'active',
  'create_date',
  'creator_guid',
  'expire_date',
  'guid',
  'ip_address',
  'lastusage_date',
  'limit_calls',
  'name',
  'usage_calls',
  'user_object',
];

describe.each(kinds)('API tokens (%s)', (kind) => {
  let api: TestApi;
  const issued: string[] = [];

  /** Creates a token through the API as admin; returns its value and guid. */
  const create = async (body: Record<string, unknown>): Promise<{ token: string; guid: string }> => {
    const res = await api.call('POST', '/api/v3/token/auth', {
      token: api.adminToken,
      body: { name: 'script', expire_date: Date.now() + DAY, active: true, ...body },
    });
    expect(res.status, res.body).toBe(201);
    issued.push(res.json.data.token);
    return res.json.data;
  };
  const profileWith = (apiToken: string) => api.call('GET', '/api/v3/users/profile', { apiToken });

  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('creates a token shown once, stored as a digest, that works as Auth-Token with user rights', async () => {
    const res = await api.call('POST', '/api/v3/token/auth', {
      token: api.adminToken,
      body: { name: 'Token', expire_date: new Date(Date.now() + 7 * DAY).toISOString(), active: true },
    });
    expect(res.status).toBe(201);
    expect(res.json.message).toBe('successfully created auth token');
    const { token, guid } = res.json.data;
    issued.push(token);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const [row] = await api.configQuery<{ token: string; ip_address: string; user_object: unknown }>(
      'SELECT token, ip_address::text AS ip_address, user_object FROM auth_token WHERE guid = $1',
      [guid],
    );
    expect(row?.token).not.toContain(token);
    expect(row?.ip_address).toBe('0.0.0.0/0');
    const profile = await profileWith(token);
    expect(profile.status).toBe(200);
    expect(profile.json.data).toMatchObject({ group: 'user', admin: false, guid });
    expect((await api.call('GET', '/api/v3/token/auth', { apiToken: token })).status).toBe(403);
    expect((await api.call('POST', '/api/v3/users', { apiToken: token, body: {} })).status).toBe(403);
  });

  it('records the creator and a homer-app shaped user_object; an admin token needs usergroup "admin"', async () => {
    const { token, guid } = await create({ name: 'ops robot', usergroup: 'admin' });
    const adminGuid = (
      await api.configQuery<{ guid: string }>("SELECT guid FROM users WHERE username = 'admin'")
    )[0]?.guid;
    const one = await api.call('GET', `/api/v3/token/auth/${guid}`, { token: api.adminToken });
    expect(one.status).toBe(200);
    expect(one.json.count).toBe(1);
    expect(one.json.data[0]).toMatchObject({
      guid,
      creator_guid: adminGuid,
      name: 'ops robot',
      active: true,
      limit_calls: 0,
      user_object: {
        username: `token:${guid.slice(0, 8)}`,
        usergroup: 'admin',
        partid: 10,
        firstname: 'ops robot',
      },
    });
    expect((await api.call('GET', '/api/v3/token/auth', { apiToken: token })).status).toBe(200);
    const badGroup = await api.call('POST', '/api/v3/token/auth', {
      token: api.adminToken,
      body: { name: 'x', expire_date: Date.now() + DAY, usergroup: 'root' },
    });
    expect(badGroup.status).toBe(400);
    expect(badGroup.json.message).toContain('usergroup');
  });

  it('refuses an expired token, and one expired later through PUT', async () => {
    const past = await create({ expire_date: Date.now() - 1000 });
    const res = await profileWith(past.token);
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ statuscode: 401, message: 'API token has expired' });
    const live = await create({});
    expect((await profileWith(live.token)).status).toBe(200);
    const put = await api.call('PUT', `/api/v3/token/auth/${live.guid}`, {
      token: api.adminToken,
      body: { expire_date: String(Date.now() - 1000) },
    });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ data: live.guid, message: 'successfully updated auth token settings' });
    expect((await profileWith(live.token)).status).toBe(401);
  });

  it('refuses an inactive token until it is activated', async () => {
    const { token, guid } = await create({ active: false });
    const res = await profileWith(token);
    expect(res.status).toBe(401);
    expect(res.json.message).toBe('API token is not active');
    await api.call('PUT', `/api/v3/token/auth/${guid}`, { token: api.adminToken, body: { active: true } });
    expect((await profileWith(token)).status).toBe(200);
  });

  it('enforces ip_address (inject comes from 127.0.0.1), IPv4 and IPv6', async () => {
    const { token, guid } = await create({ ip_address: '10.0.0.0/8' });
    const res = await profileWith(token);
    expect(res.status).toBe(401);
    expect(res.json.message).toBe('API token is not allowed from this address');
    const setRange = (ip_address: string) =>
      api.call('PUT', `/api/v3/token/auth/${guid}`, { token: api.adminToken, body: { ip_address } });
    expect((await setRange('127.0.0.1/8')).status).toBe(200);
    const stored = await api.configQuery<{ ip: string }>(
      'SELECT ip_address::text AS ip FROM auth_token WHERE guid = $1',
      [guid],
    );
    expect(stored[0]?.ip).toBe('127.0.0.0/8');
    expect((await profileWith(token)).status).toBe(200);
    expect((await setRange('2001:db8::/32')).status).toBe(200);
    expect((await profileWith(token)).status).toBe(401);
    expect((await setRange('::/0')).status).toBe(200);
    expect((await profileWith(token)).status).toBe(200);
    for (const bad of ['not-an-ip', '10.0.0.0/33', '10/8', "0.0.0.0/0'; --", '']) {
      const refused = await setRange(bad);
      expect(refused.status, bad).toBe(400);
      expect(refused.json.message).toContain('ip_address');
    }
  });

  it('allows limit_calls calls and refuses the next, counting usage', async () => {
    const { token, guid } = await create({ limit_calls: 2 });
    expect((await profileWith(token)).status).toBe(200);
    expect((await profileWith(token)).status).toBe(200);
    const third = await profileWith(token);
    expect(third.status).toBe(401);
    expect(third.json.message).toBe('API token has used up its call limit');
    const listed = await api.call('GET', `/api/v3/token/auth/${guid}`, { token: api.adminToken });
    expect(listed.json.data[0]).toMatchObject({ usage_calls: 2, limit_calls: 2 });
  });

  it('never shows a token value in GET replies', async () => {
    const list = await api.call('GET', '/api/v3/token/auth', { token: api.adminToken });
    expect(list.status).toBe(200);
    expect(list.json.count).toBe(issued.length);
    for (const item of list.json.data) expect(Object.keys(item).sort()).toEqual(TOKEN_KEYS);
    const replies = [list.body];
    for (const item of list.json.data) {
      replies.push(
        (await api.call('GET', `/api/v3/token/auth/${item.guid}`, { token: api.adminToken })).body,
      );
    }
    for (const body of replies) {
      expect(body).not.toContain('sha256:');
      for (const token of issued) expect(body).not.toContain(token);
    }
  });

  it('accepts the whole listed row back on PUT, as homer-ui sends it', async () => {
    const { guid } = await create({ name: 'before' });
    const row = (await api.call('GET', `/api/v3/token/auth/${guid}`, { token: api.adminToken })).json.data[0];
    const { guid: _guid, ...uiBody } = { ...row, name: 'after' };
    const put = await api.call('PUT', `/api/v3/token/auth/${guid}`, { token: api.adminToken, body: uiBody });
    expect(put.status).toBe(200);
    const after = (await api.call('GET', `/api/v3/token/auth/${guid}`, { token: api.adminToken })).json
      .data[0];
    expect(after).toMatchObject({
      name: 'after',
      expire_date: row.expire_date,
      user_object: row.user_object,
    });
  });

  it('validates bodies and guids with 400, unknown guids with 404', async () => {
    const noName = await api.call('POST', '/api/v3/token/auth', {
      token: api.adminToken,
      body: { expire_date: Date.now() + DAY },
    });
    expect(noName.status).toBe(400);
    expect(noName.json.message).toContain('name');
    const badDate = await api.call('POST', '/api/v3/token/auth', {
      token: api.adminToken,
      body: { name: 'x', expire_date: 'next tuesday' },
    });
    expect(badDate.status).toBe(400);
    expect(badDate.json.message).toContain('expire_date');
    const badGuid = await api.call('GET', "/api/v3/token/auth/1' OR '1'='1", { token: api.adminToken });
    expect(badGuid.status).toBe(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await api.call('GET', `/api/v3/token/auth/${unknown}`, { token: api.adminToken })).status).toBe(
      404,
    );
    expect(
      (await api.call('DELETE', `/api/v3/token/auth/${unknown}`, { token: api.adminToken })).status,
    ).toBe(404);
  });

  it('is admin only: 401 anonymous, 403 for a user', async () => {
    const { guid } = await create({});
    for (const [method, url] of [
      ['GET', '/api/v3/token/auth'],
      ['POST', '/api/v3/token/auth'],
      ['GET', `/api/v3/token/auth/${guid}`],
      ['PUT', `/api/v3/token/auth/${guid}`],
      ['DELETE', `/api/v3/token/auth/${guid}`],
    ] as const) {
      expect((await api.call(method, url, { body: {} })).status, `${method} ${url}`).toBe(401);
      expect(
        (await api.call(method, url, { token: api.userToken, body: {} })).status,
        `${method} ${url}`,
      ).toBe(403);
    }
  });

  it('deletes a token, which then stops working', async () => {
    const { token, guid } = await create({});
    expect((await profileWith(token)).status).toBe(200);
    const del = await api.call('DELETE', `/api/v3/token/auth/${guid}`, { token: api.adminToken });
    expect(del.status).toBe(200);
    expect(del.json).toEqual({ data: guid, message: 'successfully deleted authtoken' });
    expect((await profileWith(token)).status).toBe(401);
    issued.splice(issued.indexOf(token), 1);
  });

  it('still accepts a homer-app token stored in clear, and Auth-Token wins over a bad Bearer', async () => {
    await api.configQuery(
      `INSERT INTO auth_token (guid, creator_guid, name, token, user_object, ip_address, lastusage_date,
                               expire_date, usage_calls, limit_calls, active)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'Test token', 'legacy-clear-token',
               '{"username":"test","usergroup":"user","id":1000,"partid":10}', '0.0.0.0/0', now(),
               now() + interval '30 days', 1, 1000, true)`,
    );
    const res = await api.call('GET', '/api/v3/users/profile', {
      apiToken: 'legacy-clear-token',
      headers: { authorization: 'Bearer not-a-jwt' },
    });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ username: 'test', group: 'user', admin: false });
    expect((await profileWith('no-such-token')).json.message).toBe('invalid API token');
  });
});
