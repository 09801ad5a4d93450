import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../deps.js';

const healthSchema = {
  response: {
    200: {
      type: 'object',
      properties: { status: { type: 'string' }, version: { type: 'string' } },
      required: ['status'],
    },
    503: {
      type: 'object',
      properties: { status: { type: 'string' }, reason: { type: 'string' } },
      required: ['status'],
    },
  },
} as const;

/**
 * Operational endpoints: `/health` (the process is up), `/ready` (the database answers) and
 * `/metrics` (Prometheus text format). heplify-server had no health endpoint at all.
 */
export const opsRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  app.get('/health', { schema: healthSchema }, async () => ({ status: 'up', version: deps.version }));

  app.get('/ready', { schema: healthSchema }, async (_request, reply) => {
    let ok: boolean;
    try {
      ok = await deps.ready();
    } catch {
      ok = false;
    }
    if (ok) return { status: 'ready', version: deps.version };
    return reply.code(503).send({ status: 'not_ready', reason: 'database unreachable' });
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(body);
  });
};
