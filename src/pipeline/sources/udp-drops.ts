import { readFileSync } from 'node:fs';

/**
 * Datagrams the kernel dropped for UDP sockets bound to `port` because their receive buffer was
 * full (the `drops` column of /proc/net/udp and /proc/net/udp6). This is where loss shows when
 * the process falls behind: the packets never reach Node, so no counter in the pipeline sees them.
 * Returns undefined where /proc is not available (not Linux).
 */
export function kernelUdpDrops(
  port: number,
  procFiles = ['/proc/net/udp', '/proc/net/udp6'],
): number | undefined {
  let found = false;
  let drops = 0;
  for (const file of procFiles) {
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    found = true;
    drops += dropsForPort(text, port);
  }
  return found ? drops : undefined;
}

/** Sums the drops column of the lines of a /proc/net/udp* table whose local port is `port`. */
export function dropsForPort(table: string, port: number): number {
  let drops = 0;
  const lines = table.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const fields = (lines[i] as string).trim().split(/\s+/);
    if (fields.length < 13) continue;
    const local = fields[1] as string;
    const localPort = parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (localPort === port) drops += Number(fields[12]) || 0;
  }
  return drops;
}
