import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What bench/sender/hep-sender.c prints when it finishes. */
export interface SenderResult {
  readonly sent: number;
  readonly attempted: number;
  readonly errors: number;
  readonly refused: number;
  readonly elapsed: number;
  readonly rate: number;
  readonly cycles: number;
  readonly packetsInFile: number;
  readonly cpuUserSec: number;
  readonly cpuSysSec: number;
}

export interface SendOptions {
  readonly port: number;
  readonly file: string;
  readonly rate: number;
  readonly seconds: number;
  /** Written into the Call-ID slot (4 hex digits) so each step's rows are distinct. */
  readonly step: number;
  readonly host?: string;
  readonly burst?: number;
}

/** Compiles the sender with gcc -O2 when the binary is missing or older than its source. */
export function buildSender(repoRoot: string, outDir: string): string {
  const source = join(repoRoot, 'bench/sender/hep-sender.c');
  const binary = join(outDir, 'hep-sender');
  if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs) {
    mkdirSync(dirname(binary), { recursive: true });
    execFileSync('gcc', ['-O2', '-Wall', '-Wextra', '-o', binary, source], { stdio: 'inherit' });
  }
  return binary;
}

export function runSender(
  binary: string,
  options: SendOptions,
): { pid: number; done: Promise<SenderResult> } {
  const args = [
    '--host',
    options.host ?? '127.0.0.1',
    '--port',
    String(options.port),
    '--file',
    options.file,
    '--rate',
    String(options.rate),
    '--seconds',
    String(options.seconds),
    '--step',
    String(options.step),
    '--burst',
    String(options.burst ?? 32),
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<SenderResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`hep-sender exited with ${code}: ${err.trim() || out.trim()}`));
        return;
      }
      resolve(JSON.parse(line) as SenderResult);
    });
  });
  return { pid: child.pid ?? -1, done };
}
