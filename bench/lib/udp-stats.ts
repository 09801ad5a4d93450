import { readFileSync } from 'node:fs';

/**
 * Kernel view of UDP loss. /proc/net/udp has a per-socket `drops` counter (datagrams the kernel
 * discarded because the receive buffer was full) and the bytes waiting in the queue; /proc/net/snmp
 * has the system-wide RcvbufErrors, a cross-check on an otherwise idle machine.
 */
export interface UdpSocketStats {
  readonly drops: number;
  readonly rxQueueBytes: number;
}

export function udpSocketStats(port: number): UdpSocketStats | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      if (!local?.endsWith(`:${hexPort}`)) continue;
      const rxQueue = parseInt((cols[4] ?? '0:0').split(':')[1] ?? '0', 16);
      return { drops: Number(cols[cols.length - 1] ?? 0), rxQueueBytes: rxQueue };
    }
  }
  return undefined;
}

export interface UdpSnmp {
  readonly inDatagrams: number;
  readonly rcvbufErrors: number;
  readonly inErrors: number;
}

export function udpSnmp(): UdpSnmp {
  const lines = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const names = (lines[0] ?? '').split(/\s+/).slice(1);
  const values = (lines[1] ?? '').split(/\s+/).slice(1).map(Number);
  const get = (n: string): number => values[names.indexOf(n)] ?? 0;
  return { inDatagrams: get('InDatagrams'), rcvbufErrors: get('RcvbufErrors'), inErrors: get('InErrors') };
}
