#!/usr/bin/env -S node --max-semi-space-size=64
import { parseArgs, UsageError } from './cli/args.js';
import { helpText } from './cli/help.js';
import { packageVersion } from './cli/version.js';
import { ConfigError, loadConfig, type HomerConfig } from './config/index.js';
import { startHomer, type Roles } from './server.js';
import { openStorage } from './storage/open.js';
import { createLogger, type Logger } from './telemetry/logger.js';

/** The only composition root: arguments → config → roles → signals → drain. */
async function main(argv: readonly string[]): Promise<number> {
  let args;
  let config: HomerConfig;
  try {
    args = parseArgs(argv);
    if (args.command === 'help') {
      process.stdout.write(helpText(packageVersion()) + '\n');
      return 0;
    }
    if (args.command === 'version') {
      process.stdout.write(packageVersion() + '\n');
      return 0;
    }
    config = loadConfig({
      flags: args.flags,
      env: process.env,
      ...(args.configFile ? { file: args.configFile } : {}),
    });
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`homer: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  if (args.command === 'migrate') return migrate(config, logger);
  return serve(config, logger, { capture: args.command !== 'api', api: args.command !== 'capture' });
}

async function migrate(config: HomerConfig, logger: Logger): Promise<number> {
  const storage = await openStorage(config, logger);
  try {
    await storage.migrate();
    const report = await storage.maintain(Date.now());
    logger.info(report, 'schema ready');
    return 0;
  } finally {
    await storage.close();
  }
}

async function serve(config: HomerConfig, logger: Logger, roles: Roles): Promise<number> {
  const homer = await startHomer(config, logger, roles);
  logger.info({ database: homer.storage.kind }, 'homer-ts started');
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'stopping: draining queued rows');
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  await homer.stop();
  logger.info('stopped');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`homer: ${message}\n`);
    process.exitCode = 1;
  },
);
