import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteContext } from './context.js';

const TAGS = ['system'];

/** Data-node list, module switches and the version routes the (HEPIC-shared) UI asks for. */
export const systemRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps }) => {
  app.get(
    '/database/node/list',
    { schema: { tags: TAGS, summary: 'Data nodes for the node selector (one: the local database)' } },
    async (_request, reply) =>
      reply.code(200).send({ count: 1, data: [{ value: 'localnode', name: 'LocalNode' }] }),
  );

  app.get(
    '/modules/status',
    { schema: { tags: TAGS, summary: 'Optional modules (Loki is not built in)' } },
    async (_request, reply) =>
      reply.code(200).send({
        message: 'successfully loaded modules status',
        data: { loki: { enable: false, template: '', external_url: '' } },
      }),
  );

  // homer-ui calls these (HEPIC endpoints homer-app lacks); one version for API and bundled UI.
  for (const part of ['api', 'ui'] as const) {
    app.get(
      `/version/${part}/info`,
      { schema: { tags: TAGS, summary: `Version of the ${part === 'api' ? 'API' : 'UI'} (homer-ts)` } },
      async (_request, reply) => reply.code(200).send({ data: { version: deps.version, name: 'homer-ts' } }),
    );
  }
};
