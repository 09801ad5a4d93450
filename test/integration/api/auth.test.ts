import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../../helpers/pg.js';
import { startTestApi, TEST_ADMIN_PASSWORD, type TestApi } from '../../helpers/api.js';

const kinds = ['pglite', ...((await postgresAvailable()) ? ['postgres' as const] : [])] as const;

describe.each(kinds)('auth (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('logs admin in with a HS256 JWT carrying homer-app claims', async () => {
    const res = await api.call('POST', '/api/v3/auth', {
      body: { username: 'admin', password: TEST_ADMIN_PASSWORD, type: 'internal' },
    });
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({ admin: true, username: 'admin' });
    const [header, payload] = (res.json.token as string).split('.');
    expect(JSON.parse(Buffer.from(header as string, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    expect(claims).toMatchObject({ username: 'admin', useradmin: true, usergroup: 'admin' });
    expect(claims.exp - claims.iat).toBe(1200 * 60);
    expect(res.json.scope).toBe(claims.guid);
  });

  it('answers 401 in homer-app shape for a wrong password and for a missing token', async () => {
    const wrong = await api.call('POST', '/api/v3/auth', { body: { username: 'admin', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ statuscode: 401, error: 'Unauthorized' });
    const anonymous = await api.call('GET', '/api/v3/mapping/protocol');
    expect(anonymous.status).toBe(401);
    const forged = await api.call('GET', '/api/v3/mapping/protocol', { token: `${api.adminToken}x` });
    expect(forged.status).toBe(401);
  });

  it('answers 400 naming the field for a bad login body', async () => {
    const res = await api.call('POST', '/api/v3/auth', { body: { username: 'admin' } });
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('password');
  });

  it('lists the login methods publicly', async () => {
    const res = await api.call('GET', '/api/v3/auth/type/list');
    expect(res.status).toBe(200);
    expect(res.json.data.internal).toMatchObject({ type: 'internal', enable: true });
  });
});
