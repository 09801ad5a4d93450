import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isPlainObject, parseJsonColumn } from '../config/json-column.js';
import { GuidParams, Uuid, written } from '../config/route-schemas.js';
import { ApiError, notFound } from '../http/errors.js';
import { agentPayload, searchEntry, type HepsubMapping } from '../settings/agent-request.js';
import { callUpstream, UpstreamError, upstreamJson } from '../settings/upstream.js';
import type { RouteContext } from './context.js';

const TAGS = ['agent'];

const COLUMNS = `id, guid::text AS uuid, gid, host, port, protocol, path, node, type, active,
  to_char(create_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS create_date,
  to_char(expire_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expire_date`;

/** Host names and IP literals only: the agent URL is built from these fields. */
const Host = Type.String({
  minLength: 1,
  maxLength: 250,
  pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.\\-_]+|[0-9A-Fa-f:.]+)$',
});
const Path = Type.String({ maxLength: 250, pattern: "^(/[A-Za-z0-9._~!$&'()*+,;=:@%\\-]*)*$" });

const AgentBody = Type.Object(
  {
    uuid: Type.Optional(Uuid),
    gid: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
    host: Host,
    port: Type.Integer({ minimum: 1, maximum: 65_535 }),
    protocol: Type.Optional(Type.Union([Type.Literal('http'), Type.Literal('https')])),
    path: Type.Optional(Path),
    node: Type.Optional(Type.String({ maxLength: 100 })),
    type: Type.Optional(Type.String({ maxLength: 200 })),
    ttl: Type.Optional(Type.Integer({ minimum: 1, maximum: 31_536_000 })),
  },
  { additionalProperties: true },
);

interface AgentRow {
  uuid: string;
  host: string;
  port: number;
  protocol: string;
  path: string;
  node: string;
  type: string;
}

function toRecord(row: Record<string, unknown>): Record<string, unknown> {
  return { ...row, id: Number(row.id), gid: Number(row.gid ?? 0), port: Number(row.port ?? 0) };
}

