import { parseListenAddress, type ListenAddress } from './address.js';

/**
 * Every setting homer-ts understands, in one table: its key in a config file, its environment
 * variable, its command-line flag, its default and how a text value becomes a typed one. The README
 * configuration reference is generated from the same descriptions (`homer --help`).
 */
export interface SettingSpec<T> {
  readonly key: string;
  readonly env: string;
  readonly flag: string;
  readonly description: string;
  readonly defaultValue: T;
  /** Turns a raw value (string from env/flags, any JSON value from a file) into T or an error text. */
  readonly parse: (raw: unknown) => T | SettingError;
}

export interface SettingError {
  readonly error: string;
}

export function isSettingError(value: unknown): value is SettingError {
  return typeof value === 'object' && value !== null && 'error' in value && Object.keys(value).length === 1;
}

function text(raw: unknown): string | SettingError {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return { error: `expected a string, got ${JSON.stringify(raw)}` };
}

const asString = (raw: unknown): string | SettingError => text(raw);

function asInt(min: number, max: number): (raw: unknown) => number | SettingError {
  return (raw) => {
    const value =
      typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isInteger(value)) return { error: `expected an integer, got ${JSON.stringify(raw)}` };
    if (value < min || value > max) return { error: `must be between ${min} and ${max}, got ${value}` };
    return value;
  };
}

function asBool(raw: unknown): boolean | SettingError {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  }
  return { error: `expected true or false, got ${JSON.stringify(raw)}` };
}

