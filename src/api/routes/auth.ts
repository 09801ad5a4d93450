import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { verifyPasswordOrDummy } from '../auth/passwords.js';
import { isAdminGroup } from '../auth/identity.js';
import type { RouteContext } from './context.js';
import { unauthorizedBody } from '../http/errors.js';

const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  type: Type.Optional(Type.String()),
});

const LoginReply = Type.Object({
  token: Type.String(),
  scope: Type.String(),
  user: Type.Object({ admin: Type.Boolean(), username: Type.String() }, { additionalProperties: true }),
});

const UnauthorizedReply = Type.Object({
  statuscode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
});

interface UserRow {
  username: string;
  guid: string;
  usergroup: string;
  hash: string;
  firstname: string;
  lastname: string;
  enabled: boolean | null;
}

/** `POST /auth` (login) and `GET /auth/type/list`, both public. */
export const authRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, settings }) => {
  await app.register(rateLimit, { global: false });
  const sql = deps.storage.configSql;

  app.post(
    '/auth',
    {
      config: {
        auth: 'public',
        rateLimit: {
          max: settings.loginRateLimit,
          timeWindow: 60_000,
          errorResponseBuilder: (_req, ctx) => ({
            statusCode: 429,
            data: {},
            message: `too many login attempts; retry in ${Math.ceil(ctx.ttl / 1000)} s`,
          }),
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with a username and password; returns an HS256 JWT',
        body: LoginBody,
        response: { 201: LoginReply, 401: UnauthorizedReply },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const { rows } = await sql.query<UserRow>(
        `SELECT username, guid, usergroup, hash, firstname, lastname, enabled FROM users WHERE username = $1`,
        [username],
      );
      const user = rows[0];
      const ok = await verifyPasswordOrDummy(password, user?.hash);
      if (!user || !ok || user.enabled === false) {
        return reply.code(401).send(unauthorizedBody('wrong username or password'));
      }
      const token = app.signLogin(user);
      return reply.code(201).send({
        token,
        scope: user.guid,
        user: { admin: isAdminGroup(user.usergroup), username: user.username },
      });
    },
  );

  app.get(
    '/auth/type/list',
    {
      config: { auth: 'public' },
      schema: { tags: ['auth'], summary: 'Login methods offered to the login page' },
    },
    async (_request, reply) =>
      reply.code(200).send({
        count: 1,
        data: {
          internal: { name: 'Internal', type: 'internal', position: 1, enable: true },
          ldap: { name: 'LDAP', type: 'ldap', position: 2, enable: false },
          oauth2: [],
        },
        message: 'successfully created auth list',
      }),
  );
};
