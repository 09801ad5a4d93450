import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import { Type, type Static } from 'typebox';
import { isKnownGroup, USER_GROUPS } from '../auth/groups.js';
import { identityOf, type Identity } from '../auth/identity.js';
import { hashPassword, MAX_PASSWORD_BYTES, passwordTooLong, verifyPassword } from '../auth/passwords.js';
import {
  deleteUser,
  findUserByGuid,
  findUserHash,
  insertUser,
  listUsers,
  updateUser,
  type ChangeOutcome,
  type UserChanges,
  type UserRecord,
} from '../auth/users-store.js';
import { badRequest, forbidden, notFound } from '../http/errors.js';
import type { RouteContext } from './context.js';

/** Letters, digits and `. _ @ + -` (the stock UI allows `[a-zA-Z0-9-_.]`; OAuth names are emails). */
const USERNAME_PATTERN = '^[A-Za-z0-9._@+-]+$';

const User = Type.Object({
  username: Type.String(),
  partid: Type.Integer(),
  email: Type.String(),
  firstname: Type.String(),
  lastname: Type.String(),
  department: Type.String(),
  usergroup: Type.String(),
  guid: Type.String(),
  enabled: Type.Boolean(),
});

const UserList = Type.Object({ count: Type.Integer(), data: Type.Array(User) });
const WriteReply = Type.Object({ data: Type.String(), message: Type.String() });
const GuidParams = Type.Object({ userGuid: Type.String({ minLength: 1, maxLength: 50 }) });

const Username = Type.String({ minLength: 1, maxLength: 100, pattern: USERNAME_PATTERN });
const NewPassword = Type.String({ minLength: 6, maxLength: 1024 });
const Name = Type.String({ maxLength: 50 });
const PartId = Type.Integer({ minimum: 0, maximum: 2147483647 });

const CreateBody = Type.Object({
  username: Username,
  password: NewPassword,
  usergroup: Type.String({ maxLength: 250 }),
  email: Type.Optional(Type.String({ maxLength: 250 })),
  firstname: Type.Optional(Name),
  lastname: Type.Optional(Name),
  department: Type.Optional(Name),
  partid: Type.Optional(PartId),
  guid: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  enabled: Type.Optional(Type.Boolean()),
});

/** Every field optional; the stock UI sends the whole user back, an empty password means "keep". */
const UpdateBody = Type.Object({
  username: Type.Optional(Username),
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  usergroup: Type.Optional(Type.String({ maxLength: 250 })),
  email: Type.Optional(Type.String({ maxLength: 250 })),
  firstname: Type.Optional(Name),
  lastname: Type.Optional(Name),
  department: Type.Optional(Name),
  partid: Type.Optional(PartId),
  enabled: Type.Optional(Type.Boolean()),
});

const PasswordBody = Type.Object({
  password: NewPassword,
  old_password: Type.Optional(Type.String({ maxLength: 1024 })),
});

const Profile = Type.Object({
  count: Type.Integer(),
  data: Type.Object({
    guid: Type.String(),
    username: Type.String(),
    displayname: Type.String(),
    avatar: Type.String(),
    group: Type.String(),
    admin: Type.Boolean(),
    external_auth: Type.Boolean(),
    external_profile: Type.String(),
  }),
});

function isSelf(identity: Identity, user: Pick<UserRecord, 'guid' | 'username'>): boolean {
  return identity.guid === user.guid && identity.username === user.username;
}

function checkPasswordLength(password: string, field: string): void {
  if (passwordTooLong(password))
    throw badRequest(`body.${field} must be at most ${MAX_PASSWORD_BYTES} bytes`);
}

function checkGroup(group: string): void {
  if (!isKnownGroup(group)) throw badRequest(`body.usergroup must be one of ${USER_GROUPS.join(', ')}`);
}

function failOn(outcome: ChangeOutcome, guid: string): void {
  if (outcome === 'not-found') throw notFound(`user ${guid} not found`);
  if (outcome === 'last-admin') throw badRequest('refused: this is the last enabled admin user');
  if (outcome === 'username-taken') throw badRequest('body.username is already taken');
}

/**
 * Fields a non-admin may not change on their own user. The stock UI sends the whole user back,
 * so unchanged values are fine; a different value is refused rather than silently dropped.
 */
function refuseSelfEscalation(body: Static<typeof UpdateBody>, current: UserRecord): void {
  const protectedFields = [
    ['usergroup', body.usergroup, current.usergroup],
    ['username', body.username, current.username],
    ['partid', body.partid, current.partid],
    ['enabled', body.enabled, current.enabled],
  ] as const;
  for (const [field, wanted, now] of protectedFields) {
    if (wanted !== undefined && wanted !== now) throw forbidden(`only an admin can change ${field}`);
  }
}

