import { createSocket, type Socket } from 'node:dgram';
import type { Logger } from '../../telemetry/logger.js';
import type { ListenAddress } from '../../config/address.js';
import type { FrameSink } from '../transport.js';

export interface UdpSource {
  readonly address: { address: string; port: number };
  /** Receive buffer the kernel actually granted (bytes). */
  readonly receiveBufferSize: number;
  close(): Promise<void>;
}

/**
 * HEP over UDP: one datagram is one packet (HEP v1, v2 or v3). The socket asks for a large receive
 * buffer because a Node event-loop pause of ~1 ms overflows the default 208 KiB at 50 k pps
 * (reference/limits.md §1); when the kernel grants less, start-up warns with the sysctl to fix it.
 */
export async function startUdpSource(
  listen: ListenAddress,
  sink: FrameSink,
  options: { receiveBufferBytes: number; logger: Logger },
): Promise<UdpSource> {
  const type = listen.host.includes(':') ? 'udp6' : 'udp4';
  const socket: Socket = createSocket({ type, reuseAddr: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(listen.port, listen.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  let granted: number;
  if (options.receiveBufferBytes > 0) {
    try {
      socket.setRecvBufferSize(options.receiveBufferBytes);
    } catch (err) {
      options.logger.warn({ err }, 'could not set the UDP receive buffer size');
    }
  }
  try {
    granted = socket.getRecvBufferSize();
  } catch {
    granted = 0;
  }
  // Linux reports twice the requested value (bookkeeping overhead); less than that means rmem_max capped it.
  if (options.receiveBufferBytes > 0 && granted < options.receiveBufferBytes) {
    options.logger.warn(
      { requested: options.receiveBufferBytes, granted },
      `UDP receive buffer capped by the kernel; packets may be lost under load. Fix: sysctl -w net.core.rmem_max=${options.receiveBufferBytes}`,
    );
  }
  socket.on('message', (msg) => {
    sink.accept(msg, 'udp');
  });
  socket.on('error', (err) => options.logger.error({ err }, 'UDP socket error'));
  const bound = socket.address();
  return {
    address: { address: bound.address, port: bound.port },
    receiveBufferSize: granted,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
