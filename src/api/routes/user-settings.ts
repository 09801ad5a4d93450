import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { identityOf } from '../auth/identity.js';
import { Uuid, written } from '../config/route-schemas.js';
import {
  partidOf,
  SETTINGS_COLUMNS,
  SettingsBody,
  settingsDataJson,
  toSettingsRecord,
} from '../config/settings-row.js';
import { notFound } from '../http/errors.js';
import type { RouteContext } from './context.js';

const TAGS = ['user settings'];
const COLUMNS = `${SETTINGS_COLUMNS}, username`;

/** homer-app names the route parameter `category` but treats it as the row guid. */
const RowGuidParams = Type.Object({ category: Uuid });

/**
 * `user/settings`: per-user rows (timezone, `transaction:range`, grid layouts, dashboards). Admins
 * see and edit every row; other users only their own.
 */
export const userSettingsRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps }) => {
  const sql = deps.storage.configSql;

  app.get(
    '/user/settings',
    { schema: { tags: TAGS, summary: 'Settings rows: all for admins, own for users' } },
    async (request, reply) => {
      const me = identityOf(request);
      const { rows } = me.admin
        ? await sql.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM user_settings ORDER BY id`)
        : await sql.query<Record<string, unknown>>(
            `SELECT ${COLUMNS} FROM user_settings WHERE username = $1 ORDER BY id`,
            [me.username],
          );
      return reply.code(200).send({ count: rows.length, data: rows.map(toSettingsRecord) });
    },
  );

  app.get(
    '/user/settings/:category',
    {
      schema: {
        tags: TAGS,
        summary: "The caller's rows of one category (e.g. system: timezone)",
        params: Type.Object({ category: Type.String({ maxLength: 100 }) }),
      },
    },
    async (request, reply) => {
      const { rows } = await sql.query<Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM user_settings WHERE username = $1 AND category = $2 ORDER BY id`,
        [identityOf(request).username, request.params.category],
      );
      return reply.code(200).send({ count: rows.length, data: rows.map(toSettingsRecord) });
    },
  );

  app.post(
    '/user/settings',
    {
      schema: {
        tags: TAGS,
        summary: 'Add a settings row (users always for themselves)',
        body: SettingsBody,
      },
    },
    async (request, reply) => {
      const me = identityOf(request);
      const b = request.body;
      const username = me.admin && b.username ? b.username : me.username;
      const { rows } = await sql.query<{ guid: string }>(
        `INSERT INTO user_settings (guid, username, partid, category, param, data)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5) RETURNING guid::text AS guid`,
        [username, partidOf(b.partid), b.category, b.param, settingsDataJson(b.data)],
      );
      return reply.code(201).send(written(rows[0]?.guid ?? '', 'successfully created userobject'));
    },
  );

  app.put(
    '/user/settings/:category',
    {
      schema: {
        tags: TAGS,
        summary: 'Replace a settings row; the path parameter is the row guid (homer-app quirk)',
        params: RowGuidParams,
        body: SettingsBody,
      },
    },
    async (request, reply) => {
      const me = identityOf(request);
      const b = request.body;
      const guid = request.params.category;
      const { rows } = await sql.query(
        `UPDATE user_settings SET partid = $1, category = $2, param = $3, data = $4
          WHERE guid = $5 AND ($6 OR username = $7) RETURNING id`,
        [partidOf(b.partid), b.category, b.param, settingsDataJson(b.data), guid, me.admin, me.username],
      );
      if (rows.length === 0) throw notFound(`no settings row ${guid} of yours`);
      return reply.code(201).send(written(guid, 'successfully updated userobject'));
    },
  );

  app.delete(
    '/user/settings/:category',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a settings row; the path parameter is the row guid (homer-app quirk)',
        params: RowGuidParams,
      },
    },
    async (request, reply) => {
      const me = identityOf(request);
      const guid = request.params.category;
      const { rows } = await sql.query(
        'DELETE FROM user_settings WHERE guid = $1 AND ($2 OR username = $3) RETURNING id',
        [guid, me.admin, me.username],
      );
      if (rows.length === 0) throw notFound(`no settings row ${guid} of yours`);
      return reply.code(201).send(written(guid, 'successfully deleted userobject'));
    },
  );
};
