import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import { generateApiToken } from '../auth/api-token.js';
import { normalizeCidr } from '../auth/cidr.js';
import { isKnownGroup, USER_GROUPS } from '../auth/groups.js';
import { identityOf } from '../auth/identity.js';
import { deleteToken, findToken, insertToken, listTokens, updateToken } from '../auth/tokens-store.js';
import { badRequest, notFound } from '../http/errors.js';
import type { RouteContext } from './context.js';

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const UUID = new RegExp(UUID_PATTERN);
/** Latest accepted expiry: PostgreSQL timestamps end in year 294276, JavaScript dates earlier. */
const MAX_EXPIRE_MS = Date.UTC(9999, 11, 31);

const Token = Type.Object({
  guid: Type.String(),
  creator_guid: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  user_object: Type.Unknown(),
  ip_address: Type.Union([Type.String(), Type.Null()]),
  create_date: Type.String(),
  lastusage_date: Type.String(),
  expire_date: Type.String(),
  usage_calls: Type.Integer(),
  limit_calls: Type.Integer(),
  active: Type.Boolean(),
});
const TokenList = Type.Object({ count: Type.Integer(), data: Type.Array(Token) });
const WriteReply = Type.Object({ data: Type.String(), message: Type.String() });
const CreateReply = Type.Object({
  data: Type.Object({ token: Type.String(), guid: Type.String() }),
  message: Type.String(),
});
const GuidParams = Type.Object({ guid: Type.String({ pattern: UUID_PATTERN }) });

/** Epoch milliseconds (number or digits) or an ISO 8601 date, as homer-ui's date picker sends. */
const ExpireDate = Type.Union([Type.Number(), Type.String({ minLength: 1, maxLength: 64 })]);
const TokenFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  expire_date: ExpireDate,
  active: Type.Boolean(),
  ip_address: Type.String({ maxLength: 64, description: 'allowed client range (CIDR); default 0.0.0.0/0' }),
  limit_calls: Type.Integer({ minimum: 0, maximum: 2147483647, description: 'max calls; 0 = unlimited' }),
  usergroup: Type.String({
    maxLength: 250,
    description: 'group the token acts as: "user" (default, as homer-app) or deliberately "admin"',
  }),
};
const CreateBody = Type.Object({
  name: TokenFields.name,
  expire_date: TokenFields.expire_date,
  active: Type.Optional(TokenFields.active),
  ip_address: Type.Optional(TokenFields.ip_address),
  limit_calls: Type.Optional(TokenFields.limit_calls),
  usergroup: Type.Optional(TokenFields.usergroup),
});
/** The stock UI sends the whole listed row back (dates, counters, user_object): extra keys are ignored. */
const UpdateBody = Type.Partial(Type.Object(TokenFields));

function parseExpireDate(value: number | string): Date {
  const ms = typeof value === 'number' || /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_EXPIRE_MS) {
    throw badRequest('body.expire_date must be epoch milliseconds or an ISO 8601 date');
  }
  return new Date(ms);
}

function parseIpRange(value: string): string {
  const cidr = normalizeCidr(value);
  if (!cidr) throw badRequest('body.ip_address must be an IPv4 or IPv6 address or CIDR range');
  return cidr;
}

function checkGroup(group: string): string {
  if (!isKnownGroup(group)) throw badRequest(`body.usergroup must be one of ${USER_GROUPS.join(', ')}`);
  return group;
}

/**
 * `token/auth` CRUD (admin only). The token value is returned once, by POST, and stored only as a
 * digest. Unlike homer-app, `ip_address`, `limit_calls` and the token's group can be set.
 */
export const tokensRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps }) => {
  const sql = deps.storage.configSql;

  app.get(
    '/token/auth',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['token'],
        summary: 'API tokens (never their values)',
        response: { 200: TokenList },
      },
    },
    async (_request, reply) => {
      const data = await listTokens(sql);
      return reply.code(200).send({ count: data.length, data });
    },
  );

  app.get(
    '/token/auth/:guid',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['token'],
        summary: 'One API token (never its value)',
        params: GuidParams,
        response: { 200: TokenList },
      },
    },
    async (request, reply) => {
      const token = await findToken(sql, request.params.guid);
      if (!token) throw notFound(`token ${request.params.guid} not found`);
      return reply.code(200).send({ count: 1, data: [token] });
    },
  );

  app.post(
    '/token/auth',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['token'],
        summary: 'Create an API token; the reply carries its value, shown only this once',
        body: CreateBody,
        response: { 201: CreateReply },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const creator = identityOf(request);
      const guid = randomUUID();
      const token = generateApiToken();
      const usergroup = checkGroup(body.usergroup ?? 'user');
      await insertToken(sql, {
        guid,
        creatorGuid: UUID.test(creator.guid) ? creator.guid : null,
        name: body.name,
        token,
        // homer-app's seed shape; the username cannot clash with a real user (':' is not allowed there).
        userObject: {
          username: `token:${guid.slice(0, 8)}`,
          firstname: body.name,
          lastname: 'API token',
          email: '',
          usergroup,
          id: 1000,
          partid: 10,
          guid,
        },
        ipAddress: parseIpRange(body.ip_address ?? '0.0.0.0/0'),
        expireDate: parseExpireDate(body.expire_date),
        limitCalls: body.limit_calls ?? 0,
        active: body.active ?? true,
      });
      return reply.code(201).send({ data: { token, guid }, message: 'successfully created auth token' });
    },
  );

  app.put(
    '/token/auth/:guid',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['token'],
        summary: 'Change an API token (name, expiry, active, ip_address, limit_calls, usergroup)',
        params: GuidParams,
        body: UpdateBody,
        response: { 200: WriteReply },
      },
    },
    async (request, reply) => {
      const { guid } = request.params;
      const body = request.body;
      const found = await updateToken(sql, guid, {
        name: body.name,
        expireDate: body.expire_date !== undefined ? parseExpireDate(body.expire_date) : undefined,
        active: body.active,
        ipAddress: body.ip_address !== undefined ? parseIpRange(body.ip_address) : undefined,
        limitCalls: body.limit_calls,
        usergroup: body.usergroup !== undefined ? checkGroup(body.usergroup) : undefined,
      });
      if (!found) throw notFound(`token ${guid} not found`);
      return reply.code(200).send({ data: guid, message: 'successfully updated auth token settings' });
    },
  );

  app.delete(
    '/token/auth/:guid',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['token'],
        summary: 'Delete an API token',
        params: GuidParams,
        response: { 200: WriteReply },
      },
    },
    async (request, reply) => {
      const { guid } = request.params;
      if (!(await deleteToken(sql, guid))) throw notFound(`token ${guid} not found`);
      return reply.code(200).send({ data: guid, message: 'successfully deleted authtoken' });
    },
  );
};
