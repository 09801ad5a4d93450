import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageKinds } from '../../helpers/pg.js';
import { startTestApi, TEST_USER, type TestApi } from '../../helpers/api.js';

const kinds = await storageKinds();

describe.each(kinds)('dashboard (%s)', (kind) => {
  let api: TestApi;
  const admin = () => ({ token: api.adminToken });
  const user = () => ({ token: api.userToken });
  const homes = async (username: string) =>
    (
      await api.configQuery<{ n: string }>(
        `SELECT count(*)::text AS n FROM user_settings WHERE category = 'dashboard' AND param = 'home' AND username = $1`,
        [username],
      )
    )[0]?.n;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('creates one home per user even when the menu is asked for three times at once', async () => {
    const replies = await Promise.all([1, 2, 3].map(() => api.call('GET', '/api/v3/dashboard/info', user())));
    for (const res of replies) {
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ total: 1, status: 'ok', auth: 'ok' });
      expect(res.json.data[0]).toEqual({
        cssclass: 'fa',
        href: 'home',
        id: 'home',
        owner: TEST_USER.username,
        name: 'Home',
        param: 'home',
        shared: false,
        type: 3,
        weight: 10,
      });
    }
    expect(await homes(TEST_USER.username)).toBe('1');
  });

  it("serves the home dashboard in homer-app's DashboardHome shape", async () => {
    const res = await api.call('GET', '/api/v3/dashboard/store/home', admin());
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ total: 1, owner: 'admin', status: 'ok', auth: 'ok' });
    const d = res.json.data;
    expect(d).toMatchObject({ id: 'home', name: 'Home', type: 3, param: 'home', shared: false });
    expect(d.config).toHaveProperty('gridType');
    const ids = d.widgets.map((w: { id: string }) => w.id);
    expect(ids).toEqual(expect.arrayContaining(['display-results-1', 'RESULT-1']));
    const search = d.widgets.find((w: { id: string }) => w.id === 'display-results-1');
    expect(search.config.config).toMatchObject({
      protocol_id: { value: 1 },
      protocol_profile: { value: 'call' },
    });
    expect(search.config.fields.map((f: { field_name: string }) => f.field_name)).toEqual([
      'data_header.from_user',
      'data_header.to_user',
      'data_header.method',
      'data_header.callid',
      'limit',
      'targetResultsContainer',
    ]);
    expect(d.widgets.some((w: { name: string }) => w.name === 'clock')).toBe(true);
    for (const w of d.widgets) for (const k of ['x', 'y', 'cols', 'rows']) expect(typeof w[k]).toBe('number');
  });

  it('shares a dashboard read-only: others see and read it but cannot overwrite or delete it', async () => {
    const board = {
      id: 'noc',
      name: 'NOC',
      type: 1,
      param: 'noc',
      shared: true,
      weight: 5,
      widgets: [],
      config: {},
    };
    const created = await api.call('POST', '/api/v3/dashboard/store/noc', { ...admin(), body: board });
    expect(created.status).toBe(200);

    const info = await api.call('GET', '/api/v3/dashboard/info', user());
    const names = info.json.data.map((d: { name: string }) => d.name);
    expect(names).toEqual(['Home', 'NOC']);
    expect(info.json.data[1]).toMatchObject({
      owner: 'admin',
      shared: true,
      weight: 5,
      type: 1,
      href: 'noc',
    });

    const read = await api.call('GET', '/api/v3/dashboard/store/noc', user());
    expect(read.json).toMatchObject({ total: 1, owner: 'admin', data: board });

    const body = { ...board, name: 'Hijacked' };
    expect((await api.call('POST', '/api/v3/dashboard/store/noc', { ...user(), body })).status).toBe(403);
    expect((await api.call('PUT', '/api/v3/dashboard/store/noc', { ...user(), body })).status).toBe(403);
    expect((await api.call('DELETE', '/api/v3/dashboard/store/noc', user())).status).toBe(403);
    expect((await api.call('GET', '/api/v3/dashboard/store/noc', admin())).json.data.name).toBe('NOC');

    const upd = await api.call('PUT', '/api/v3/dashboard/store/noc', {
      ...admin(),
      body: { ...board, shared: false },
    });
    expect(upd.status).toBe(200);
    const hidden = await api.call('GET', '/api/v3/dashboard/store/noc', user());
    expect(hidden.status).toBe(200);
    expect(hidden.json.total).toBe(0);
    expect((await api.call('GET', '/api/v3/dashboard/info', user())).json.total).toBe(1);
  });

  it("lets a user change their own home without touching anyone else's, and reset it", async () => {
    const mine = await api.call('GET', '/api/v3/dashboard/store/home', user());
    const changed = { ...mine.json.data, name: 'My Home', widgets: [] };
    expect(
      (await api.call('POST', '/api/v3/dashboard/store/home', { ...user(), body: changed })).status,
    ).toBe(200);
    expect((await api.call('GET', '/api/v3/dashboard/store/home', user())).json.data.name).toBe('My Home');
    expect((await api.call('GET', '/api/v3/dashboard/store/home', admin())).json.data.name).toBe('Home');

    await api.call('POST', '/api/v3/dashboard/store/extra', {
      ...user(),
      body: { name: 'Extra', widgets: [] },
    });
    const reset = await api.call('GET', '/api/v3/dashboard/reset', user());
    expect(reset.status).toBe(200);
    const after = await api.call('GET', '/api/v3/dashboard/info', user());
    expect(after.json.data.map((d: { name: string }) => d.name)).toEqual(['Home']);
    expect(await homes(TEST_USER.username)).toBe('1');
    expect((await api.call('GET', '/api/v3/dashboard/store/noc', admin())).json.total).toBe(1);
  });

  it('deletes own dashboards and answers 404 for unknown ones', async () => {
    await api.call('POST', '/api/v3/dashboard/store/temp', { ...user(), body: { name: 'Temp' } });
    expect((await api.call('DELETE', '/api/v3/dashboard/store/temp', user())).status).toBe(200);
    expect((await api.call('DELETE', '/api/v3/dashboard/store/temp', user())).status).toBe(404);
    expect((await api.call('PUT', '/api/v3/dashboard/store/temp', { ...user(), body: {} })).status).toBe(404);
    const bad = await api.call('POST', '/api/v3/dashboard/store/x', { ...user(), body: [1, 2] });
    expect(bad.status).toBe(400);
  });
});