/** Escapes `%`, `_` and `\` so a type filter is matched literally inside `LIKE '%…%'`. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `agent/*`: HEPSUB agents register here and the call window asks them for extra data. */
export const agentRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps }) => {
  const sql = deps.storage.configSql;
  const select = async (where = '', params: unknown[] = []) => {
    const { rows } = await sql.query<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM agent_location_session ${where} ORDER BY guid`,
      params,
    );
    return rows.map(toRecord);
  };

  app.post(
    '/agent/subscribe',
    {
      config: { auth: 'token' },
      schema: {
        tags: TAGS,
        summary: 'Agent registration (needs an Auth-Token header); replaces the row with the same uuid',
        body: AgentBody,
      },
    },
    async (request, reply) => {
      const b = request.body;
      const ttl = b.ttl ?? 300;
      const { rows } = await deps.storage.configSql.transaction(async (tx) => {
        if (b.uuid) await tx.query('DELETE FROM agent_location_session WHERE guid = $1', [b.uuid]);
        return tx.query<{ uuid: string; expire_date: string; expire_ts: string }>(
          `INSERT INTO agent_location_session (guid, gid, host, port, protocol, path, node, type, expire_date, active)
           VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, now() + make_interval(secs => $9), 1)
           RETURNING guid::text AS uuid,
             to_char(expire_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expire_date,
             floor(extract(epoch FROM expire_date))::bigint::text AS expire_ts`,
          [
            b.uuid ?? null,
            b.gid ?? 0,
            b.host,
            b.port,
            b.protocol ?? 'http',
            b.path ?? '/api/search',
            b.node ?? '',
            b.type ?? '',
            ttl,
          ],
        );
      });
      const row = rows[0];
      return reply.code(201).send({
        message: 'successfully created agent record',
        data: { expire_date: row?.expire_date, expire_ts: Number(row?.expire_ts), uuid: row?.uuid },
      });
    },
  );

  for (const path of ['/agent/subscribe', '/agent/type']) {
    app.get(path, { schema: { tags: TAGS, summary: 'All registered agents' } }, async (_request, reply) =>
      reply.code(200).send({ message: 'agent records', data: await select() }),
    );
  }

  app.get(
    '/agent/type/:type',
    {
      schema: {
        tags: TAGS,
        summary: 'Unexpired agents whose type contains :type',
        params: Type.Object({ type: Type.String({ maxLength: 200 }) }),
      },
    },
    async (request, reply) =>
      reply.code(200).send({
        message: 'agent records',
        data: await select(`WHERE expire_date > now() AND type LIKE $1`, [likeContains(request.params.type)]),
      }),
  );

  app.get(
    '/agent/subscribe/:guid',
    { schema: { tags: TAGS, summary: 'One agent', params: GuidParams } },
    async (request, reply) => {
      const data = await select('WHERE guid = $1', [request.params.guid]);
      if (data.length === 0) throw notFound(`no agent with uuid ${request.params.guid}`);
      return reply.code(200).send({ message: 'agent record', data });
    },
  );

  app.put(
    '/agent/subscribe/:guid',
    {
      config: { auth: 'admin' },
      schema: { tags: TAGS, summary: 'Change an agent', params: GuidParams, body: AgentBody },
    },
    async (request, reply) => {
      const b = request.body;
      const { rows } = await sql.query(
        `UPDATE agent_location_session SET gid = $1, host = $2, port = $3, protocol = $4, path = $5, node = $6,
           type = $7, expire_date = CASE WHEN $8::int IS NULL THEN expire_date ELSE now() + make_interval(secs => $8::int) END
         WHERE guid = $9 RETURNING id`,
        [
          b.gid ?? 0,
          b.host,
          b.port,
          b.protocol ?? 'http',
          b.path ?? '/api/search',
          b.node ?? '',
          b.type ?? '',
          b.ttl ?? null,
          request.params.guid,
        ],
      );
      if (rows.length === 0) throw notFound(`no agent with uuid ${request.params.guid}`);
      return reply.code(200).send(written(request.params.guid, 'successfully updated agent record'));
    },
  );

  app.delete(
    '/agent/subscribe/:guid',
    {
      config: { auth: 'admin' },
      schema: { tags: TAGS, summary: 'Delete an agent, and every expired one', params: GuidParams },
    },
    async (request, reply) => {
      await sql.query('DELETE FROM agent_location_session WHERE guid = $1 OR expire_date < now()', [
        request.params.guid,
      ]);
      return reply.code(200).send(written(request.params.guid, 'successfully deleted agent record'));
    },
  );

  app.post(
    '/agent/search/:guid/:type',
    {
      schema: {
        tags: TAGS,
        summary: "Ask an agent about a call (the hepsub mapping's lookup_field, or the body as is)",
        params: Type.Object({ guid: Uuid, type: Type.String({ pattern: '^[A-Za-z0-9_\\-]{1,100}$' }) }),
        body: Type.Optional(Type.Unknown()),
      },
    },
    async (request, reply) => {
      const { guid, type } = request.params;
      const { rows } = await sql.query<AgentRow>(
        `SELECT guid::text AS uuid, host, port, protocol, path, node, type FROM agent_location_session
          WHERE guid = $1 AND expire_date > now() AND type LIKE $2 LIMIT 1`,
        [guid, likeContains(type === 'download' ? '' : type)],
      );
      const agent = rows[0];
      if (!agent) throw notFound(`no live agent ${guid} of type ${type}`);

      let mapping: HepsubMapping | undefined;
      const entry = searchEntry(request.body);
      const match = entry ? /^(\d+)_([a-z0-9_]+)$/.exec(entry.key) : null;
      if (match) {
        const found = await sql.query<{ mapping: unknown }>(
          'SELECT mapping FROM hepsub_mapping_schema WHERE hepid = $1 AND profile = $2 ORDER BY id LIMIT 1',
          [match[1], match[2]],
        );
        const parsed = parseJsonColumn(found.rows[0]?.mapping);
        mapping = isPlainObject(parsed) ? parsed : undefined;
      }

      const url = `${agent.protocol}://${agent.host}:${agent.port}${agent.path}/${type}`;
      try {
        const answer = await callUpstream('the agent', url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: agentPayload(request.body, mapping),
        });
        if (answer.status >= 400)
          throw new UpstreamError(`the agent at ${url} answered HTTP ${answer.status}`);
        if (type === 'download') {
          return reply
            .code(200)
            .header('content-type', 'application/octet-stream')
            .header('content-disposition', `attachment; filename=agent-${guid}.pcap`)
            .send(answer.body);
        }
        const data = upstreamJson('the agent', answer);
        return reply.code(201).send({ message: 'request answer', node: agent.node, uuid: agent.uuid, data });
      } catch (err) {
        if (err instanceof UpstreamError) throw new ApiError(502, err.message);
        throw err;
      }
    },
  );
};
