import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { identityOf } from '../auth/identity.js';
import { forbidden, notFound } from '../http/errors.js';
import { DashboardStore, HOME_ID } from '../settings/dashboards.js';
import type { RouteContext } from './context.js';

const TAGS = ['dashboard'];
const IdParams = Type.Object({ dashboardId: Type.String({ minLength: 1, maxLength: 100 }) });
/** The dashboard JSON as homer-ui builds it (open: widgets carry arbitrary config). */
const DashboardBody = Type.Object({}, { additionalProperties: true });
const OK = { status: 'ok', auth: 'ok' } as const;

/** `dashboard/*`: the dashboard menu and the stored gridster dashboards (in user_settings). */
export const dashboardRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps }) => {
  const store = new DashboardStore(deps.storage.configSql);

  app.get(
    '/dashboard/info',
    { schema: { tags: TAGS, summary: "The menu: the caller's dashboards and shared ones (creates home)" } },
    async (request, reply) => {
      const me = identityOf(request);
      await store.ensureHome(me.username);
      const data = await store.list(me.username);
      return reply.code(200).send({ total: data.length, data, ...OK });
    },
  );

  app.get(
    '/dashboard/reset',
    { schema: { tags: TAGS, summary: "Delete the caller's dashboards and create home again" } },
    async (request, reply) => {
      const me = identityOf(request);
      await store.removeAll(me.username);
      await store.ensureHome(me.username);
      return reply.code(200).send({ total: 1, data: HOME_ID, ...OK });
    },
  );

  app.get(
    '/dashboard/store/:dashboardId',
    {
      schema: {
        tags: TAGS,
        summary: 'One dashboard (own or shared); home is created on demand',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const me = identityOf(request);
      const id = request.params.dashboardId;
      if (id === HOME_ID) await store.ensureHome(me.username);
      const found = await store.get(me.username, id);
      // homer-ui buffers this GET and waits forever on an error, so a missing dashboard is an
      // empty 200 rather than homer-app's 400.
      if (!found) {
        return reply.code(200).send({ total: 0, owner: '', data: {}, ...OK, message: `no dashboard ${id}` });
      }
      return reply.code(200).send({ total: 1, owner: found.owner, data: found.data, ...OK });
    },
  );

  app.post(
    '/dashboard/store/:dashboardId',
    {
      schema: {
        tags: TAGS,
        summary: "Create or replace the caller's dashboard (refused when another user owns that id)",
        params: IdParams,
        body: DashboardBody,
      },
    },
    async (request, reply) => {
      const me = identityOf(request);
      const id = request.params.dashboardId;
      // Everyone has their own home; any other id belongs to whoever made it first.
      if (id !== HOME_ID) {
        const other = await store.otherOwner(me.username, id);
        if (other !== undefined) throw forbidden(`dashboard ${id} belongs to another user`);
      }
      await store.put(me.username, id, request.body as Record<string, unknown>);
      return reply.code(200).send({ total: 1, data: id, ...OK });
    },
  );

  app.put(
    '/dashboard/store/:dashboardId',
    {
      schema: {
        tags: TAGS,
        summary: "Update the caller's own dashboard",
        params: IdParams,
        body: DashboardBody,
      },
    },
    async (request, reply) => {
      const me = identityOf(request);
      const id = request.params.dashboardId;
      if (!(await store.ownExists(me.username, id))) {
        if ((await store.otherOwner(me.username, id)) !== undefined) {
          throw forbidden(`dashboard ${id} belongs to another user`);
        }
        throw notFound(`no dashboard ${id}`);
      }
      await store.put(me.username, id, request.body as Record<string, unknown>);
      return reply.code(200).send({ total: 1, data: id, ...OK });
    },
  );

  app.delete(
    '/dashboard/store/:dashboardId',
    { schema: { tags: TAGS, summary: "Delete the caller's own dashboard", params: IdParams } },
    async (request, reply) => {
      const me = identityOf(request);
      const id = request.params.dashboardId;
      if ((await store.remove(me.username, id)) === 0) {
        if ((await store.otherOwner(me.username, id)) !== undefined) {
          throw forbidden(`dashboard ${id} belongs to another user`);
        }
        throw notFound(`no dashboard ${id}`);
      }
      return reply.code(200).send({ total: 1, data: id, ...OK });
    },
  );
};
