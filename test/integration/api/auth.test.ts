import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminUser } from '../../../src/api/auth/bootstrap.js';
import { authPlugin } from '../../../src/api/auth/plugin.js';
import { verifyPassword } from '../../../src/api/auth/passwords.js';
import { buildApp } from '../../../src/api/build-app.js';
import { installErrorHandler } from '../../../src/api/http/errors.js';
import { prepareApi } from '../../../src/api/settings-from-config.js';
import { loadConfig } from '../../../src/config/index.js';
import { openStorage } from '../../../src/storage/open.js';
import { createLogger } from '../../../src/telemetry/logger.js';
import { createMetrics } from '../../../src/telemetry/metrics.js';
import { createTestDatabase, storageKinds } from '../../helpers/pg.js';
import { startTestApi, TEST_ADMIN_PASSWORD, TEST_USER, type TestApi } from '../../helpers/api.js';

const kinds = await storageKinds();

/** A JWT signed by hand, to probe what the verifier accepts. */
function signJwt(secret: string, claims: object, alg: 'HS256' | 'HS512' | 'none'): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = `${encode({ alg, typ: 'JWT' })}.${encode(claims)}`;
  if (alg === 'none') return `${head}.`;
  const hash = alg === 'HS256' ? 'sha256' : 'sha512';
  return `${head}.${createHmac(hash, secret).update(head).digest('base64url')}`;
}

const adminClaims = (expOffset: number): object => {
  const now = Math.floor(Date.now() / 1000);
  return {
    username: 'admin',
    usergroup: 'admin',
    useradmin: true,
    guid: 'x',
    iat: now,
    exp: now + expOffset,
  };
};

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

  it('logs a non-admin in as admin:false', async () => {
    const res = await api.call('POST', '/api/v3/auth', {
      body: { username: TEST_USER.username, password: TEST_USER.password },
    });
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({ admin: false, username: TEST_USER.username });
  });

  it('answers 401 in homer-app shape for a wrong password, an unknown user and a missing token', async () => {
    const wrong = await api.call('POST', '/api/v3/auth', { body: { username: 'admin', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ statuscode: 401, error: 'Unauthorized' });
    const unknown = await api.call('POST', '/api/v3/auth', {
      body: { username: 'nobody', password: 'nope' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.json.message).toBe(wrong.json.message);
    const anonymous = await api.call('GET', '/api/v3/users');
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ statuscode: 401, error: 'Unauthorized' });
    const forged = await api.call('GET', '/api/v3/users', { token: `${api.adminToken}x` });
    expect(forged.status).toBe(401);
    const notBearer = await api.call('GET', '/api/v3/users', { headers: { authorization: 'Basic YTpi' } });
    expect(notBearer.status).toBe(401);
  });

  it('accepts only HS256 tokens signed with the secret and not expired', async () => {
    const secret = api.settings.jwtSecret;
    const good = signJwt(secret, adminClaims(60), 'HS256');
    expect((await api.call('GET', '/api/v3/users', { token: good })).status).toBe(201);
    const hs512 = signJwt(secret, adminClaims(60), 'HS512');
    expect((await api.call('GET', '/api/v3/users', { token: hs512 })).status).toBe(401);
    const none = signJwt(secret, adminClaims(60), 'none');
    expect((await api.call('GET', '/api/v3/users', { token: none })).status).toBe(401);
    const otherSecret = signJwt(`${secret}!`, adminClaims(60), 'HS256');
    expect((await api.call('GET', '/api/v3/users', { token: otherSecret })).status).toBe(401);
    const expired = signJwt(secret, adminClaims(-10), 'HS256');
    const res = await api.call('GET', '/api/v3/users', { token: expired });
    expect(res.status).toBe(401);
    expect(res.json.message).toContain('expired');
  });

  it('takes admin rights from the usergroup claim, not from useradmin', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sneaky = signJwt(
      api.settings.jwtSecret,
      { username: 'alice', usergroup: 'user', useradmin: true, guid: 'g', iat: now, exp: now + 60 },
      'HS256',
    );
    expect((await api.call('POST', '/api/v3/users', { token: sneaky, body: {} })).status).toBe(403);
  });

  it('refuses the login of a disabled user', async () => {
    await api.configQuery('UPDATE users SET enabled = false WHERE username = $1', [TEST_USER.username]);
    try {
      const res = await api.call('POST', '/api/v3/auth', {
        body: { username: TEST_USER.username, password: TEST_USER.password },
      });
      expect(res.status).toBe(401);
    } finally {
      await api.configQuery('UPDATE users SET enabled = true WHERE username = $1', [TEST_USER.username]);
    }
  });

  it("lets a route ask for an API token only (config.auth 'token'), checked before the body", async () => {
    const created = await api.call('POST', '/api/v3/token/auth', {
      token: api.adminToken,
      body: { name: 'agent', expire_date: Date.now() + 60_000 },
    });
    const apiToken = created.json.data.token as string;
    const app = Fastify();
    installErrorHandler(app);
    await app.register(authPlugin, { sql: api.storage.configSql, settings: api.settings });
    app.post(
      '/register',
      {
        config: { auth: 'token' },
        schema: { body: { type: 'object', required: ['host'], properties: { host: { type: 'string' } } } },
      },
      async (request) => ({ via: request.identity?.via }),
    );
    try {
      const post = (headers: Record<string, string>, payload: object) =>
        app.inject({ method: 'POST', url: '/register', headers, payload });
      expect((await post({}, {})).statusCode).toBe(401);
      expect((await post({ authorization: `Bearer ${api.adminToken}` }, { host: 'h' })).statusCode).toBe(401);
      expect((await post({ 'auth-token': 'wrong' }, {})).statusCode).toBe(401);
      expect((await post({ 'auth-token': apiToken }, {})).statusCode).toBe(400);
      const ok = await post({ 'auth-token': apiToken }, { host: 'h' });
      expect(ok.statusCode).toBe(200);
      expect(JSON.parse(ok.body)).toEqual({ via: 'token' });
    } finally {
      await app.close();
    }
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

describe.each(kinds)('login rate limit (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind, { HOMER_LOGIN_RATE_LIMIT: '3' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers 429 with a message on the 4th attempt in a minute, other routes unaffected', async () => {
    // startTestApi already logged admin and alice in: two of the three attempts are used.
    const third = await api.call('POST', '/api/v3/auth', { body: { username: 'admin', password: 'wrong' } });
    expect(third.status).toBe(401);
    const fourth = await api.call('POST', '/api/v3/auth', {
      body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    });
    expect(fourth.status).toBe(429);
    expect(fourth.json.message).toMatch(/too many login attempts; retry in \d+ s/);
    expect(fourth.headers['retry-after']).toBeDefined();
    for (let i = 0; i < 5; i++) {
      expect((await api.call('GET', '/api/v3/users', { token: api.adminToken })).status).toBe(201);
    }
  });
});

