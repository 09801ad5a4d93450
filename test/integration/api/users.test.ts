import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageKinds } from '../../helpers/pg.js';
import { startTestApi, TEST_ADMIN_PASSWORD, TEST_USER, type TestApi } from '../../helpers/api.js';

const kinds = await storageKinds();

const USER_KEYS = [
  'department',
  'email',
  'enabled',
  'firstname',
  'guid',
  'lastname',
  'partid',
  'usergroup',
  'username',
];

describe.each(kinds)('users (%s)', (kind) => {
  let api: TestApi;
  let adminGuid: string;
  let aliceGuid: string;
  const login = async (username: string, password: string): Promise<number> =>
    (await api.call('POST', '/api/v3/auth', { body: { username, password } })).status;
  const loginToken = async (username: string, password: string): Promise<string> =>
    (await api.call('POST', '/api/v3/auth', { body: { username, password } })).json.token as string;

  beforeAll(async () => {
    api = await startTestApi(kind);
    const rows = await api.configQuery<{ username: string; guid: string }>(
      'SELECT username, guid FROM users',
    );
    adminGuid = rows.find((r) => r.username === 'admin')?.guid as string;
    aliceGuid = rows.find((r) => r.username === TEST_USER.username)?.guid as string;
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('lists every user to an admin and only yourself to a user, never the hash', async () => {
    const all = await api.call('GET', '/api/v3/users', { token: api.adminToken });
    expect(all.status).toBe(201);
    expect(all.json.count).toBe(2);
    expect(all.json.data.map((u: { username: string }) => u.username)).toEqual(['admin', 'alice']);
    for (const user of all.json.data) expect(Object.keys(user).sort()).toEqual(USER_KEYS);
    expect(all.body).not.toContain('$2');
    const own = await api.call('GET', '/api/v3/users', { token: api.userToken });
    expect(own.status).toBe(201);
    expect(own.json).toEqual({
      count: 1,
      data: [
        {
          username: 'alice',
          partid: 10,
          email: 'alice@example.com',
          firstname: 'Alice',
          lastname: 'Tester',
          department: 'QA',
          usergroup: 'user',
          guid: aliceGuid,
          enabled: true,
        },
      ],
    });
  });

  it('lists the groups and the caller profile', async () => {
    const groups = await api.call('GET', '/api/v3/users/groups', { token: api.userToken });
    expect(groups.status).toBe(200);
    expect(groups.json).toEqual({ count: 3, data: ['admin', 'user', 'support'] });
    const profile = await api.call('GET', '/api/v3/users/profile', { token: api.userToken });
    expect(profile.status).toBe(200);
    expect(profile.json.data).toEqual({
      guid: aliceGuid,
      username: 'alice',
      displayname: 'Alice Tester',
      avatar: '',
      group: 'user',
      admin: false,
      external_auth: false,
      external_profile: '',
    });
    const adminProfile = await api.call('GET', '/api/v3/users/profile', { token: api.adminToken });
    expect(adminProfile.json.data).toMatchObject({ guid: adminGuid, admin: true, group: 'admin' });
  });

  it('shows one user: your own, or any to an admin', async () => {
    const own = await api.call('GET', `/api/v3/users/${aliceGuid}`, { token: api.userToken });
    expect(own.status).toBe(201);
    expect(own.json.data[0]).toMatchObject({ username: 'alice', guid: aliceGuid });
    expect((await api.call('GET', `/api/v3/users/${adminGuid}`, { token: api.userToken })).status).toBe(403);
    const byAdmin = await api.call('GET', `/api/v3/users/${aliceGuid}`, { token: api.adminToken });
    expect(byAdmin.json.count).toBe(1);
    const unknown = await api.call('GET', '/api/v3/users/no-such-guid', { token: api.adminToken });
    expect(unknown.json).toEqual({ count: 0, data: [] });
  });

  it('creates a user (admin only) with a bcrypt hash that logs in', async () => {
    const body = {
      username: 'bob',
      email: 'bob@example.com',
      password: 'bob-password',
      firstname: 'Bob',
      lastname: 'Builder',
      department: 'Ops',
      usergroup: 'support',
      partid: 10,
      guid: '0d6b1f4e-6a55-4c1e-9e4c-2f0a9a8f0b01',
      version: 1,
    };
    expect((await api.call('POST', '/api/v3/users', { token: api.userToken, body })).status).toBe(403);
    const created = await api.call('POST', '/api/v3/users', { token: api.adminToken, body });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ data: body.guid, message: 'successfully created user' });
    const [row] = await api.configQuery<{ hash: string; usergroup: string }>(
      'SELECT hash, usergroup FROM users WHERE username = $1',
      ['bob'],
    );
    expect(row?.hash).toMatch(/^\$2[aby]\$10\$/);
    expect(row?.usergroup).toBe('support');
    expect(await login('bob', 'bob-password')).toBe(201);
    const bobToken = await loginToken('bob', 'bob-password');
    // "support" is not an admin group (homer-app: usergroup contains "admin").
    expect((await api.call('GET', '/api/v3/token/auth', { token: bobToken })).status).toBe(403);
  });

  it('refuses a duplicate username, an unknown group and bad fields with 400 naming the field', async () => {
    const base = { email: 'x@example.com', password: 'secret-1', usergroup: 'user' };
    const dup = await api.call('POST', '/api/v3/users', {
      token: api.adminToken,
      body: { ...base, username: 'alice' },
    });
    expect(dup.status).toBe(400);
    expect(dup.json.message).toContain('username');
    const group = await api.call('POST', '/api/v3/users', {
      token: api.adminToken,
      body: { ...base, username: 'carol', usergroup: 'root' },
    });
    expect(group.status).toBe(400);
    expect(group.json.message).toContain('usergroup');
    const noPassword = await api.call('POST', '/api/v3/users', {
      token: api.adminToken,
      body: { username: 'carol', usergroup: 'user' },
    });
    expect(noPassword.status).toBe(400);
    expect(noPassword.json.message).toContain('password');
    const badName = await api.call('POST', '/api/v3/users', {
      token: api.adminToken,
      body: { ...base, username: "carol'; DROP TABLE users; --" },
    });
    expect(badName.status).toBe(400);
    expect(badName.json.message).toContain('username');
    const longPassword = await api.call('POST', '/api/v3/users', {
      token: api.adminToken,
      body: { ...base, username: 'carol', password: 'é'.repeat(40) },
    });
    expect(longPassword.status).toBe(400);
    expect(longPassword.json.message).toContain('72 bytes');
    const dupGuid = await api.call('POST', '/api/v3/users', {
      token: api.adminToken,
      body: { ...base, username: 'carol', guid: aliceGuid },
    });
    expect(dupGuid.status).toBe(400);
    expect(dupGuid.json.message).toContain('guid');
    expect((await api.configQuery('SELECT 1 FROM users WHERE username = $1', ['carol'])).length).toBe(0);
  });

  it('lets a user edit themselves (as the stock UI sends it) but not raise their group', async () => {
    const current = (await api.call('GET', `/api/v3/users/${aliceGuid}`, { token: api.userToken })).json
      .data[0];
    // homer-ui deletes guid and an empty password, and adds version.
    const { guid: _guid, ...uiBody } = { ...current, firstname: 'Alicia', version: 1 };
    const edited = await api.call('PUT', `/api/v3/users/${aliceGuid}`, {
      token: api.userToken,
      body: uiBody,
    });
    expect(edited.status).toBe(201);
    expect(edited.json).toEqual({ data: aliceGuid, message: 'successfully updated user' });
    expect(await login('alice', TEST_USER.password)).toBe(201);
    const raise = await api.call('PUT', `/api/v3/users/${aliceGuid}`, {
      token: api.userToken,
      body: { ...uiBody, usergroup: 'admin' },
    });
    expect(raise.status).toBe(403);
    const [row] = await api.configQuery<{ usergroup: string; firstname: string }>(
      'SELECT usergroup, firstname FROM users WHERE guid = $1',
      [aliceGuid],
    );
    expect(row).toEqual({ usergroup: 'user', firstname: 'Alicia' });
    const other = await api.call('PUT', `/api/v3/users/${adminGuid}`, {
      token: api.userToken,
      body: { firstname: 'Mallory' },
    });
    expect(other.status).toBe(403);
  });

  it('re-hashes a password given on PUT and keeps it when the password is empty', async () => {
    const changed = await api.call('PUT', `/api/v3/users/${aliceGuid}`, {
      token: api.userToken,
      body: { password: 'alice-new-password' },
    });
    expect(changed.status).toBe(201);
    expect(await login('alice', TEST_USER.password)).toBe(401);
    expect(await login('alice', 'alice-new-password')).toBe(201);
    const kept = await api.call('PUT', `/api/v3/users/${aliceGuid}`, {
      token: api.adminToken,
      body: { password: '', department: 'R&D' },
    });
    expect(kept.status).toBe(201);
    expect(await login('alice', 'alice-new-password')).toBe(201);
    // Restore for the other tests.
    await api.call('PUT', `/api/v3/users/${aliceGuid}`, {
      token: api.adminToken,
      body: { password: TEST_USER.password },
    });
    expect(await login('alice', TEST_USER.password)).toBe(201);
  });

  it('changes a password through users/update/password (own with old_password, any as admin)', async () => {
    const url = `/api/v3/users/update/password/${aliceGuid}`;
    const wrongOld = await api.call('PUT', url, {
      token: api.userToken,
      body: { old_password: 'not-it', password: 'pw-number-2' },
    });
    expect(wrongOld.status).toBe(400);
    expect(wrongOld.json.message).toContain('old_password');
    const ok = await api.call('PUT', url, {
      token: api.userToken,
      body: { old_password: TEST_USER.password, password: 'pw-number-2' },
    });
    expect(ok.status).toBe(201);
    expect(await login('alice', 'pw-number-2')).toBe(201);
    const foreign = await api.call('PUT', `/api/v3/users/update/password/${adminGuid}`, {
      token: api.userToken,
      body: { password: 'taken-over' },
    });
    expect(foreign.status).toBe(403);
    expect(await login('admin', TEST_ADMIN_PASSWORD)).toBe(201);
    const reset = await api.call('PUT', url, {
      token: api.adminToken,
      body: { password: TEST_USER.password },
    });
    expect(reset.status).toBe(201);
    expect(await login('alice', TEST_USER.password)).toBe(201);
  });

  it('lets an admin change group and deletes users, never the last admin', async () => {
    const bobGuid = '0d6b1f4e-6a55-4c1e-9e4c-2f0a9a8f0b01';
    expect((await api.call('DELETE', `/api/v3/users/${bobGuid}`, { token: api.userToken })).status).toBe(403);
    const lastAdmin = await api.call('DELETE', `/api/v3/users/${adminGuid}`, { token: api.adminToken });
    expect(lastAdmin.status).toBe(400);
    expect(lastAdmin.json.message).toContain('last');
    const demote = await api.call('PUT', `/api/v3/users/${adminGuid}`, {
      token: api.adminToken,
      body: { usergroup: 'user' },
    });
    expect(demote.status).toBe(400);
    const disable = await api.call('PUT', `/api/v3/users/${adminGuid}`, {
      token: api.adminToken,
      body: { enabled: false },
    });
    expect(disable.status).toBe(400);

    // With a second admin, the first one can go.
    const promote = await api.call('PUT', `/api/v3/users/${bobGuid}`, {
      token: api.adminToken,
      body: { usergroup: 'admin' },
    });
    expect(promote.status).toBe(201);
    const bobToken = await loginToken('bob', 'bob-password');
    expect((await api.call('GET', '/api/v3/token/auth', { token: bobToken })).status).toBe(200);
    const demoteBob = await api.call('PUT', `/api/v3/users/${bobGuid}`, {
      token: api.adminToken,
      body: { usergroup: 'user' },
    });
    expect(demoteBob.status).toBe(201);
    const deleted = await api.call('DELETE', `/api/v3/users/${bobGuid}`, { token: api.adminToken });
    expect(deleted.status).toBe(201);
    expect(deleted.json).toEqual({ data: bobGuid, message: 'successfully deleted user' });
    expect(await login('bob', 'bob-password')).toBe(401);
    const again = await api.call('DELETE', `/api/v3/users/${bobGuid}`, { token: api.adminToken });
    expect(again.status).toBe(404);
  });
});
