import { createServer, type Server } from 'node:net';
import type { ListenAddress } from '../../config/address.js';
import type { StreamConnections } from './stream.js';

export interface StreamSource {
  readonly address: { address: string; port: number };
  close(): Promise<void>;
}

/** Closes a listening server and every connection it accepted. */
export function closeServer(server: Server, connections: StreamConnections): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    connections.destroyAll();
  });
}

export function listen(server: Server, address: ListenAddress): Promise<{ address: string; port: number }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      const bound = server.address();
      if (bound === null || typeof bound === 'string') reject(new Error('unexpected listen address'));
      else resolve({ address: bound.address, port: bound.port });
    });
  });
}

/** HEPv3 over TCP. */
export async function startTcpSource(
  address: ListenAddress,
  connections: StreamConnections,
): Promise<StreamSource> {
  const server = createServer((socket) => connections.handle(socket));
  const bound = await listen(server, address);
  return { address: bound, close: () => closeServer(server, connections) };
}
