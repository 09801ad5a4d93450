import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config/index.js';
import { startHomer, type RunningHomer } from '../../../src/server.js';
import { createLogger } from '../../../src/telemetry/logger.js';

const MAX_LOG_CHARS = 64 * 1024;

export interface HomerUnderTest {
  readonly homer: RunningHomer;
  /** The HEP port Kamailio must send to (UDP or TCP, whichever was asked for). */
  readonly hepPort: number;
  /** homer-ts's own JSON log lines, the last 64 KiB, for failure diagnostics. */
  logs(): string;
}

export interface HomerOptions {
  /** PostgreSQL URL, or undefined for embedded PGlite in `dataDir`. */
  readonly dbUrl: string | undefined;
  readonly dataDir: string;
  /** The one HEP listener to open; the other is disabled so rows prove which transport carried them. */
  readonly hepTransport: 'udp' | 'tcp';
}

/**
 * Starts homer-ts in this process exactly as `homer serve` would, through `loadConfig` with
 * environment settings. Every listener binds port 0 on loopback: homer-ts starts before Kamailio,
 * so the kernel's choice can go into Kamailio's config without a race.
 */
export async function startHomerUnderTest(options: HomerOptions): Promise<HomerUnderTest> {
  const config = loadConfig({
    env: {
      HOMER_DB_URL: options.dbUrl ?? '',
      HOMER_DATA_DIR: options.dataDir,
      HOMER_HEP_UDP: options.hepTransport === 'udp' ? '127.0.0.1:0' : '',
      HOMER_HEP_TCP: options.hepTransport === 'tcp' ? '127.0.0.1:0' : '',
      HOMER_HEP_TLS: '',
      HOMER_HTTP: '127.0.0.1:0',
      HOMER_LOG_LEVEL: 'info',
      // Short flush so the poll sees rows quickly; one hour of partitions ahead keeps start-up short.
      HOMER_FLUSH_MS: '50',
      HOMER_PARTITION_AHEAD_HOURS: '1',
    },
  });
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done): void {
      text += chunk.toString();
      if (text.length > MAX_LOG_CHARS) text = text.slice(-MAX_LOG_CHARS);
      done();
    },
  });
  const homer = await startHomer(config, createLogger(config.logLevel, sink));
  const listener = options.hepTransport === 'udp' ? homer.capture?.udp : homer.capture?.tcp;
  if (!listener) {
    await homer.stop();
    throw new Error(`homer-ts did not open the HEP ${options.hepTransport} listener`);
  }
  return { homer, hepPort: listener.address.port, logs: () => text };
}
