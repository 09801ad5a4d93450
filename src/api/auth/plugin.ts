import fastifyJwt from '@fastify/jwt';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SqlClient } from '../../storage/types.js';
import type { ApiSettings } from '../deps.js';
import { forbidden, UnauthorizedError } from '../http/errors.js';
import { authenticateApiToken } from './api-token.js';
import { isAdminGroup, type AccessLevel, type Identity } from './identity.js';

/** Claims as homer-app writes them (auth/claims.go), plus `guid` so `scope` survives a reload. */
export interface LoginClaims {
  readonly username: string;
  readonly useradmin: boolean;
  readonly usergroup: string;
  readonly externalauth: boolean;
  readonly externaltype: string;
  readonly displayname: string;
  readonly avatar: string;
  readonly guid: string;
}

export interface LoginUser {
  readonly username: string;
  readonly guid: string;
  readonly usergroup: string;
  readonly firstname?: string;
  readonly lastname?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Signs a login token (HS256) for a verified user. */
    signLogin(user: LoginUser): string;
  }
}

function identityFromClaims(claims: Partial<LoginClaims>): Identity | undefined {
  if (typeof claims.username !== 'string' || claims.username === '') return undefined;
  const usergroup = typeof claims.usergroup === 'string' ? claims.usergroup : '';
  return {
    username: claims.username,
    guid: typeof claims.guid === 'string' ? claims.guid : '',
    usergroup,
    admin: isAdminGroup(usergroup),
    displayname: typeof claims.displayname === 'string' ? claims.displayname : claims.username,
    via: 'jwt',
  };
}

function verifyLoginToken(app: FastifyInstance, authorization: string): Identity {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw new UnauthorizedError('Authorization header must be "Bearer <token>"');
  let claims: Partial<LoginClaims>;
  try {
    claims = app.jwt.verify<Partial<LoginClaims>>(match[1] as string);
  } catch {
    throw new UnauthorizedError('invalid or expired token');
  }
  const identity = identityFromClaims(claims);
  if (!identity) throw new UnauthorizedError('invalid token claims');
  return identity;
}

/**
 * An `Auth-Token` header wins over `Authorization` when API tokens are enabled, as in homer-app
 * (its JWT middleware is skipped when the header carries a valid token).
 */
async function authenticate(
  app: FastifyInstance,
  request: FastifyRequest,
  sql: SqlClient,
  settings: ApiSettings,
  level: AccessLevel,
): Promise<Identity | undefined> {
  const apiToken = request.headers['auth-token'];
  const hasApiToken = typeof apiToken === 'string' && apiToken !== '';
  if (hasApiToken && settings.apiTokens) return authenticateApiToken(sql, apiToken, request.ip);
  if (level === 'token') {
    throw new UnauthorizedError(
      settings.apiTokens
        ? 'this API needs an Auth-Token header'
        : 'API tokens are disabled (HOMER_API_TOKENS)',
    );
  }
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization !== '') return verifyLoginToken(app, authorization);
  if (hasApiToken) throw new UnauthorizedError('API tokens are disabled (HOMER_API_TOKENS)');
  return undefined;
}

/**
 * Authentication for `/api/v3`: HS256 login tokens in `Authorization: Bearer`, API tokens in
 * `Auth-Token`. Each route declares `config.auth` (`public`, `user` — the default —, `admin` or
 * `token`);
 * the hook sets `request.identity` and answers 401 / 403 as homer-app does.
 */
export const authPlugin = fp<{ sql: SqlClient; settings: ApiSettings }>(
  async (app, { sql, settings }) => {
    // Only HS256 is accepted on verify, so a token cannot pick its own algorithm.
    await app.register(fastifyJwt, {
      secret: settings.jwtSecret,
      sign: { algorithm: 'HS256' },
      verify: { algorithms: ['HS256'] },
    });
    app.decorate('signLogin', (user: LoginUser): string => {
      const claims: LoginClaims = {
        username: user.username,
        useradmin: isAdminGroup(user.usergroup),
        usergroup: user.usergroup,
        externalauth: false,
        externaltype: 'internal',
        displayname: [user.firstname, user.lastname].filter(Boolean).join(' ') || user.username,
        avatar: '',
        guid: user.guid,
      };
      return app.jwt.sign(claims, { expiresIn: `${settings.jwtExpireMinutes}m` });
    });
    app.addHook('onRequest', async (request) => {
      const level = request.routeOptions.config?.auth ?? 'user';
      if (level === 'public') return;
      // onRequest runs before body/params validation, so an anonymous caller gets 401, not 400.
      const identity = await authenticate(app, request, sql, settings, level);
      if (!identity) throw new UnauthorizedError('missing Authorization: Bearer token or Auth-Token header');
      request.identity = identity;
      if (level === 'admin' && !identity.admin) throw forbidden();
    });
  },
  { name: 'homer-auth' },
);
