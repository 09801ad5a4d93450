import { readFileSync } from 'node:fs';
import { HomerError } from '../errors.js';
import { isSettingError, SETTINGS, type HomerConfig, type SettingKey, type SettingSpec } from './settings.js';

export class ConfigError extends HomerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options);
  }
}

export interface ConfigSources {
  /** Parsed flags: setting flag (e.g. `--hep-udp`) → raw value. */
  readonly flags?: Readonly<Record<string, string>>;
  /** Environment, usually `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Path of a JSON config file (`--config`). */
  readonly file?: string;
}

const KEYS = Object.keys(SETTINGS) as SettingKey[];

function readFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${path} must hold a JSON object of settings`);
  }
  const known = new Set<string>(KEYS);
  for (const key of Object.keys(parsed)) {
    if (!known.has(key)) throw new ConfigError(`config file ${path}: unknown setting "${key}"`);
  }
  return parsed as Record<string, unknown>;
}

function apply<T>(spec: SettingSpec<T>, raw: unknown, origin: string): T {
  const value = spec.parse(raw);
  if (isSettingError(value)) {
    throw new ConfigError(`invalid ${origin}: ${value.error}`);
  }
  return value;
}

/**
 * Builds the configuration: defaults, then the file, then the environment, then flags — each later
 * source wins. The first invalid value stops with one line naming the setting where it came from.
 */
export function loadConfig(sources: ConfigSources = {}): HomerConfig {
  const file = sources.file ? readFile(sources.file) : {};
  const env = sources.env ?? {};
  const flags = sources.flags ?? {};
  const result: Record<string, unknown> = {};
  for (const key of KEYS) {
    const spec = SETTINGS[key] as SettingSpec<unknown>;
    let value: unknown = spec.defaultValue;
    if (key in file) value = apply(spec, file[key], `${key} in ${sources.file}`);
    const envValue = env[spec.env];
    if (envValue !== undefined) value = apply(spec, envValue, `${spec.env}=${JSON.stringify(envValue)}`);
    const flagValue = flags[spec.flag];
    if (flagValue !== undefined) value = apply(spec, flagValue, `${spec.flag}=${JSON.stringify(flagValue)}`);
    result[key] = value;
  }
  validateTogether(result as HomerConfig);
  return Object.freeze(result) as HomerConfig;
}

function validateTogether(config: HomerConfig): void {
  if ((config.tlsCert === '') !== (config.tlsKey === '')) {
    throw new ConfigError('invalid HOMER_TLS_CERT/HOMER_TLS_KEY: set both or neither');
  }
  for (const entry of config.alegIds) {
    const comma = entry.indexOf(',');
    if (comma < 0) continue;
    try {
      new RegExp(entry.slice(comma + 1));
    } catch (err) {
      throw new ConfigError(`invalid HOMER_ALEG_IDS entry "${entry}": ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  if (config.configDbUrl !== '' && config.dbUrl === '') {
    throw new ConfigError('invalid HOMER_CONFIG_DB_URL: a separate config database needs HOMER_DB_URL too');
  }
}

/** Flag names of every setting, for the CLI parser. */
export function settingFlags(): string[] {
  return KEYS.map((key) => SETTINGS[key].flag);
}
