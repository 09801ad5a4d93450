import { createSocket, type Socket } from 'node:dgram';
import type { Logger } from '../../telemetry/logger.js';
import type { ListenAddress } from '../../config/address.js';
import type { Metrics } from '../../telemetry/metrics.js';
import type { FrameSink } from '../transport.js';
import { kernelUdpDrops } from './udp-drops.js';

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
  options: { receiveBufferBytes: number; logger: Logger; metrics: Metrics; dropPollMs?: number },
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
  const stopDropWatch = watchKernelDrops(bound.port, options);
  return {
    address: { address: bound.address, port: bound.port },
    receiveBufferSize: granted,
    close: () => {
      stopDropWatch();
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

/**
 * Counts datagrams the kernel dropped on our port (receive buffer full) as
 * `homer_dropped_total{reason="udp_socket_overflow"}`, so overload is visible on /metrics and
 * not only in /proc. The kernel counter is per socket and starts at 0 when we bind.
 */
function watchKernelDrops(
  port: number,
  options: { metrics: Metrics; logger: Logger; dropPollMs?: number },
): () => void {
  let last = kernelUdpDrops(port);
  if (last === undefined) return () => undefined;
  let warned = false;
  const timer = setInterval(() => {
    const now = kernelUdpDrops(port);
    if (now === undefined || last === undefined) return;
    if (now > last) {
      options.metrics.dropped.inc({ reason: 'udp_socket_overflow' }, now - last);
      if (!warned) {
        warned = true;
        options.logger.warn(
          { port, dropped: now - last },
          'the kernel dropped HEP datagrams: the UDP receive buffer overflowed (capture is overloaded)',
        );
      }
    }
    last = now;
  }, options.dropPollMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
