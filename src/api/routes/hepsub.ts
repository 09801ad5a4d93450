import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isPlainObject, jsonFromBody, parseJsonColumn } from '../config/json-column.js';
import { GuidParams, written } from '../config/route-schemas.js';
import { badRequest, notFound } from '../http/errors.js';
import type { RouteContext } from './context.js';

const TAGS = ['hepsub'];

const COLUMNS = `id, guid::text AS guid, profile, hepid, hep_alias, version, mapping,
  to_char(create_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS create_date`;

const HepsubBody = Type.Object(
  {
    profile: Type.String({ minLength: 1, maxLength: 100 }),
    hepid: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1, maxLength: 250 })]),
    hep_alias: Type.Optional(Type.String({ maxLength: 250 })),
    version: Type.Optional(Type.Union([Type.Integer(), Type.String({ maxLength: 50 })])),
    mapping: Type.Unknown(),
  },
  { additionalProperties: true },
);

function toRecord(row: Record<string, unknown>): Record<string, unknown> {
  return { ...row, id: Number(row.id), mapping: parseJsonColumn(row.mapping) ?? {} };
}

function mappingJson(value: unknown): string {
  const mapping = jsonFromBody(value);
  if (!isPlainObject(mapping)) throw badRequest('body.mapping must be a JSON object');
  return JSON.stringify(mapping);
}

/** `hepsub/protocol`: how to ask external agents (HEPSUB) about a call; `hepsub/search` stub. */
export const hepsubRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps }) => {
  const sql = deps.storage.configSql;
  const select = async (where = '', params: unknown[] = []) => {
    const { rows } = await sql.query<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM hepsub_mapping_schema ${where} ORDER BY id`,
      params,
    );
    const data = rows.map(toRecord);
    return { count: data.length, data };
  };

  app.get('/hepsub/protocol', { schema: { tags: TAGS, summary: 'All HEPSUB mappings' } }, async (_r, reply) =>
    reply.code(200).send(await select()),
  );

  app.get(
    '/hepsub/protocol/:id/:transaction',
    {
      schema: {
        tags: TAGS,
        summary: 'HEPSUB mappings of one hepid and profile',
        params: Type.Object({
          id: Type.String({ maxLength: 250 }),
          transaction: Type.String({ maxLength: 100 }),
        }),
      },
    },
    async (request, reply) =>
      reply
        .code(200)
        .send(
          await select('WHERE hepid = $1 AND profile = $2', [request.params.id, request.params.transaction]),
        ),
  );

  app.get(
    '/hepsub/protocol/:guid',
    { schema: { tags: TAGS, summary: 'One HEPSUB mapping', params: GuidParams } },
    async (request, reply) => {
      const result = await select('WHERE guid = $1', [request.params.guid]);
      if (result.count === 0) throw notFound(`no hepsub mapping with guid ${request.params.guid}`);
      return reply.code(200).send(result);
    },
  );

  app.post(
    '/hepsub/protocol',
    { config: { auth: 'admin' }, schema: { tags: TAGS, summary: 'Add a HEPSUB mapping', body: HepsubBody } },
    async (request, reply) => {
      const b = request.body;
      const { rows } = await sql.query<{ guid: string }>(
        `INSERT INTO hepsub_mapping_schema (guid, profile, hepid, hep_alias, version, mapping)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5) RETURNING guid::text AS guid`,
        [b.profile, String(b.hepid), b.hep_alias ?? '', String(b.version ?? '1'), mappingJson(b.mapping)],
      );
      return reply.code(201).send(written(rows[0]?.guid ?? '', 'successfully created hepsub settings'));
    },
  );

  app.put(
    '/hepsub/protocol/:guid',
    {
      config: { auth: 'admin' },
      schema: { tags: TAGS, summary: 'Replace a HEPSUB mapping', params: GuidParams, body: HepsubBody },
    },
    async (request, reply) => {
      const b = request.body;
      const { rows } = await sql.query(
        `UPDATE hepsub_mapping_schema SET profile = $1, hepid = $2, hep_alias = $3, version = $4, mapping = $5
          WHERE guid = $6 RETURNING id`,
        [
          b.profile,
          String(b.hepid),
          b.hep_alias ?? '',
          String(b.version ?? '1'),
          mappingJson(b.mapping),
          request.params.guid,
        ],
      );
      if (rows.length === 0) throw notFound(`no hepsub mapping with guid ${request.params.guid}`);
      return reply.code(200).send(written(request.params.guid, 'successfully updated hepsub settings'));
    },
  );

  app.delete(
    '/hepsub/protocol/:guid',
    {
      config: { auth: 'admin' },
      schema: { tags: TAGS, summary: 'Delete a HEPSUB mapping', params: GuidParams },
    },
    async (request, reply) => {
      const { rows } = await sql.query('DELETE FROM hepsub_mapping_schema WHERE guid = $1 RETURNING id', [
        request.params.guid,
      ]);
      if (rows.length === 0) throw notFound(`no hepsub mapping with guid ${request.params.guid}`);
      return reply.code(200).send(written(request.params.guid, 'successfully deleted hepsub settings'));
    },
  );

  app.post(
    '/hepsub/search',
    {
      schema: {
        tags: TAGS,
        summary: 'Stub kept for homer-app compatibility (agents are queried via /agent/search)',
        body: Type.Optional(Type.Unknown()),
      },
    },
    async (_request, reply) =>
      reply.code(201).send({ data: 'empty', message: 'successfully created DoHepsubsearch' }),
  );
};
