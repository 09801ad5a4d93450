import type { Storage } from '../storage/types.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { CaptureRow } from '../pipeline/row.js';
import type { SipDecoderOptions } from '../decoders/types.js';

/** Settings of the API role, taken from the validated config (`HOMER_*`). */
export interface ApiSettings {
  /** HS256 secret for login tokens. */
  readonly jwtSecret: string;
  /** Login token lifetime in minutes (homer-app `auth_settings.token_expire`). */
  readonly jwtExpireMinutes: number;
  /** Honour `Auth-Token` API tokens (homer-app `api_settings.enable_token_access`). */
  readonly apiTokens: boolean;
  /** Login attempts per client IP per minute. */
  readonly loginRateLimit: number;
  /** Prometheus base URL for the `/prometheus/*` proxy; empty: the `search/promserver` setting. */
  readonly prometheusUrl: string;
  /** InfluxDB 1.x base URL for the `/statistic/*` proxy; empty disables. */
  readonly influxdbUrl: string;
}

/**
 * Stores rows that did not come through a HEP socket (pcap import), through the same writer as
 * captured ones. Resolves once they are written.
 */
export type RowImporter = (rows: readonly CaptureRow[]) => Promise<{ written: number; rejected: number }>;

/** Everything the HTTP app needs; `buildApp` creates no connections of its own. */
export interface ApiDeps {
  readonly storage: Storage;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** True when the database answers (for /ready). */
  readonly ready: () => Promise<boolean>;
  readonly version: string;
  /** Absent: only the ops endpoints (/health, /ready, /metrics) are served (capture role). */
  readonly api?: ApiSettings;
  /** The built web UI to serve at `/` (absent or without index.html: no UI). */
  readonly webDir?: string;
  /** SIP decoder settings for pcap import (the capture's); absent: heplify-server's defaults. */
  readonly sipDecoder?: SipDecoderOptions;
  /** Called after a mapping_schema write, so a capture role in this process reloads at once. */
  readonly onMappingsChanged?: () => void;
  /** Stores imported rows; absent means import answers 503. */
  readonly importRows?: RowImporter;
}
