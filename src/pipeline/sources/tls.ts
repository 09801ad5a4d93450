import { createServer } from 'node:tls';
import type { ListenAddress } from '../../config/address.js';
import type { Logger } from '../../telemetry/logger.js';
import type { StreamConnections } from './stream.js';
import { closeServer, listen, type StreamSource } from './tcp.js';

/** HEPv3 over TLS (≥ 1.2, no client certificate — as heplify-server). Same framing as TCP. */
export async function startTlsSource(
  address: ListenAddress,
  connections: StreamConnections,
  options: { cert: string; key: string; logger: Logger },
): Promise<StreamSource> {
  const server = createServer({ cert: options.cert, key: options.key, minVersion: 'TLSv1.2' }, (socket) =>
    connections.handle(socket),
  );
  server.on('tlsClientError', (err) => options.logger.debug({ err }, 'TLS handshake failed'));
  const bound = await listen(server, address);
  return { address: bound, close: () => closeServer(server, connections) };
}
