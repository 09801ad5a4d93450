import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './net.js';

export interface ServerHandle {
  readonly pid: number;
  readonly httpBase: string;
  readonly udpPort: number;
  /** SIGTERM, wait for the drain and exit (SIGKILL after `timeoutMs`); resolves to the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
  readonly exited: () => boolean;
}

export interface ServerOptions {
  readonly repoRoot: string;
  readonly env: Record<string, string>;
  readonly udpPort: number;
  readonly httpPort: number;
  readonly logFile: string;
  readonly readyTimeoutMs?: number;
}

/** The V8 flags `npm start` and the `homer` bin start the server with (package.json, src/main.ts). */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'] as const;

/** Extra V8/Node flags for the server only (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
const extraServerFlags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);

/** Runs `node dist/main.js <command>` to completion (used for `migrate`). */
export function runCli(
  repoRoot: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist/main.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`homer ${args.join(' ')} exited ${code}`)),
    );
  });
}

/**
 * Starts the server as its own process, exactly as users run it (`node dist/main.js serve`), so
 * its CPU and memory are its own and the benchmark's bookkeeping does not share its event loop.
 * Ready when /ready answers 200 (startHomer binds UDP before HTTP).
 */
export async function startServer(options: ServerOptions): Promise<ServerHandle> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, ...extraServerFlags, join(options.repoRoot, 'dist/main.js'), 'serve'],
    {
      cwd: options.repoRoot,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      resolve(exitCode);
    }),
  );
  const httpBase = `http://127.0.0.1:${options.httpPort}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(`server exited with ${exitCode} before it was ready; see ${options.logFile}`);
    try {
      const res = await fetch(`${httpBase}/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `server not ready after ${options.readyTimeoutMs ?? 120_000} ms; see ${options.logFile}`,
      );
    }
    await sleep(250);
  }
  return {
    pid: child.pid ?? -1,
    httpBase,
    udpPort: options.udpPort,
    exited: () => exitCode !== undefined,
    async stop(timeoutMs = 120_000): Promise<number | null> {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      log.end();
      return code;
    },
  };
}
