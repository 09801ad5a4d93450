import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

const LOOPBACK = '127.0.0.1';

function bindUdp(port: number): Promise<{ port: number; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, LOOPBACK, () => {
      socket.off('error', reject);
      resolve({
        port: socket.address().port,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}

function canListenTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, LOOPBACK, () => server.close(() => resolve(true)));
  });
}

/**
 * Hands out loopback ports for the peer programs, whose configs need the number before they start
 * (homer-ts itself binds port 0 and reports what it got). Remembers what it gave out, because the
 * kernel may offer a just-closed port again before the program it was meant for has bound it.
 */
export class PortPicker {
  private readonly given = new Set<number>();

  /** A UDP port on 127.0.0.1 that is free now; with `alsoTcp`, free for TCP too (Kamailio listens on both). */
  async pick(options: { alsoTcp?: boolean } = {}): Promise<number> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const socket = await bindUdp(0);
      const port = socket.port;
      const tcpFree = options.alsoTcp ? await canListenTcp(port) : true;
      await socket.close();
      if (tcpFree && !this.given.has(port)) {
        this.given.add(port);
        return port;
      }
    }
    throw new Error('could not find a free loopback port in 50 attempts');
  }
}

/**
 * True when some process has a UDP socket bound to 127.0.0.1:`port`. Reads /proc/net/udp instead of
 * probing with bind(): a probe would hold the port for a moment and could make sipp's own bind fail.
 */
export async function isUdpPortBound(port: number): Promise<boolean> {
  const table = await readFile('/proc/net/udp', 'utf8');
  // local_address is hex "0100007F:13C4": 127.0.0.1 in host (little-endian) byte order, port big-endian.
  const wanted = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return table.split('\n').some((line) => line.trim().split(/\s+/)[1] === wanted);
}

/** Waits until a UDP port is bound (see isUdpPortBound), or throws after `timeoutMs`. */
export async function waitForUdpPort(port: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isUdpPortBound(port))) {
    if (Date.now() > deadline)
      throw new Error(`${what} did not bind udp 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
