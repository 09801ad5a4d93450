import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { GuidParams, written } from '../config/route-schemas.js';
import {
  partidOf,
  SETTINGS_COLUMNS,
  SettingsBody,
  settingsDataJson,
  toSettingsRecord,
} from '../config/settings-row.js';
import { notFound } from '../http/errors.js';
import type { RouteContext } from './context.js';

const TAGS = ['advanced'];

/** `advanced`: `global_settings` rows (Loki/Prometheus/Grafana hosts, transaction window, ...). */
export const advancedRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps }) => {
  const sql = deps.storage.configSql;

  app.get(
    '/advanced',
    { schema: { tags: TAGS, summary: 'All global settings' } },
    async (_request, reply) => {
      const { rows } = await sql.query<Record<string, unknown>>(
        `SELECT ${SETTINGS_COLUMNS} FROM global_settings ORDER BY id`,
      );
      return reply.code(201).send({ count: rows.length, data: rows.map(toSettingsRecord) });
    },
  );

  app.get(
    '/advanced/:guid',
    { schema: { tags: TAGS, summary: 'One global setting', params: GuidParams } },
    async (request, reply) => {
      const { rows } = await sql.query<Record<string, unknown>>(
        `SELECT ${SETTINGS_COLUMNS} FROM global_settings WHERE guid = $1`,
        [request.params.guid],
      );
      if (rows.length === 0) throw notFound(`no setting with guid ${request.params.guid}`);
      return reply.code(200).send({ count: rows.length, data: rows.map(toSettingsRecord) });
    },
  );

  app.post(
    '/advanced',
    {
      config: { auth: 'admin' },
      schema: { tags: TAGS, summary: 'Add a global setting', body: SettingsBody },
    },
    async (request, reply) => {
      const b = request.body;
      const { rows } = await sql.query<{ guid: string }>(
        `INSERT INTO global_settings (guid, partid, category, param, data)
         VALUES (gen_random_uuid(), $1, $2, $3, $4) RETURNING guid::text AS guid`,
        [partidOf(b.partid), b.category, b.param, settingsDataJson(b.data)],
      );
      return reply.code(201).send(written(rows[0]?.guid ?? '', 'successfully created advanced settings'));
    },
  );

  app.put(
    '/advanced/:guid',
    {
      config: { auth: 'admin' },
      schema: { tags: TAGS, summary: 'Replace a global setting', params: GuidParams, body: SettingsBody },
    },
    async (request, reply) => {
      const b = request.body;
      const { rows } = await sql.query(
        `UPDATE global_settings SET partid = $1, category = $2, param = $3, data = $4 WHERE guid = $5 RETURNING id`,
        [partidOf(b.partid), b.category, b.param, settingsDataJson(b.data), request.params.guid],
      );
      if (rows.length === 0) throw notFound(`no setting with guid ${request.params.guid}`);
      return reply.code(200).send(written(request.params.guid, 'successfully updated advanced settings'));
    },
  );

  app.delete(
    '/advanced/:guid',
    {
      config: { auth: 'admin' },
      schema: { tags: TAGS, summary: 'Delete a global setting', params: GuidParams },
    },
    async (request, reply) => {
      const { rows } = await sql.query('DELETE FROM global_settings WHERE guid = $1 RETURNING id', [
        request.params.guid,
      ]);
      if (rows.length === 0) throw notFound(`no setting with guid ${request.params.guid}`);
      return reply.code(200).send(written(request.params.guid, 'successfully deleted advanced settings'));
    },
  );
};
