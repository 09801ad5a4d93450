import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { SqlClient } from '../../storage/types.js';
import { parseAliasInput, type AliasInput } from '../config/alias-input.js';
import { ALIAS_COLUMNS, toAliasRecord, type AliasRecord } from '../config/alias-resolver.js';
import { GuidParams, written } from '../config/route-schemas.js';
import { badRequest, notFound } from '../http/errors.js';
import type { RouteContext } from './context.js';

const TAGS = ['alias'];

const AliasBody = Type.Object(
  {
    alias: Type.String({ minLength: 1, maxLength: 250 }),
    ip: Type.String({ minLength: 1, maxLength: 60 }),
    port: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    mask: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    captureID: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    status: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);

const MAX_IMPORT = 10_000;

async function insertAlias(sql: SqlClient, a: AliasInput): Promise<string> {
  const { rows } = await sql.query<{ guid: string }>(
    `INSERT INTO alias (guid, alias, ip, port, mask, "captureID", status)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING guid::text AS guid`,
    [a.alias, a.ip, a.port, a.mask, a.captureID, a.status],
  );
  return rows[0]?.guid ?? '';
}

/** `alias`: names for IP ranges (CIDR, port, capture id) shown in results and call flows. */
export const aliasRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, aliases }) => {
  const sql = deps.storage.configSql;
  const all = async (): Promise<AliasRecord[]> => {
    const { rows } = await sql.query<Record<string, unknown>>(
      `SELECT ${ALIAS_COLUMNS} FROM alias ORDER BY guid`,
    );
    return rows.map(toAliasRecord);
  };

  app.get(
    '/alias',
    { schema: { tags: TAGS, summary: 'All aliases (ordered by guid, as homer-app)' } },
    async (_r, reply) => {
      const rows = await all();
      return reply.code(201).send({ count: rows.length, data: rows });
    },
  );

  app.get(
    '/alias/export',
    { schema: { tags: TAGS, summary: 'All aliases as a JSON array for /alias/import' } },
    async (_request, reply) => {
      const rows = await all();
      const data = rows.map(({ alias, ip, port, mask, captureID, status }) => ({
        alias,
        ip,
        port,
        mask,
        captureID,
        status,
      }));
      return reply.code(200).header('content-disposition', 'attachment; filename=aliases.json').send(data);
    },
  );

  app.post(
    '/alias/import',
    {
      config: { auth: 'admin' },
      schema: {
        tags: TAGS,
        summary: 'Add aliases from a JSON array (all or none)',
        body: Type.Union([Type.Array(Type.Unknown()), Type.Object({ data: Type.Array(Type.Unknown()) })]),
      },
    },
    async (request, reply) => {
      const items = Array.isArray(request.body) ? request.body : request.body.data;
      if (items.length > MAX_IMPORT) throw badRequest(`body holds more than ${MAX_IMPORT} aliases`);
      const inputs = items.map((item, i) => parseAliasInput(item, `body.${i}`));
      await deps.storage.configSql.transaction(async (tx) => {
        for (const a of inputs) await insertAlias(tx, a);
      });
      aliases.invalidate();
      return reply
        .code(201)
        .send({ data: { inserted: inputs.length }, message: 'successfully imported aliases' });
    },
  );

  app.post(
    '/alias',
    { config: { auth: 'admin' }, schema: { tags: TAGS, summary: 'Add an alias', body: AliasBody } },
    async (request, reply) => {
      const guid = await insertAlias(sql, parseAliasInput(request.body));
      aliases.invalidate();
      return reply.code(201).send(written(guid, 'successfully created alias'));
    },
  );

  app.put(
    '/alias/:guid',
    {
      config: { auth: 'admin' },
      schema: { tags: TAGS, summary: 'Replace an alias', params: GuidParams, body: AliasBody },
    },
    async (request, reply) => {
      const a = parseAliasInput(request.body);
      const { rows } = await sql.query(
        `UPDATE alias SET alias = $1, ip = $2, port = $3, mask = $4, "captureID" = $5, status = $6
         WHERE guid = $7 RETURNING id`,
        [a.alias, a.ip, a.port, a.mask, a.captureID, a.status, request.params.guid],
      );
      if (rows.length === 0) throw notFound(`no alias with guid ${request.params.guid}`);
      aliases.invalidate();
      return reply.code(201).send(written(request.params.guid, 'successfully updated alias'));
    },
  );

  app.delete(
    '/alias/:guid',
    { config: { auth: 'admin' }, schema: { tags: TAGS, summary: 'Delete an alias', params: GuidParams } },
    async (request, reply) => {
      const { rows } = await sql.query('DELETE FROM alias WHERE guid = $1 RETURNING id', [
        request.params.guid,
      ]);
      if (rows.length === 0) throw notFound(`no alias with guid ${request.params.guid}`);
      aliases.invalidate();
      return reply.code(201).send(written(request.params.guid, 'successfully deleted alias'));
    },
  );
};