/** Collects everything a pino logger writes. */
function captureLog(level: string): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger(level, sink), text: () => chunks.join('') };
}

/** A migrated, empty database of `kind` (no users), as on a first start. */
async function freshStorage(kind: 'pglite' | 'postgres') {
  const dataDir = mkdtempSync(join(tmpdir(), 'homer-bootstrap-test-'));
  const database = kind === 'postgres' ? await createTestDatabase() : undefined;
  const config = loadConfig({
    env: { HOMER_DATA_DIR: dataDir, HOMER_DB_URL: database?.url ?? '', HOMER_ADMIN_PASSWORD: '' },
  });
  const storage = await openStorage(config);
  await storage.migrate();
  const cleanup = async (): Promise<void> => {
    await storage.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { config, storage, cleanup };
}

describe.each(kinds)('first-start admin (%s)', (kind) => {
  it('logs a random password once, which logs in; a second start creates nothing', async () => {
    const { config, storage, cleanup } = await freshStorage(kind);
    try {
      const first = captureLog('info');
      const result = await ensureAdminUser(storage.configSql, '', first.logger);
      expect(result.created).toBe(true);
      const password = result.generatedPassword as string;
      expect(password).toMatch(/^[A-Za-z0-9_-]{18}$/);
      const logged = first.text();
      expect(logged.split(password).length - 1).toBe(1);
      const [row] = (
        await storage.configSql.query<{ hash: string; usergroup: string }>('SELECT * FROM users')
      ).rows;
      expect(row?.usergroup).toBe('admin');
      expect(row?.hash).not.toContain(password);
      expect(await verifyPassword(password, row?.hash)).toBe(true);

      // Second start, the way `homer serve` starts: prepareApi on the same database.
      const second = captureLog('info');
      const settings = await prepareApi(config, storage, second.logger);
      expect(second.text()).not.toContain('created the admin user');
      const { rows } = await storage.configSql.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
      expect(rows[0]?.n).toBe(1);
      const app = await buildApp({
        storage,
        metrics: createMetrics(),
        logger: second.logger,
        ready: () => storage.ping(),
        version: 'test',
        api: settings,
      });
      try {
        const login = await app.inject({
          method: 'POST',
          url: '/api/v3/auth',
          payload: { username: 'admin', password },
        });
        expect(login.statusCode).toBe(201);
        expect(JSON.parse(login.body).user.admin).toBe(true);
      } finally {
        await app.close();
      }

      // When the log level would hide the warning, the password still reaches stderr, once.
      await storage.configSql.query('DELETE FROM users');
      const quiet = captureLog('error');
      const printed: string[] = [];
      const again = await ensureAdminUser(storage.configSql, '', quiet.logger, (line) => printed.push(line));
      expect(printed).toHaveLength(1);
      expect(printed[0]).toContain(again.generatedPassword as string);
      expect(quiet.text()).toBe('');
    } finally {
      await cleanup();
    }
  });

  it('uses HOMER_ADMIN_PASSWORD when set and never logs it', async () => {
    const { storage, cleanup } = await freshStorage(kind);
    try {
      const log = captureLog('info');
      const result = await ensureAdminUser(storage.configSql, 'configured-secret', log.logger);
      expect(result).toEqual({ created: true });
      expect(log.text()).not.toContain('configured-secret');
      const { rows } = await storage.configSql.query<{ hash: string }>('SELECT hash FROM users');
      expect(await verifyPassword('configured-secret', rows[0]?.hash)).toBe(true);
    } finally {
      await cleanup();
    }
  });
});
