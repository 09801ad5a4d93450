/**
 * Authorization matrix over EVERY `/api/v3` route of the built app: each route × caller
 * {anonymous, user JWT, admin JWT, user-group API token, admin-group API token}.
 *
 * Routes come from the app itself (the OpenAPI document, cross-checked against `printRoutes` so a
 * route hidden from the document is noticed), so a route added later is checked without touching
 * this file. Its expected access level comes from ACCESS below; a route not listed there is taken
 * to be "any logged-in user". Calls use dummy path values and `{}` bodies: a 400/404 is fine
 * where access is allowed, because authentication (onRequest hook) runs before validation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageKinds } from '../../helpers/pg.js';
import { startTestApi, type CallOptions, type TestApi } from '../../helpers/api.js';

const kinds = await storageKinds();

/**
 * - public: anyone, no credentials.
 * - token: an `Auth-Token` API token (homer-app's agent registration); anonymous → 401.
 * - admin: admin JWT or admin-group token; users and user tokens → 403 (homer-app §1.2 "(A)").
 * - owner: any logged-in caller, but a non-admin may get 403 for someone else's resource.
 * - per-user: any logged-in caller, each for their own objects: 403 for another's, even for an
 *   admin (homer-app dashboards). The callers share one dummy id, so later ones hit the first's.
 * - user (default): any logged-in caller, never 403.
 */
type Access = 'public' | 'token' | 'admin' | 'owner' | 'per-user' | 'user';

const ACCESS: Record<string, Access> = {
  'POST /api/v3/auth': 'public',
  'GET /api/v3/auth/type/list': 'public',
  'POST /api/v3/agent/subscribe': 'token',

  'GET /api/v3/token/auth': 'admin',
  'POST /api/v3/token/auth': 'admin',
  'GET /api/v3/token/auth/:guid': 'admin',
  'PUT /api/v3/token/auth/:guid': 'admin',
  'DELETE /api/v3/token/auth/:guid': 'admin',

  'POST /api/v3/users': 'admin',
  'DELETE /api/v3/users/:userGuid': 'admin',
  'GET /api/v3/users/:userGuid': 'owner',
  'PUT /api/v3/users/:userGuid': 'owner',
  'PUT /api/v3/users/update/password/:userGuid': 'owner',

  'POST /api/v3/mapping/protocol': 'admin',
  'PUT /api/v3/mapping/protocol/:guid': 'admin',
  'DELETE /api/v3/mapping/protocol/:guid': 'admin',
  // homer-app checks admin inside the controller and answers 400; we answer 403 like other admin routes.
  'GET /api/v3/mapping/protocol/reset': 'admin',
  'GET /api/v3/mapping/protocol/reset/:uuid': 'admin',

  'POST /api/v3/alias': 'admin',
  'PUT /api/v3/alias/:guid': 'admin',
  'DELETE /api/v3/alias/:guid': 'admin',
  'POST /api/v3/alias/import': 'admin',

  'POST /api/v3/advanced': 'admin',
  'PUT /api/v3/advanced/:guid': 'admin',
  'DELETE /api/v3/advanced/:guid': 'admin',

  'POST /api/v3/hepsub/protocol': 'admin',
  'PUT /api/v3/hepsub/protocol/:guid': 'admin',
  'DELETE /api/v3/hepsub/protocol/:guid': 'admin',

  'GET /api/v3/dashboard/store/:dashboardId': 'per-user',
  'POST /api/v3/dashboard/store/:dashboardId': 'per-user',
  'PUT /api/v3/dashboard/store/:dashboardId': 'per-user',
  'DELETE /api/v3/dashboard/store/:dashboardId': 'per-user',

  // Not "(A)" in homer-app, but changing or removing another system's agent registration is an admin act.
  'PUT /api/v3/agent/subscribe/:guid': 'admin',
  'DELETE /api/v3/agent/subscribe/:guid': 'admin',
};

const DUMMY_UUID = '00000000-0000-4000-8000-000000000000';
/** Path values by parameter name; anything else gets "x". */
const DUMMY_PARAMS: Record<string, string> = {
  guid: DUMMY_UUID,
  uuid: DUMMY_UUID,
  userGuid: DUMMY_UUID,
  category: DUMMY_UUID,
  id: '1',
  hepid: '1',
  transaction: 'call',
  profile: 'call',
  dashboardId: 'authz-probe',
  type: 'probe',
  dbid: 'homer',
  userlabel: 'job',
};

interface Route {
  readonly method: string;
  /** Fastify form, e.g. `/api/v3/users/:userGuid`. */
  readonly path: string;
}

const key = (route: Route): string => `${route.method} ${route.path}`;
/** Parameter names vary between routes sharing a position (`:id|:guid`); compare shapes only. */
const shape = (method: string, path: string): string =>
  `${method} ${path.replace(/:[^/|]+(\|:[^/|]+)*/g, ':p').replace(/\{[^}]+\}/g, ':p')}`;

function routesFromOpenApi(doc: { paths: Record<string, Record<string, unknown>> }): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v3/') || path.startsWith('/api/v3/docs')) continue;
    for (const method of Object.keys(operations)) {
      if (method === 'head' || method === 'parameters') continue;
      routes.push({ method: method.toUpperCase(), path: path.replace(/\{([^}]+)\}/g, ':$1') });
    }
  }
  return routes;
}

/** Route shapes from Fastify's own route tree (`printRoutes({ commonPrefix: false })`). */
function shapesFromRouteTree(tree: string): Set<string> {
  const shapes = new Set<string>();
  const parents: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] as string).length / 4;
    const path = (depth > 0 ? (parents[depth - 1] ?? '') : '') + (match[2] as string);
    parents[depth] = path;
    parents.length = depth + 1;
    if (!path.startsWith('/api/v3/') || path.startsWith('/api/v3/docs')) continue;
    for (const method of (match[3] ?? '').split(', ')) {
      if (method !== '' && method !== 'HEAD') shapes.add(shape(method, path));
    }
  }
  return shapes;
}

