import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError, badRequest, unavailable } from '../http/errors.js';
import { prometheusApiBase } from '../settings/prometheus-source.js';
import { callUpstream, UpstreamError, upstreamJson } from '../settings/upstream.js';
import type { RouteContext } from './context.js';

const TAGS = ['prometheus'];
const WHAT = 'Prometheus';

const ValueBody = Type.Object(
  {
    param: Type.Object(
      {
        precision: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
        metrics: Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), { minItems: 1, maxItems: 20 }),
      },
      { additionalProperties: true },
    ),
    timestamp: Type.Object({ from: Type.Integer({ minimum: 0 }), to: Type.Integer({ minimum: 0 }) }),
  },
  { additionalProperties: true },
);

/** Prometheus answers errors (bad PromQL, too many points) as JSON with 4xx; those pass through. */
function promJson(reply: { status: number; contentType: string; body: Buffer }): unknown {
  if (reply.status >= 500) throw new UpstreamError(`${WHAT} answered HTTP ${reply.status}`);
  return upstreamJson(WHAT, reply);
}

function dataArray(json: unknown): unknown[] {
  const data = (json as { data?: unknown } | null)?.data;
  return Array.isArray(data) ? data : [];
}

/**
 * `prometheus/*`: PromQL range queries and label discovery proxied to the configured Prometheus
 * (`HOMER_PROMETHEUS_URL`, else the `search/promserver` setting), shaped as homer-app returns them.
 */
export const prometheusRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, settings }) => {
  const base = async (): Promise<string> => {
    const url = await prometheusApiBase(settings.prometheusUrl, deps.storage.configSql);
    if (!url) {
      throw unavailable(
        'Prometheus is not configured: set HOMER_PROMETHEUS_URL or the search/promserver setting',
      );
    }
    return url;
  };
  const get = async (url: string): Promise<unknown> => {
    try {
      return promJson(await callUpstream(WHAT, url));
    } catch (err) {
      if (err instanceof UpstreamError) throw new ApiError(503, err.message);
      throw err;
    }
  };

  app.post(
    '/prometheus/value',
    {
      schema: {
        tags: TAGS,
        summary: 'One query_range per PromQL expression; a JSON array of the Prometheus replies',
        body: ValueBody,
      },
    },
    async (request, reply) => {
      const { param, timestamp } = request.body;
      if (timestamp.from >= timestamp.to) throw badRequest('timestamp.from must be before timestamp.to');
      const api = await base();
      const step = param.precision ?? 60;
      const results: unknown[] = [];
      for (const metric of param.metrics) {
        const query = new URLSearchParams({
          query: metric,
          start: String(Math.floor(timestamp.from / 1000)),
          end: String(Math.floor(timestamp.to / 1000)),
          step: String(step),
        });
        results.push(await get(`${api}/query_range?${query.toString()}`));
      }
      return reply.code(201).send(results);
    },
  );

  app.post(
    '/prometheus/data',
    {
      schema: {
        tags: TAGS,
        summary: 'Stub kept for homer-app compatibility',
        body: Type.Optional(Type.Unknown()),
      },
    },
    async (_request, reply) => reply.code(201).send({}),
  );

  app.get(
    '/prometheus/labels',
    { schema: { tags: TAGS, summary: 'All metric names (label __name__ values)' } },
    async (_request, reply) =>
      reply.code(201).send(dataArray(await get(`${await base()}/label/__name__/values`))),
  );

  app.get(
    '/prometheus/label/:userlabel',
    {
      schema: {
        tags: TAGS,
        summary: 'Series (label sets) of one metric selector',
        params: Type.Object({ userlabel: Type.String({ minLength: 1, maxLength: 1024 }) }),
      },
    },
    async (request, reply) => {
      const query = new URLSearchParams({ 'match[]': request.params.userlabel });
      return reply.code(201).send(dataArray(await get(`${await base()}/series?${query.toString()}`)));
    },
  );
};
