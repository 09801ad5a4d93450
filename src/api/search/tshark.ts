import { spawn } from 'node:child_process';
import { unavailable } from '../http/errors.js';

/** How long one decode may take before tshark is killed. */
export const TSHARK_TIMEOUT_MS = 10_000;
/** Largest JSON tshark may print for one request. */
const MAX_OUTPUT = 32 * 1024 * 1024;

export class TsharkMissingError extends Error {}

/**
 * Runs `tshark -r - -T json` over a pcap given on stdin and returns its packet array. SIP is
 * recognised on any port (heuristic dissectors). 503 when tshark is not installed, fails, times
 * out or prints something that is not JSON.
 */
export function decodeWithTshark(pcap: Buffer, binary = 'tshark'): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const args = ['-r', '-', '-T', 'json', '--enable-heuristic', 'sip_udp', '--enable-heuristic', 'sip_tcp'];
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: Error | undefined, value?: unknown[]): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value ?? []);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(unavailable(`tshark did not answer within ${TSHARK_TIMEOUT_MS / 1000} s`));
    }, TSHARK_TIMEOUT_MS);
    child.on('error', (err: NodeJS.ErrnoException) => {
      finish(
        err.code === 'ENOENT'
          ? unavailable('message decoding needs tshark (Wireshark), which is not installed on the server')
          : unavailable(`tshark could not be started: ${err.code ?? 'error'}`),
      );
    });
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) {
        child.kill('SIGKILL');
        finish(unavailable('tshark output too large'));
      } else out.push(chunk);
    });
    child.stderr.resume();
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      if (settled) return;
      if (code !== 0) return finish(unavailable(`tshark failed (exit code ${String(code)})`));
      try {
        const parsed = JSON.parse(Buffer.concat(out).toString('utf8') || '[]') as unknown;
        finish(undefined, Array.isArray(parsed) ? parsed : [parsed]);
      } catch {
        finish(unavailable('tshark printed no JSON'));
      }
    });
    child.stdin.end(pcap);
  });
}