function asList(raw: unknown): string[] | SettingError {
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return raw.map((s) => s.trim());
  if (typeof raw === 'string') {
    return raw
      .split(/[,;\n]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  return { error: `expected a list of strings or a comma-separated string, got ${JSON.stringify(raw)}` };
}

/**
 * AlegIDs entries are regexes that may contain commas and semicolons, so in the environment they
 * are given as a JSON array or one entry per line; a file gives a JSON array.
 */
function asPatternList(raw: unknown): string[] | SettingError {
  if (Array.isArray(raw)) return asList(raw);
  if (typeof raw === 'string') {
    const value = raw.trim();
    if (value.startsWith('[')) {
      try {
        return asList(JSON.parse(value) as unknown);
      } catch {
        return { error: 'expected a JSON array of strings' };
      }
    }
    return value
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  return { error: `expected a JSON array of strings, got ${JSON.stringify(raw)}` };
}

function asAddress(raw: unknown): ListenAddress | null | SettingError {
  const value = text(raw);
  if (isSettingError(value)) return value;
  return parseListenAddress(value);
}

function asEnum<const T extends string>(values: readonly T[]): (raw: unknown) => T | SettingError {
  return (raw) => {
    const value = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
    return values.includes(value as T)
      ? (value as T)
      : { error: `expected one of ${values.join(', ')}, got ${JSON.stringify(raw)}` };
  };
}

function asDbUrl(raw: unknown): string | SettingError {
  const value = text(raw);
  if (isSettingError(value)) return value;
  const url = value.trim();
  if (url === '') return '';
  if (!/^postgres(ql)?:\/\//.test(url))
    return { error: `expected postgres://user@host:port/db or empty, got "${url}"` };
  try {
    new URL(url);
  } catch {
    return { error: `not a valid URL: "${url}"` };
  }
  return url;
}

function asHttpUrl(raw: unknown): string | SettingError {
  const value = text(raw);
  if (isSettingError(value)) return value;
  const url = value.trim();
  if (url === '') return '';
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  return { error: `expected an http(s) URL or empty, got "${url}"` };
}

function spec<T>(s: SettingSpec<T>): SettingSpec<T> {
  return s;
}

export const SETTINGS = {
  dbUrl: spec({
    key: 'dbUrl',
    env: 'HOMER_DB_URL',
    flag: '--db-url',
    description: 'PostgreSQL URL for capture data. Empty: embedded PGlite in the data dir.',
    defaultValue: '',
    parse: asDbUrl,
  }),
  configDbUrl: spec({
    key: 'configDbUrl',
    env: 'HOMER_CONFIG_DB_URL',
    flag: '--config-db-url',
    description:
      "PostgreSQL URL for homer-app's config tables (homer_config). Empty: same as the data database.",
    defaultValue: '',
    parse: asDbUrl,
  }),
  dataDir: spec({
    key: 'dataDir',
    env: 'HOMER_DATA_DIR',
    flag: '--data-dir',
    description: 'Folder for the embedded database and generated TLS keys.',
    defaultValue: './data',
    parse: asString,
  }),
  hepUdp: spec<ListenAddress | null>({
    key: 'hepUdp',
    env: 'HOMER_HEP_UDP',
    flag: '--hep-udp',
    description: 'HEP over UDP listen address (v1, v2, v3). Empty disables.',
    defaultValue: { host: '0.0.0.0', port: 9060 },
    parse: asAddress,
  }),
  hepTcp: spec<ListenAddress | null>({
    key: 'hepTcp',
    env: 'HOMER_HEP_TCP',
    flag: '--hep-tcp',
    description: 'HEPv3 over TCP listen address. Empty disables.',
    defaultValue: { host: '0.0.0.0', port: 9060 },
    parse: asAddress,
  }),
  hepTls: spec<ListenAddress | null>({
    key: 'hepTls',
    env: 'HOMER_HEP_TLS',
    flag: '--hep-tls',
    description: 'HEPv3 over TLS listen address. Empty disables.',
    defaultValue: { host: '0.0.0.0', port: 9061 },
    parse: asAddress,
  }),
  tlsCert: spec({
    key: 'tlsCert',
    env: 'HOMER_TLS_CERT',
    flag: '--tls-cert',
    description:
      'PEM certificate for the TLS listener. Empty: a self-signed pair is generated in the data dir.',
    defaultValue: '',
    parse: asString,
  }),
  tlsKey: spec({
    key: 'tlsKey',
    env: 'HOMER_TLS_KEY',
    flag: '--tls-key',
    description: 'PEM private key for the TLS listener (with HOMER_TLS_CERT).',
    defaultValue: '',
    parse: asString,
  }),
  http: spec<ListenAddress | null>({
    key: 'http',
    env: 'HOMER_HTTP',
    flag: '--http',
    description: 'HTTP listen address for /metrics, /health, /ready (and the API). Empty disables.',
    defaultValue: { host: '0.0.0.0', port: 9080 },
    parse: asAddress,
  }),
  capturePassword: spec({
    key: 'capturePassword',
    env: 'HOMER_CAPTURE_PASSWORD',
    flag: '--capture-password',
    description: 'When set, HEP packets whose auth key (chunk 0x000e) differs are rejected and counted.',
    defaultValue: '',
    parse: asString,
  }),
  udpReceiveBuffer: spec({
    key: 'udpReceiveBuffer',
    env: 'HOMER_UDP_RCVBUF',
    flag: '--udp-rcvbuf',
    description: 'UDP socket receive buffer in bytes asked from the kernel (capped by net.core.rmem_max).',
    defaultValue: 32 * 1024 * 1024,
    parse: asInt(0, 2 ** 31 - 1),
  }),
  udpReceive: spec({
    key: 'udpReceive',
    env: 'HOMER_UDP_RECEIVE',
    flag: '--udp-receive',
    description:
      'How UDP is read: recvmmsg (native batch receiver built by npm install; Linux), dgram (Node, one callback per datagram) or auto (recvmmsg when built, else dgram).',
    defaultValue: 'auto' as 'auto' | 'recvmmsg' | 'dgram',
    parse: asEnum(['auto', 'recvmmsg', 'dgram'] as const),
  }),
  batchSize: spec({
    key: 'batchSize',
    env: 'HOMER_BATCH_SIZE',
    flag: '--batch-size',
    description: 'Rows per database write (per table).',
    defaultValue: 1000,
    parse: asInt(1, 10_000),
  }),
  flushIntervalMs: spec({
    key: 'flushIntervalMs',
    env: 'HOMER_FLUSH_MS',
    flag: '--flush-ms',
    description: 'Longest time a row waits in a partial batch before it is written (ms).',
    defaultValue: 200,
    parse: asInt(1, 60_000),
  }),
  queueRows: spec({
    key: 'queueRows',
    env: 'HOMER_QUEUE_ROWS',
    flag: '--queue-rows',
    description:
      'Bound of the in-memory queue between decode and the database. When full, UDP rows are dropped (counted, reason queue_full) and TCP/TLS senders are paused.',
    defaultValue: 200_000,
    parse: asInt(1000, 10_000_000),
  }),
  dbPoolSize: spec({
    key: 'dbPoolSize',
    env: 'HOMER_DB_POOL',
    flag: '--db-pool',
    description: 'PostgreSQL connections writing batches in parallel.',
    // Measured with bench:ingest on 2 cores (docs/PERFORMANCE.md): with 4 connections instead of 2
    // the sustained write rate rose from 30.7 k to 33.2 k rows/s and 32 k pps kept pace (backlog
    // 21 k rows instead of 77 k). More batches in flight hide the round trips while the one Node
    // thread is busy receiving and decoding, so PostgreSQL stays busy.
    defaultValue: 4,
    parse: asInt(1, 64),
  }),
  dbInsertMethod: spec({
    key: 'dbInsertMethod',
    env: 'HOMER_DB_INSERT',
    flag: '--db-insert',
    description:
      'How batches reach PostgreSQL: insert (prepared multi-row INSERT), copy (COPY FROM STDIN text) or binary (COPY binary).',
    defaultValue: 'binary' as 'insert' | 'copy' | 'binary',
    parse: asEnum(['insert', 'copy', 'binary'] as const),
  }),
  dbSynchronousCommit: spec({
    key: 'dbSynchronousCommit',
    env: 'HOMER_DB_SYNC_COMMIT',
    flag: '--db-sync-commit',
    description:
      'PostgreSQL synchronous_commit for the writer sessions (off trades the last ~0.6 s on a crash for speed).',
    defaultValue: true,
    parse: asBool,
  }),
  partitionAheadHours: spec({
    key: 'partitionAheadHours',
    env: 'HOMER_PARTITION_AHEAD_HOURS',
    flag: '--partition-ahead-hours',
    description:
      'Partition horizon: partitions are created this far ahead (older or later timestamps get theirs on demand).',
    defaultValue: 24,
    parse: asInt(0, 24 * 31),
  }),
  maintenanceIntervalSec: spec({
    key: 'maintenanceIntervalSec',
    env: 'HOMER_MAINTENANCE_SEC',
    flag: '--maintenance-sec',
    description: 'How often partitions ahead are created, expired ones dropped and mappings reloaded (s).',
    defaultValue: 300,
    parse: asInt(1, 86_400),
  }),
  sipHeaders: spec<string[]>({
    key: 'sipHeaders',
    env: 'HOMER_SIP_HEADERS',
    flag: '--sip-headers',
    description: 'data_header keys for SIP, in order (heplify-server SIPHeader). Empty: the default list.',
    defaultValue: [],
    parse: asList,
  }),
  customHeaders: spec<string[]>({
    key: 'customHeaders',
    env: 'HOMER_CUSTOM_HEADERS',
    flag: '--custom-headers',
    description: 'Extra SIP headers copied into data_header (heplify-server CustomHeader), comma-separated.',
    defaultValue: [],
    parse: asList,
  }),
  alegIds: spec<string[]>({
    key: 'alegIds',
    env: 'HOMER_ALEG_IDS',
    flag: '--aleg-ids',
    description:
      'A-leg id headers, "Header" or "Header,regex" (group 1); env: a JSON array or one per line (heplify-server AlegIDs).',
    defaultValue: [],
    parse: asPatternList,
  }),
  forceALegId: spec({
    key: 'forceALegId',
    env: 'HOMER_FORCE_ALEG_ID',
    flag: '--force-aleg-id',
    description:
      'Replace a HEP correlation id with the A-leg id when one is found (heplify-server ForceALegID).',
    defaultValue: false,
    parse: asBool,
  }),
  promTargets: spec<string[]>({
    key: 'promTargets',
    env: 'HOMER_PROM_TARGETS',
    flag: '--prom-targets',
    description:
      'IP to target name for the target_name metric label, "ip=name" entries (heplify-server PromTargetIP/PromTargetName).',
    defaultValue: [],
    parse: (raw) => {
      const list = asList(raw);
      if (isSettingError(list)) return list;
      const bad = list.find((e) => !/^[^=\s]+=\S.*$/.test(e));
      return bad === undefined ? list : { error: `expected "ip=name" entries, got "${bad}"` };
    },
  }),
  influxWriteUrl: spec({
    key: 'influxWriteUrl',
    env: 'HOMER_INFLUX_WRITE_URL',
    flag: '--influx-write-url',
    description:
      'Push line protocol to InfluxDB 1.x, e.g. http://127.0.0.1:8086/write?db=homer (heplify-server LineprotoURL). Empty disables.',
    defaultValue: '',
    parse: asHttpUrl,
  }),
  influxPayload: spec({
    key: 'influxPayload',
    env: 'HOMER_INFLUX_PAYLOAD',
    flag: '--influx-payload',
    description: 'Include the raw payload as a field of the hep_<type> points (heplify-server does; large).',
    defaultValue: false,
    parse: asBool,
  }),
  adminPassword: spec({
    key: 'adminPassword',
    env: 'HOMER_ADMIN_PASSWORD',
    flag: '--admin-password',
    description:
      'Password of the `admin` user created on first start (no users yet). Empty: a random one is generated and printed once.',
    defaultValue: '',
    parse: asString,
  }),
  jwtSecret: spec({
    key: 'jwtSecret',
    env: 'HOMER_JWT_SECRET',
    flag: '--jwt-secret',
    description:
      'HS256 secret for API session tokens. Empty: a random secret is generated once and kept in the config database.',
    defaultValue: '',
    parse: asString,
  }),
  jwtExpireMinutes: spec({
    key: 'jwtExpireMinutes',
    env: 'HOMER_JWT_EXPIRE_MIN',
    flag: '--jwt-expire-min',
    description: 'Lifetime of a login token in minutes (homer-app auth_settings.token_expire).',
    defaultValue: 1200,
    parse: asInt(1, 525600),
  }),
  apiTokens: spec({
    key: 'apiTokens',
    env: 'HOMER_API_TOKENS',
    flag: '--api-tokens',
    description:
      'Accept `Auth-Token` API tokens from auth_token (homer-app api_settings.enable_token_access).',
    defaultValue: true,
    parse: asBool,
  }),
  loginRateLimit: spec({
    key: 'loginRateLimit',
    env: 'HOMER_LOGIN_RATE_LIMIT',
    flag: '--login-rate-limit',
    description: 'Login attempts allowed per client IP per minute on POST /api/v3/auth.',
    defaultValue: 10,
    parse: asInt(1, 100000),
  }),
  prometheusUrl: spec({
    key: 'prometheusUrl',
    env: 'HOMER_PROMETHEUS_URL',
    flag: '--prometheus-url',
    description:
      'Prometheus base URL for /api/v3/prometheus/* (e.g. http://127.0.0.1:9090). Empty: the global_settings search/promserver row.',
    defaultValue: '',
    parse: asHttpUrl,
  }),
  influxdbUrl: spec({
    key: 'influxdbUrl',
    env: 'HOMER_INFLUXDB_URL',
    flag: '--influxdb-url',
    description:
      'InfluxDB 1.x base URL for /api/v3/statistic/* (e.g. http://127.0.0.1:8086). Empty disables.',
    defaultValue: '',
    parse: asString,
  }),
  logLevel: spec({
    key: 'logLevel',
    env: 'HOMER_LOG_LEVEL',
    flag: '--log-level',
    description: 'Log level: fatal, error, warn, info, debug, trace, silent.',
    defaultValue: 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent',
    parse: asEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;

type ValueOf<S> = S extends SettingSpec<infer T> ? T : never;

/** The validated configuration, frozen and passed down from `main`. */
export type HomerConfig = { readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };
