import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { authPlugin } from './auth/plugin.js';
import { AliasResolver } from './config/alias-resolver.js';
import { MappingStore } from './config/mapping-store.js';
import type { ApiDeps } from './deps.js';
import { installErrorHandler } from './http/errors.js';
import { registerOpenApi } from './openapi.js';
import { API_ROUTE_GROUPS } from './routes/index.js';
import { opsRoutes } from './routes/ops.js';
import { registerWebUi } from './web-ui.js';

export type { ApiDeps, ApiSettings } from './deps.js';

/** API bodies are small JSON; a pcap import has its own multipart limit. */
const BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Builds the HTTP app (no `listen`): ops endpoints always, `/api/v3` and its OpenAPI document when
 * `deps.api` is given. The composition root decides where it listens.
 */
export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Scrapes of /metrics every few seconds would drown the log; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
  }).withTypeProvider<TypeBoxTypeProvider>();
  const ui = deps.webDir ? await registerWebUi(app, deps.webDir) : false;
  installErrorHandler(app, ui);
  await app.register(opsRoutes, deps);
  const settings = deps.api;
  if (settings) {
    await registerOpenApi(app, deps.version);
    const context = {
      deps,
      settings,
      mappings: new MappingStore(deps.storage.configSql),
      aliases: new AliasResolver(deps.storage.configSql),
    };
    await app.register(
      async (api) => {
        await api.register(authPlugin, { sql: deps.storage.configSql, settings });
        for (const group of API_ROUTE_GROUPS) await api.register(group, context);
      },
      { prefix: '/api/v3' },
    );
  }
  return app;
}
