import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageKinds } from '../../helpers/pg.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';

const kinds = await storageKinds();

describe.each(kinds)('alias (%s)', (kind) => {
  let api: TestApi;
  const admin = () => ({ token: api.adminToken });
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers {data:[]} with 201 on a fresh database, also to users', async () => {
    const res = await api.call('GET', '/api/v3/alias', { token: api.userToken });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ count: 0, data: [] });
  });

  it('creates, lists, updates and deletes aliases (IPv4 and IPv6, string port/mask/captureID)', async () => {
    const v4 = await api.call('POST', '/api/v3/alias', {
      ...admin(),
      body: { alias: 'sbc-a', ip: '10.1.0.0', port: '5060', mask: '16', captureID: 2001, status: true },
    });
    expect(v4.status).toBe(201);
    const v6 = await api.call('POST', '/api/v3/alias', {
      ...admin(),
      body: { alias: 'core-v6', ip: '2001:db8::1', mask: 64 },
    });
    expect(v6.status).toBe(201);
    const list = await api.call('GET', '/api/v3/alias', admin());
    expect(list.json.count).toBe(2);
    const byName = Object.fromEntries(list.json.data.map((a: { alias: string }) => [a.alias, a]));
    expect(byName['sbc-a']).toMatchObject({
      ip: '10.1.0.0',
      port: 5060,
      mask: 16,
      captureID: '2001',
      status: true,
    });
    expect(byName['core-v6']).toMatchObject({ ip: '2001:db8::1', port: 0, mask: 64, captureID: '' });
    expect(byName['sbc-a']).toHaveProperty('create_date');
    const guids = list.json.data.map((a: { guid: string }) => a.guid);
    expect([...guids].sort()).toEqual(guids);

    const guid = v4.json.data as string;
    const upd = await api.call('PUT', `/api/v3/alias/${guid}`, {
      ...admin(),
      body: { alias: 'sbc-b', ip: '10.1.2.3', port: 0, mask: 32, captureID: '', status: false },
    });
    expect(upd.status).toBe(201);
    const [row] = await api.configQuery<{ alias: string; status: boolean }>(
      'SELECT alias, status FROM alias WHERE guid = $1',
      [guid],
    );
    expect(row).toEqual({ alias: 'sbc-b', status: false });

    expect((await api.call('DELETE', `/api/v3/alias/${guid}`, admin())).status).toBe(201);
    expect((await api.call('DELETE', `/api/v3/alias/${guid}`, admin())).status).toBe(404);
    expect((await api.call('GET', '/api/v3/alias', admin())).json.count).toBe(1);
  });

  it.each([
    [{ alias: 'x', ip: '10.0.0.300' }, 'ip'],
    [{ alias: 'x', ip: "1.2.3.4'--" }, 'ip'],
    [{ alias: 'x', ip: '10.0.0.1', mask: 33 }, 'mask'],
    [{ alias: 'x', ip: '2001:db8::', mask: 129 }, 'mask'],
    [{ alias: 'x', ip: '10.0.0.1', port: 70000 }, 'port'],
    [{ alias: 'x', ip: '10.0.0.1', port: -1 }, 'port'],
    [{ alias: 'x', ip: '10.0.0.1', captureID: 'x'.repeat(21) }, 'captureID'],
    [{ ip: '10.0.0.1' }, 'alias'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await api.call('POST', '/api/v3/alias', { ...admin(), body });
    expect(res.status).toBe(400);
    expect(res.json.message).toContain(field);
  });

  it('answers 403 to non-admins on writes and import', async () => {
    const user = { token: api.userToken };
    const body = { alias: 'x', ip: '10.0.0.1' };
    expect((await api.call('POST', '/api/v3/alias', { ...user, body })).status).toBe(403);
    const [row] = await api.configQuery<{ guid: string }>('SELECT guid::text AS guid FROM alias LIMIT 1');
    expect((await api.call('PUT', `/api/v3/alias/${row?.guid}`, { ...user, body })).status).toBe(403);
    expect((await api.call('DELETE', `/api/v3/alias/${row?.guid}`, user)).status).toBe(403);
    expect((await api.call('POST', '/api/v3/alias/import', { ...user, body: [body] })).status).toBe(403);
  });

  it('exports a JSON array that imports back; a bad import writes nothing', async () => {
    const exported = await api.call('GET', '/api/v3/alias/export', admin());
    expect(exported.status).toBe(200);
    expect(Array.isArray(exported.json)).toBe(true);
    expect(exported.json[0]).toEqual({
      alias: 'core-v6',
      ip: '2001:db8::1',
      port: 0,
      mask: 64,
      captureID: '',
      status: true,
    });

    const bad = await api.call('POST', '/api/v3/alias/import', {
      ...admin(),
      body: [
        { alias: 'ok', ip: '192.0.2.1' },
        { alias: 'bad', ip: 'nope' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('body.1.ip');
    expect((await api.call('GET', '/api/v3/alias', admin())).json.count).toBe(1);

    const imported = await api.call('POST', '/api/v3/alias/import', { ...admin(), body: exported.json });
    expect(imported.status).toBe(201);
    expect(imported.json.data).toEqual({ inserted: 1 });
    expect((await api.call('GET', '/api/v3/alias', admin())).json.count).toBe(2);
  });
});
