import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const main = new URL('../../dist/main.js', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'homer-cli-'));
  dirs.push(dir);
  return dir;
}

function run(
  args: string[],
  env: Record<string, string> = {},
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('homer CLI (the built package)', () => {
  it('prints its version and help', () => {
    expect(run(['--version']).stdout.trim()).toBe(pkg.version);
    const help = run(['--help']);
    expect(help.code).toBe(0);
    for (const word of [
      'serve',
      'capture',
      'migrate',
      'HOMER_DB_URL',
      'HOMER_HEP_TLS',
      'HOMER_CAPTURE_PASSWORD',
    ]) {
      expect(help.stdout).toContain(word);
    }
  });

  it('stops on an invalid setting with one line naming it', () => {
    const result = run(['serve'], { HOMER_HEP_UDP: 'not-an-address' });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^homer: invalid HOMER_HEP_UDP=/);
    const flag = run(['serve', '--batch-size', 'lots']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--batch-size/);
    expect(run(['serve', '--no-such-flag', 'x']).stderr).toMatch(/unknown option --no-such-flag/);
  });

  it('migrate creates the schema in an embedded database and exits', () => {
    const dataDir = tempDir();
    const result = run(['migrate'], {
      HOMER_DATA_DIR: dataDir,
      HOMER_PARTITION_AHEAD_HOURS: '1',
      HOMER_LOG_LEVEL: 'info',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('schema ready');
  });

  it('serve starts on PGlite with nothing configured, warns about a capped UDP buffer, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, [main, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOMER_DATA_DIR: dataDir,
        HOMER_HEP_UDP: '127.0.0.1:0',
        HOMER_HEP_TCP: '127.0.0.1:0',
        HOMER_HEP_TLS: '127.0.0.1:0',
        HOMER_HTTP: '127.0.0.1:0',
        HOMER_PARTITION_AHEAD_HOURS: '1',
        HOMER_UDP_RCVBUF: String(2 ** 30),
      },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no HTTP port in output:\n${out}`)), 30_000);
      const check = (): void => {
        const line = out.split('\n').find((l) => l.includes('HTTP listening'));
        if (line) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { port: number }).port);
        } else setTimeout(check, 50);
      };
      check();
    });
    expect(out).toContain('sysctl -w net.core.rmem_max=1073741824');
    expect(out).toContain('"database":"pglite"');
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(ready.status).toBe(200);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain('"msg":"stopped"');
  });
});
