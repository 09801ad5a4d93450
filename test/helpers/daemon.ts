import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait.js';

export async function freeTcpPort(): Promise<number> {
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

export interface Daemon {
  /** The daemon's own throwaway folder (config and data). */
  readonly dir: string;
  stop(): Promise<void>;
}

export interface DaemonOptions {
  readonly command: string;
  /** Arguments; may use the folder created for the daemon. */
  readonly args: (dir: string) => string[];
  /** Writes config files into the folder before the start. */
  readonly prepare?: (dir: string) => void;
  /** A URL that answers 2xx once the daemon is ready. */
  readonly readyUrl: string;
  /** The Debian package to name when the command is missing. */
  readonly debianPackage: string;
  readonly timeoutMs?: number;
}

/**
 * Starts a real service binary (Debian package) in a throwaway folder and waits until it answers.
 * Fails, never skips, when the binary is missing: `.ci/run` installs the packages.
 */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), `homer-${options.command.replace(/\W/g, '')}-`));
  options.prepare?.(dir);
  const child: ChildProcess = spawn(options.command, options.args(dir), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer): void => {
    output = (output + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('error', (err) => {
    output += `\n${options.command} could not start: ${err.message} (install the Debian package ${options.debianPackage})`;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited: ${output}`);
        try {
          return (await fetch(options.readyUrl)).ok || undefined;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: options.timeoutMs ?? 30_000, what: `${options.command} to answer ${options.readyUrl}` },
    );
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${options.command} did not start: ${(err as Error).message}\n${output}`, { cause: err });
  }
  return {
    dir,
    async stop(): Promise<void> {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
