/** Who is calling: from a login token (JWT) or an API token (`Auth-Token`). */
export interface Identity {
  readonly username: string;
  /** users.guid (md5 of the name for external users, as homer-app). */
  readonly guid: string;
  readonly usergroup: string;
  /** homer-app: `usergroup` contains "admin", case-insensitive. */
  readonly admin: boolean;
  readonly displayname: string;
  readonly via: 'jwt' | 'token';
  /** auth_token.guid when `via` is `token`. */
  readonly tokenGuid?: string;
}

/**
 * Route access levels, set per route as `config: { auth: ... }`; the default is `user`.
 * - `public`: no credentials.
 * - `user`: any login token (JWT) or API token.
 * - `admin`: a JWT or API token whose usergroup contains "admin"; others get 403.
 * - `token`: an `Auth-Token` API token only (homer-app's `POST /agent/subscribe`); a login token
 *   alone gets 401.
 */
export type AccessLevel = 'public' | 'user' | 'admin' | 'token';

export function isAdminGroup(usergroup: string | null | undefined): boolean {
  return typeof usergroup === 'string' && usergroup.toLowerCase().includes('admin');
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AccessLevel;
  }
  interface FastifyRequest {
    identity?: Identity;
  }
}

/** The caller of an authenticated route (the auth hook guarantees it is set there). */
export function identityOf(request: { identity?: Identity }): Identity {
  if (!request.identity) throw new Error('identityOf() called on a public route');
  return request.identity;
}
