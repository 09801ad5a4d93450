import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GLOBAL_SETTINGS_SEED } from '../../../src/storage/configdb/global-settings-seed.js';
import { storageKinds } from '../../helpers/pg.js';
import { startTestApi, TEST_USER, type TestApi } from '../../helpers/api.js';

const kinds = await storageKinds();

describe.each(kinds)('advanced and user/settings (%s)', (kind) => {
  let api: TestApi;
  const admin = () => ({ token: api.adminToken });
  const user = () => ({ token: api.userToken });
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it("answers the UI's buffered GETs with 2xx and a data array on a fresh database", async () => {
    for (const path of [
      '/advanced',
      '/user/settings',
      '/user/settings/system',
      '/alias',
      '/mapping/protocol',
    ]) {
      const res = await api.call('GET', `/api/v3${path}`, user());
      expect(res.status, path).toBeGreaterThanOrEqual(200);
      expect(res.status, path).toBeLessThan(300);
      expect(Array.isArray(res.json.data), path).toBe(true);
    }
    const home = await api.call('GET', '/api/v3/dashboard/store/home', user());
    expect(home.status).toBe(200);
    expect(home.json.data).toHaveProperty('widgets');
  });

  it("seeds homer-app's advanced settings once, without secrets", async () => {
    const res = await api.call('GET', '/api/v3/advanced', user());
    expect(res.status).toBe(201);
    expect(res.json.count).toBe(GLOBAL_SETTINGS_SEED.length);
    const find = (category: string, param: string) =>
      res.json.data.find(
        (r: { category: string; param: string }) => r.category === category && r.param === param,
      );
    expect(find('search', 'transaction').data).toEqual({ tabpositon: 'flow', lookup_range: [-300, 200] });
    expect(find('export', 'transaction').data).toMatchObject({ tabpositon: 'flow' });
    expect(find('search', 'promserver').data.host).toContain('/api/v1');
    expect(find('search', 'node').data).toEqual({ searchAllNode: false });
    expect(find('system', 'qos').data).toHaveProperty('rtcp_mos_lost');
    expect(find('search', 'grafana').data).not.toHaveProperty('password');
    expect(find('search', 'grafana').data).not.toHaveProperty('token');

    // An admin who clears the table does not get the defaults back on the next start.
    await api.configQuery('DELETE FROM global_settings');
    await api.storage.migrate();
    expect((await api.call('GET', '/api/v3/advanced', user())).json).toEqual({ count: 0, data: [] });
  });

  it('lets admins write global settings and refuses users with 403', async () => {
    const body = { category: 'system', param: 'dateTimeFormat', partid: 10, data: { format: 'YYYY-MM-DD' } };
    expect((await api.call('POST', '/api/v3/advanced', { ...user(), body })).status).toBe(403);
    const created = await api.call('POST', '/api/v3/advanced', { ...admin(), body });
    expect(created.status).toBe(201);
    const guid = created.json.data as string;
    const one = await api.call('GET', `/api/v3/advanced/${guid}`, user());
    expect(one.json.data[0]).toMatchObject({
      guid,
      category: 'system',
      param: 'dateTimeFormat',
      data: { format: 'YYYY-MM-DD' },
    });
    expect((await api.call('PUT', `/api/v3/advanced/${guid}`, { ...user(), body })).status).toBe(403);
    const upd = await api.call('PUT', `/api/v3/advanced/${guid}`, {
      ...admin(),
      body: { ...body, data: JSON.stringify({ format: 'HH:mm' }) },
    });
    expect(upd.status).toBe(200);
    expect((await api.call('GET', `/api/v3/advanced/${guid}`, user())).json.data[0].data).toEqual({
      format: 'HH:mm',
    });
    expect((await api.call('DELETE', `/api/v3/advanced/${guid}`, user())).status).toBe(403);
    expect((await api.call('DELETE', `/api/v3/advanced/${guid}`, admin())).status).toBe(200);
    expect((await api.call('GET', `/api/v3/advanced/${guid}`, user())).status).toBe(404);
    const missing = await api.call('POST', '/api/v3/advanced', { ...admin(), body: { param: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toContain('category');
  });

  it('keeps user settings per user: users write only their own rows, admins see all', async () => {
    const tz = { category: 'system', param: 'timezone', data: { name: 'Europe/Berlin' }, username: 'admin' };
    const mine = await api.call('POST', '/api/v3/user/settings', { ...user(), body: tz });
    expect(mine.status).toBe(201);
    const aliceGuid = mine.json.data as string;
    const [row] = await api.configQuery<{ username: string }>(
      'SELECT username FROM user_settings WHERE guid = $1',
      [aliceGuid],
    );
    expect(row?.username).toBe(TEST_USER.username);

    const adminRow = await api.call('POST', '/api/v3/user/settings', {
      ...admin(),
      body: { category: 'system', param: 'timezone', data: { name: 'UTC' } },
    });
    const adminGuid = adminRow.json.data as string;

    const system = await api.call('GET', '/api/v3/user/settings/system', user());
    expect(system.status).toBe(200);
    expect(system.json.data).toHaveLength(1);
    expect(system.json.data[0]).toMatchObject({
      username: TEST_USER.username,
      category: 'system',
      param: 'timezone',
      data: { name: 'Europe/Berlin' },
    });

    const ownList = await api.call('GET', '/api/v3/user/settings', user());
    expect(ownList.json.data.every((r: { username: string }) => r.username === TEST_USER.username)).toBe(
      true,
    );
    const allList = await api.call('GET', '/api/v3/user/settings', admin());
    const owners = new Set(allList.json.data.map((r: { username: string }) => r.username));
    expect(owners.has('admin') && owners.has(TEST_USER.username)).toBe(true);

    const body = { category: 'system', param: 'timezone', data: { name: 'Asia/Tokyo' } };
    expect((await api.call('PUT', `/api/v3/user/settings/${adminGuid}`, { ...user(), body })).status).toBe(
      404,
    );
    expect((await api.call('DELETE', `/api/v3/user/settings/${adminGuid}`, user())).status).toBe(404);
    expect((await api.call('PUT', `/api/v3/user/settings/${aliceGuid}`, { ...user(), body })).status).toBe(
      201,
    );
    expect((await api.call('GET', '/api/v3/user/settings/system', user())).json.data[0].data).toEqual({
      name: 'Asia/Tokyo',
    });
    expect(
      (await api.call('PUT', `/api/v3/user/settings/${aliceGuid}`, { ...admin(), body: tz })).status,
    ).toBe(201);
    expect((await api.call('DELETE', `/api/v3/user/settings/${aliceGuid}`, user())).status).toBe(201);
    expect((await api.call('GET', '/api/v3/user/settings/system', user())).json.data).toEqual([]);
    const bad = await api.call('PUT', '/api/v3/user/settings/system', { ...user(), body });
    expect(bad.status).toBe(400);
  });
});
