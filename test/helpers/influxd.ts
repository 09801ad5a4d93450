import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait.js';

export interface Influxd {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Runs an InfluxQL query (GET /query) and returns the JSON reply. */
  query(q: string, db?: string): Promise<InfluxQueryReply>;
  stop(): Promise<void>;
}

export interface InfluxQueryReply {
  results: { series?: { name: string; columns: string[]; values: unknown[][] }[]; error?: string }[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts Debian's InfluxDB 1.x (`influxd`) on free loopback ports with a throwaway data folder.
 * Fails (never skips) when influxd is not installed: `.ci/run` installs the `influxdb` package.
 */
export async function startInfluxd(): Promise<Influxd> {
  const dir = mkdtempSync(join(tmpdir(), 'homer-influxd-'));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const config = join(dir, 'influxdb.conf');
  writeFileSync(
    config,
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
  );
  const child: ChildProcess = spawn('influxd', ['-config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (err) => {
    stderr += `\nspawn failed: ${err.message} (is the Debian package influxdb installed?)`;
  });
  const url = `http://127.0.0.1:${httpPort}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`influxd exited: ${stderr}`);
        try {
          return (await fetch(`${url}/ping`)).status === 204 || undefined;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 30_000 },
    );
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`influxd did not start: ${(err as Error).message} ${stderr}`, { cause: err });
  }
  return {
    url,
    async query(q: string, db?: string): Promise<InfluxQueryReply> {
      const params = new URLSearchParams({ q, ...(db ? { db } : {}) });
      const res = await fetch(`${url}/query?${params}`, { method: 'POST' });
      return (await res.json()) as InfluxQueryReply;
    },
    async stop(): Promise<void> {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
