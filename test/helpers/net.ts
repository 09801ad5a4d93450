import { createSocket } from 'node:dgram';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** Sends each buffer as one UDP datagram. */
export async function sendUdp(host: string, port: number, packets: readonly Buffer[]): Promise<void> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  try {
    for (const packet of packets) {
      await new Promise<void>((resolve, reject) =>
        socket.send(packet, port, host, (err) => (err ? reject(err) : resolve())),
      );
    }
  } finally {
    socket.close();
  }
}

/** Writes all buffers on one TCP connection, in the given chunking, then closes it. */
export async function sendTcp(host: string, port: number, chunks: readonly Buffer[]): Promise<void> {
  await writeAllThenEnd(netConnect({ host, port }), 'connect', chunks);
}

/** Same over TLS (self-signed server certificate accepted). */
export async function sendTls(host: string, port: number, chunks: readonly Buffer[]): Promise<void> {
  await writeAllThenEnd(tlsConnect({ host, port, rejectUnauthorized: false }), 'secureConnect', chunks);
}

/** Waits for `ready`, writes each chunk with its own write call, then ends the connection. */
async function writeAllThenEnd(
  socket: Socket,
  ready: 'connect' | 'secureConnect',
  chunks: readonly Buffer[],
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    socket.once(ready, resolve);
    socket.once('error', reject);
  });
  for (const chunk of chunks) {
    await new Promise<void>((resolve, reject) =>
      socket.write(chunk, (err) => (err ? reject(err) : resolve())),
    );
  }
  await new Promise<void>((resolve) => socket.end(resolve));
}

/** Splits a buffer at random points (seeded), to exercise stream framing across reads. */
export function splitRandomly(data: Buffer, seed: number): Buffer[] {
  const parts: Buffer[] = [];
  let state = seed >>> 0 || 1;
  let offset = 0;
  while (offset < data.length) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    const size = 1 + (state % 700);
    parts.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return parts;
}
