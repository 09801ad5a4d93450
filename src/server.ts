import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/build-app.js';
import { createRowImporter } from './api/import-rows.js';
import { prepareApi } from './api/settings-from-config.js';
import { defaultWebDir } from './api/web-ui.js';
import { sipDecoderOptions } from './decoders/options-from-config.js';
import { startCapture, type CaptureService } from './capture/capture-service.js';
import { packageVersion } from './cli/version.js';
import type { HomerConfig } from './config/index.js';
import { openStorage } from './storage/open.js';
import type { Storage } from './storage/types.js';
import type { Logger } from './telemetry/logger.js';
import { createMetrics, type Metrics } from './telemetry/metrics.js';

export interface RunningHomer {
  readonly storage: Storage;
  readonly metrics: Metrics;
  /** Absent when the capture role is off (`homer api`). */
  readonly capture?: CaptureService;
  readonly http?: { readonly app: FastifyInstance; readonly port: number; readonly address: string };
  stop(): Promise<void>;
}

/** Which roles run in this process: `serve` = both, `capture` and `api` = one each. */
export interface Roles {
  readonly capture: boolean;
  readonly api: boolean;
}

/**
 * Starts homer-ts in this process: storage (migrated), capture, and the HTTP endpoints. The CLI and
 * the integration tests both use it, so what the tests start is what users run.
 */
export async function startHomer(
  config: HomerConfig,
  logger: Logger,
  roles: Roles = { capture: true, api: true },
): Promise<RunningHomer> {
  const metrics = createMetrics();
  const storage = await openStorage(config, logger.child({ component: 'storage' }));
  try {
    await storage.migrate();
    metrics.storageUp.set(1);
  } catch (err) {
    await storage.close();
    throw err;
  }
  const api = roles.api ? await prepareApi(config, storage, logger) : undefined;
  const capture = roles.capture ? await startCapture({ config, storage, metrics, logger }) : undefined;
  let http: RunningHomer['http'];
  if (config.http) {
    const app = await buildApp({
      storage,
      metrics,
      logger,
      ready: () => storage.ping(),
      version: packageVersion(),
      ...(api
        ? {
            api,
            importRows: createRowImporter(storage.writer),
            webDir: defaultWebDir(),
            sipDecoder: sipDecoderOptions(config),
            onMappingsChanged: () => {
              capture
                ?.reloadMappings()
                .catch((err: unknown) => logger.warn({ err }, 'mapping reload failed'));
            },
          }
        : {}),
    });
    await app.listen({ host: config.http.host, port: config.http.port });
    const bound = app.server.address();
    const port = bound && typeof bound === 'object' ? bound.port : config.http.port;
    const address = bound && typeof bound === 'object' ? bound.address : config.http.host;
    http = { app, port, address };
    logger.info({ address, port, api: api !== undefined }, 'HTTP listening');
  }
  let stopped: Promise<void> | undefined;
  return {
    storage,
    metrics,
    capture,
    http,
    stop(): Promise<void> {
      stopped ??= (async () => {
        await http?.app.close();
        await capture?.stop();
        await storage.close();
      })();
      return stopped;
    },
  };
}
