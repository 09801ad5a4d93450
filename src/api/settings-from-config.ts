import type { HomerConfig } from '../config/index.js';
import type { Storage } from '../storage/types.js';
import type { Logger } from '../telemetry/logger.js';
import { ensureAdminUser } from './auth/bootstrap.js';
import { loadOrCreateSecret } from './auth/secrets.js';
import type { ApiSettings } from './deps.js';

/**
 * Prepares the API role on a migrated database: the JWT secret (configured, or generated once and
 * kept) and the first admin user.
 */
export async function prepareApi(
  config: HomerConfig,
  storage: Storage,
  logger: Logger,
): Promise<ApiSettings> {
  const jwtSecret =
    config.jwtSecret !== '' ? config.jwtSecret : await loadOrCreateSecret(storage.configSql, 'jwt_secret');
  await ensureAdminUser(storage.configSql, config.adminPassword, logger);
  return {
    jwtSecret,
    jwtExpireMinutes: config.jwtExpireMinutes,
    apiTokens: config.apiTokens,
    loginRateLimit: config.loginRateLimit,
    prometheusUrl: config.prometheusUrl,
    influxdbUrl: config.influxdbUrl,
  };
}
