import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeTcpPort, startDaemon } from './daemon.js';

export interface Influxd {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Runs an InfluxQL query (POST /query) and returns the JSON reply. */
  query(q: string, db?: string): Promise<InfluxQueryReply>;
  stop(): Promise<void>;
}

export interface InfluxQueryReply {
  results: { series?: { name: string; columns: string[]; values: unknown[][] }[]; error?: string }[];
}

/** Starts Debian's InfluxDB 1.x (`influxd`) on free loopback ports with a throwaway data folder. */
export async function startInfluxd(): Promise<Influxd> {
  const [httpPort, rpcPort] = [await freeTcpPort(), await freeTcpPort()];
  const url = `http://127.0.0.1:${httpPort}`;
  const daemon = await startDaemon({
    command: 'influxd',
    debianPackage: 'influxdb',
    readyUrl: `${url}/ping`,
    prepare: (dir) =>
      writeFileSync(
        join(dir, 'influxdb.conf'),
        [
          'reporting-disabled = true',
          `bind-address = "127.0.0.1:${rpcPort}"`,
          '[meta]',
          `  dir = "${join(dir, 'meta')}"`,
          '[data]',
          `  dir = "${join(dir, 'data')}"`,
          `  wal-dir = "${join(dir, 'wal')}"`,
          '  query-log-enabled = false',
          '[http]',
          `  bind-address = "127.0.0.1:${httpPort}"`,
          '  log-enabled = false',
          '[monitor]',
          '  store-enabled = false',
          '',
        ].join('\n'),
      ),
    args: (dir) => ['-config', join(dir, 'influxdb.conf')],
  });
  return {
    url,
    async query(q: string, db?: string): Promise<InfluxQueryReply> {
      const params = new URLSearchParams({ q, ...(db ? { db } : {}) });
      const res = await fetch(`${url}/query?${params}`, { method: 'POST' });
      return (await res.json()) as InfluxQueryReply;
    },
    stop: () => daemon.stop(),
  };
}