/** `users`, `users/groups`, `users/profile` and the HEPIC-era password change (homer-app §1.2). */
export const usersRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps }) => {
  const sql = deps.storage.configSql;

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Users: all of them for an admin, only the caller otherwise',
        response: { 201: UserList },
      },
    },
    async (request, reply) => {
      const identity = identityOf(request);
      const data = await listUsers(sql, identity.admin ? undefined : identity.username);
      return reply.code(201).send({ count: data.length, data });
    },
  );

  app.get(
    '/users/groups',
    {
      schema: {
        tags: ['users'],
        summary: 'The user groups a user can be given',
        response: { 200: Type.Object({ count: Type.Integer(), data: Type.Array(Type.String()) }) },
      },
    },
    async (_request, reply) => reply.code(200).send({ count: USER_GROUPS.length, data: [...USER_GROUPS] }),
  );

  app.get(
    '/users/profile',
    {
      schema: {
        tags: ['users'],
        summary: "The caller's profile, from the login token (or API token)",
        response: { 200: Profile },
      },
    },
    async (request, reply) => {
      const identity = identityOf(request);
      return reply.code(200).send({
        count: 1,
        data: {
          guid: identity.guid,
          username: identity.username,
          displayname: identity.displayname,
          avatar: '',
          group: identity.usergroup,
          admin: identity.admin,
          external_auth: false,
          external_profile: '',
        },
      });
    },
  );

  app.get(
    '/users/:userGuid',
    {
      schema: {
        tags: ['users'],
        summary: 'One user: any for an admin, only your own otherwise',
        params: GuidParams,
        response: { 201: UserList },
      },
    },
    async (request, reply) => {
      const identity = identityOf(request);
      const user = await findUserByGuid(sql, request.params.userGuid);
      if (user && !identity.admin && !isSelf(identity, user))
        throw forbidden('you can only read your own user');
      const data = user ? [user] : [];
      return reply.code(201).send({ count: data.length, data });
    },
  );

  app.post(
    '/users',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Create a user (admin)',
        body: CreateBody,
        response: { 201: WriteReply },
      },
    },
    async (request, reply) => {
      const body = request.body;
      checkGroup(body.usergroup);
      checkPasswordLength(body.password, 'password');
      const guid = body.guid ?? randomUUID();
      const outcome = await insertUser(sql, {
        username: body.username,
        partid: body.partid ?? 10,
        email: body.email ?? '',
        firstname: body.firstname ?? '',
        lastname: body.lastname ?? '',
        department: body.department ?? '',
        usergroup: body.usergroup,
        hash: await hashPassword(body.password),
        guid,
        enabled: body.enabled ?? true,
      });
      if (outcome === 'username') throw badRequest('body.username is already taken');
      if (outcome === 'guid') throw badRequest('body.guid is already used by another user');
      return reply.code(201).send({ data: guid, message: 'successfully created user' });
    },
  );

  app.put(
    '/users/:userGuid',
    {
      schema: {
        tags: ['users'],
        summary: 'Update a user: an admin any, others only themselves (not their group)',
        params: GuidParams,
        body: UpdateBody,
        response: { 201: WriteReply },
      },
    },
    async (request, reply) => {
      const identity = identityOf(request);
      const { userGuid } = request.params;
      const body = request.body;
      const current = await findUserByGuid(sql, userGuid);
      if (!identity.admin) {
        if (!current || !isSelf(identity, current)) throw forbidden('you can only change your own user');
        refuseSelfEscalation(body, current);
      }
      if (!current) throw notFound(`user ${userGuid} not found`);
      if (body.usergroup !== undefined && body.usergroup !== current.usergroup) checkGroup(body.usergroup);
      const password = body.password !== undefined && body.password !== '' ? body.password : undefined;
      if (password !== undefined) {
        if (password.length < 6) throw badRequest('body.password must NOT have fewer than 6 characters');
        checkPasswordLength(password, 'password');
      }
      const changes: UserChanges = {
        email: body.email,
        firstname: body.firstname,
        lastname: body.lastname,
        department: body.department,
        ...(identity.admin
          ? { username: body.username, usergroup: body.usergroup, partid: body.partid, enabled: body.enabled }
          : {}),
        hash: password !== undefined ? await hashPassword(password) : undefined,
      };
      failOn(await updateUser(sql, userGuid, changes), userGuid);
      return reply.code(201).send({ data: userGuid, message: 'successfully updated user' });
    },
  );

  app.delete(
    '/users/:userGuid',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Delete a user (admin; never the last admin)',
        params: GuidParams,
        response: { 201: WriteReply },
      },
    },
    async (request, reply) => {
      const { userGuid } = request.params;
      failOn(await deleteUser(sql, userGuid), userGuid);
      return reply.code(201).send({ data: userGuid, message: 'successfully deleted user' });
    },
  );

  app.put(
    '/users/update/password/:userGuid',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a password (HEPIC-era path the stock UI calls): your own, or anyone as admin',
        params: GuidParams,
        body: PasswordBody,
        response: { 201: WriteReply },
      },
    },
    async (request, reply) => {
      const identity = identityOf(request);
      const { userGuid } = request.params;
      const { password, old_password: oldPassword } = request.body;
      const current = await findUserByGuid(sql, userGuid);
      if (!identity.admin && (!current || !isSelf(identity, current))) {
        throw forbidden('you can only change your own password');
      }
      if (!current) throw notFound(`user ${userGuid} not found`);
      checkPasswordLength(password, 'password');
      // Optional (an admin resetting someone's password has none); when sent it must be right.
      const checkOld = oldPassword !== undefined && oldPassword !== '';
      if (checkOld && !(await verifyPassword(oldPassword, await findUserHash(sql, userGuid)))) {
        throw badRequest('body.old_password is wrong');
      }
      failOn(await updateUser(sql, userGuid, { hash: await hashPassword(password) }), userGuid);
      return reply.code(201).send({ data: userGuid, message: 'successfully updated password' });
    },
  );
};
