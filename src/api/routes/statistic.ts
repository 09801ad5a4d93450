import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError, badRequest, unavailable } from '../http/errors.js';
import {
  buildShowKeys,
  buildStatisticQuery,
  quoteIdentifier,
  type StatisticQuery,
} from '../settings/influxql.js';
import { callUpstream, UpstreamError, upstreamJson } from '../settings/upstream.js';
import type { RouteContext } from './context.js';

const TAGS = ['statistic'];
const WHAT = 'InfluxDB';

const QueryItem = Type.Object(
  {
    main: Type.Optional(Type.String({ maxLength: 128 })),
    database: Type.Optional(Type.String({ maxLength: 128 })),
    retention: Type.Optional(Type.String({ maxLength: 128 })),
    type: Type.Optional(Type.Array(Type.String({ maxLength: 128 }))),
    tag: Type.Optional(Type.Array(Type.String({ maxLength: 128 }))),
  },
  { additionalProperties: true },
);

const StatisticBody = Type.Object(
  {
    param: Type.Object(
      { limit: Type.Optional(Type.Integer()), query: Type.Array(QueryItem, { minItems: 1, maxItems: 20 }) },
      { additionalProperties: true },
    ),
    timestamp: Type.Object({ from: Type.Integer(), to: Type.Integer() }),
  },
  { additionalProperties: true },
);

const DiscoveryBody = Type.Object(
  {
    param: Type.Object(
      {
        search: Type.Optional(
          Type.Object({ database: Type.Optional(Type.String()) }, { additionalProperties: true }),
        ),
        query: Type.Optional(Type.Array(QueryItem)),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
);

function firstQuery(body: { param: { query?: StatisticQuery[] } }): StatisticQuery {
  const q = body.param.query?.[0];
  if (!q) throw badRequest('param.query.0 is required');
  return q;
}

/**
 * `statistic/*`: InfluxDB 1.x charts and schema discovery, proxied to `HOMER_INFLUXDB_URL` with
 * InfluxQL built from validated, quoted names only.
 */
export const statisticRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { settings }) => {
  const influx = async (q: string, db?: string): Promise<unknown> => {
    const base = settings.influxdbUrl.trim().replace(/\/+$/, '');
    if (!/^https?:\/\//i.test(base)) throw unavailable('InfluxDB is not configured: set HOMER_INFLUXDB_URL');
    const params = new URLSearchParams({ q, epoch: 'ms' });
    if (db) params.set('db', db);
    try {
      const reply = await callUpstream(WHAT, `${base}/query?${params.toString()}`);
      if (reply.status >= 500) throw new UpstreamError(`${WHAT} answered HTTP ${reply.status}`);
      return upstreamJson(WHAT, reply);
    } catch (err) {
      if (err instanceof UpstreamError) throw new ApiError(503, err.message);
      throw err;
    }
  };
  /** homer-app's envelope: `{total, status, data:<influx reply>}`. */
  const envelope = (json: unknown) => {
    const results = (json as { results?: unknown[] } | null)?.results;
    return { total: Array.isArray(results) ? results.length : 0, status: 'ok', data: json };
  };

  app.post(
    '/statistic/data',
    {
      schema: {
        tags: TAGS,
        summary: 'Mean of fields per time bucket, one statement per query',
        body: StatisticBody,
      },
    },
    async (request, reply) => {
      const { param, timestamp } = request.body;
      const q = buildStatisticQuery(param.query, timestamp.from, timestamp.to, param.limit ?? 200);
      return reply.code(201).send(envelope(await influx(q)));
    },
  );

  app.get('/statistic/_db', { schema: { tags: TAGS, summary: 'SHOW DATABASES' } }, async (_request, reply) =>
    reply.code(201).send(envelope(await influx('SHOW DATABASES'))),
  );

  app.post(
    '/statistic/_retentions',
    {
      schema: {
        tags: TAGS,
        summary: 'SHOW RETENTION POLICIES of param.search.database',
        body: DiscoveryBody,
      },
    },
    async (request, reply) => {
      const db = request.body.param.search?.database;
      const q = `SHOW RETENTION POLICIES ON ${quoteIdentifier(db, 'param.search.database')}`;
      return reply.code(201).send(envelope(await influx(q)));
    },
  );

  app.get(
    '/statistic/_measurements/:dbid',
    {
      schema: {
        tags: TAGS,
        summary: 'SHOW MEASUREMENTS of a database',
        params: Type.Object({ dbid: Type.String({ maxLength: 128 }) }),
      },
    },
    async (request, reply) => {
      const q = `SHOW MEASUREMENTS ON ${quoteIdentifier(request.params.dbid, 'dbid')}`;
      return reply.code(201).send(envelope(await influx(q)));
    },
  );

  app.post(
    '/statistic/_metrics',
    { schema: { tags: TAGS, summary: 'SHOW FIELD KEYS of param.query[0]', body: DiscoveryBody } },
    async (request, reply) =>
      reply
        .code(201)
        .send(envelope(await influx(buildShowKeys('FIELD', firstQuery(request.body), 'param.query.0')))),
  );

  app.post(
    '/statistic/_tags',
    { schema: { tags: TAGS, summary: 'SHOW TAG KEYS of param.query[0]', body: DiscoveryBody } },
    async (request, reply) =>
      reply
        .code(201)
        .send(envelope(await influx(buildShowKeys('TAG', firstQuery(request.body), 'param.query.0')))),
  );
};
