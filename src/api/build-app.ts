import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import { opsRoutes } from './routes/ops.js';

export interface AppDeps {
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** True when the database answers (for /ready). */
  readonly ready: () => Promise<boolean>;
  readonly version: string;
}

/** Builds the HTTP app (no `listen`): the composition root decides where it listens. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Scrapes of /metrics every few seconds would drown the log; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });
  await app.register(opsRoutes, deps);
  return app;
}