function concretePath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
    encodeURIComponent(DUMMY_PARAMS[name] ?? 'x'),
  );
}

type Caller = 'anonymous' | 'user JWT' | 'admin JWT' | 'user token' | 'admin token';

/** Why `status` contradicts `access` for `caller`, or undefined when it is fine. */
function violation(access: Access, caller: Caller, status: number): string | undefined {
  const denied = status === 401 || status === 403;
  const isAdmin = caller === 'admin JWT' || caller === 'admin token';
  const isToken = caller === 'user token' || caller === 'admin token';
  // 502/503/504 are fine: a proxy route whose upstream is down (authorization already passed).
  if (status === 500) return 'server error 500';
  switch (access) {
    case 'public':
      return denied ? `public route answered ${status}` : undefined;
    case 'token':
      if (caller === 'anonymous') return status === 401 ? undefined : `expected 401, got ${status}`;
      if (isToken && denied) return `API token refused with ${status}`;
      return undefined; // a login token alone may or may not be accepted here
    case 'admin':
      if (caller === 'anonymous') return status === 401 ? undefined : `expected 401, got ${status}`;
      if (isAdmin) return denied ? `admin refused with ${status}` : undefined;
      return status === 403 ? undefined : `expected 403, got ${status}`;
    case 'owner':
      if (caller === 'anonymous') return status === 401 ? undefined : `expected 401, got ${status}`;
      if (status === 401) return 'logged-in caller got 401';
      return isAdmin && status === 403 ? 'admin refused with 403' : undefined;
    case 'per-user':
      if (caller === 'anonymous') return status === 401 ? undefined : `expected 401, got ${status}`;
      return status === 401 ? 'logged-in caller got 401' : undefined;
    case 'user':
      if (caller === 'anonymous') return status === 401 ? undefined : `expected 401, got ${status}`;
      return denied ? `logged-in caller refused with ${status}` : undefined;
  }
}

describe.each(kinds)('authz matrix (%s)', (kind) => {
  let api: TestApi;
  let routes: Route[];
  let callers: Record<Caller, CallOptions>;

  beforeAll(async () => {
    // Proxies point at a closed local port so they fail fast instead of resolving "prometheus".
    api = await startTestApi(kind, {
      HOMER_PROMETHEUS_URL: 'http://127.0.0.1:9',
      HOMER_INFLUXDB_URL: 'http://127.0.0.1:9',
    });
    const doc = await api.call('GET', '/api/v3/docs/json');
    expect(doc.status).toBe(200);
    routes = routesFromOpenApi(doc.json);
    const token = async (usergroup: string): Promise<string> => {
      const res = await api.call('POST', '/api/v3/token/auth', {
        token: api.adminToken,
        body: { name: `authz ${usergroup}`, expire_date: Date.now() + 3_600_000, usergroup },
      });
      expect(res.status, res.body).toBe(201);
      return res.json.data.token as string;
    };
    callers = {
      anonymous: {},
      'user JWT': { token: api.userToken },
      'admin JWT': { token: api.adminToken },
      'user token': { apiToken: await token('user') },
      'admin token': { apiToken: await token('admin') },
    };
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('finds every route: the OpenAPI document matches the route tree, and the table names only real routes', () => {
    expect(routes.length).toBeGreaterThan(20);
    const documented = new Set(routes.map((r) => shape(r.method, r.path)));
    const tree = shapesFromRouteTree(api.app.printRoutes({ commonPrefix: false }));
    expect(tree.size).toBeGreaterThan(20);
    expect(
      [...tree].filter((s) => !documented.has(s)),
      'routes missing from the OpenAPI document',
    ).toEqual([]);
    expect(
      [...documented].filter((s) => !tree.has(s)),
      'documented routes not in the tree',
    ).toEqual([]);
    const known = new Set(routes.map(key));
    expect(
      Object.keys(ACCESS).filter((k) => !known.has(k)),
      'ACCESS entries without a route',
    ).toEqual([]);
  });

  it('answers every route × caller as the access table says', async () => {
    const problems: string[] = [];
    for (const route of routes) {
      const access = ACCESS[key(route)] ?? 'user';
      const withBody = route.method === 'POST' || route.method === 'PUT';
      for (const [caller, options] of Object.entries(callers) as [Caller, CallOptions][]) {
        const res = await api.call(route.method, concretePath(route.path), {
          ...options,
          ...(withBody ? { body: {} } : {}),
        });
        const why = violation(access, caller, res.status);
        if (why) problems.push(`${key(route)} [${access}] as ${caller}: ${why} — ${res.body.slice(0, 120)}`);
        if (res.status === 401 && caller === 'anonymous') {
          if (res.json?.statuscode !== 401) problems.push(`${key(route)}: 401 body not in homer-app shape`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('serves the API documentation publicly', async () => {
    expect((await api.call('GET', '/api/v3/docs/json')).status).toBe(200);
    expect((await api.call('GET', '/api/v3/docs')).status).toBeLessThan(400);
  });

  it('decides access before validating the body (401/403, never 400, for a bad body)', async () => {
    const bad = { body: { username: 42 } };
    expect((await api.call('POST', '/api/v3/users', bad)).status).toBe(401);
    expect((await api.call('POST', '/api/v3/users', { ...bad, token: api.userToken })).status).toBe(403);
    expect((await api.call('POST', '/api/v3/users', { ...bad, token: api.adminToken })).status).toBe(400);
  });
});
