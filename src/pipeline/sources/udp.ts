import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { Logger } from '../../telemetry/logger.js';
import type { ListenAddress } from '../../config/address.js';
import type { Metrics } from '../../telemetry/metrics.js';
import type { FrameSink } from '../transport.js';
import { loadUdpBatchAddon, type UdpBatchAddon } from './udp-batch-addon.js';
import { kernelUdpDrops } from './udp-drops.js';

export interface UdpSource {
  readonly address: { address: string; port: number };
  /** Receive buffer the kernel actually granted (bytes). */
  readonly receiveBufferSize: number;
  /** `recvmmsg`: the native batch receiver; `dgram`: Node's socket, one callback per datagram. */
  readonly receiver: 'recvmmsg' | 'dgram';
  close(): Promise<void>;
}

/** `auto` uses the native recvmmsg receiver when it is built (Linux), else Node's dgram. */
export type UdpReceiveMode = 'auto' | 'recvmmsg' | 'dgram';

export interface UdpSourceOptions {
  readonly receiveBufferBytes: number;
  readonly receiveMode?: UdpReceiveMode;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly dropPollMs?: number;
}

interface OpenSocket {
  readonly address: { address: string; port: number };
  readonly granted: number;
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
  options: UdpSourceOptions,
): Promise<UdpSource> {
  const addon = chooseBatchAddon(listen, options);
  const receiver = addon ? 'recvmmsg' : 'dgram';
  const opened = addon
    ? openBatchSocket(addon, listen, sink, options)
    : await openDgramSocket(listen, sink, options);
  const { granted } = opened;
  // Linux reports twice the requested value (bookkeeping overhead); less than that means rmem_max capped it.
  if (options.receiveBufferBytes > 0 && granted < options.receiveBufferBytes) {
    options.logger.warn(
      { requested: options.receiveBufferBytes, granted },
      `UDP receive buffer capped by the kernel; packets may be lost under load. Fix: sysctl -w net.core.rmem_max=${options.receiveBufferBytes}`,
    );
  }
  const stopDropWatch = watchKernelDrops(opened.address.port, options);
  return {
    address: opened.address,
    receiveBufferSize: granted,
    receiver,
    close: () => {
      stopDropWatch();
      return opened.close();
    },
  };
}

/** The native receiver when the mode allows it and it can serve this address; throws for `recvmmsg` without it. */
function chooseBatchAddon(listen: ListenAddress, options: UdpSourceOptions): UdpBatchAddon | undefined {
  const mode = options.receiveMode ?? 'auto';
  if (mode === 'dgram') return undefined;
  const load = loadUdpBatchAddon();
  // The native socket binds numeric addresses only; a host name goes through dgram's resolver.
  const problem =
    'error' in load
      ? load.error
      : isIP(listen.host) === 0
        ? `${listen.host} is not a numeric address`
        : undefined;
  if (problem === undefined && 'addon' in load) return load.addon;
  if (mode === 'recvmmsg') throw new Error(`HOMER_UDP_RECEIVE=recvmmsg: ${problem ?? 'unavailable'}`);
  options.logger.info({ reason: problem }, 'UDP receive: using Node dgram (one callback per datagram)');
  return undefined;
}

/**
 * recvmmsg: up to `BATCH` datagrams per system call and per JS call (native/udp_batch.c). Each
 * frame is a view into its batch's own buffer, so a sink may keep it (forwarding, live tail).
 */
function openBatchSocket(
  addon: UdpBatchAddon,
  listen: ListenAddress,
  sink: FrameSink,
  options: UdpSourceOptions,
): OpenSocket {
  const family = isIP(listen.host) === 6 ? 6 : 4;
  const { handle, port, receiveBuffer } = addon.open(
    listen.host,
    listen.port,
    family,
    options.receiveBufferBytes,
  );
  const lengths = new Int32Array(addon.BATCH);
  addon.start(
    handle,
    (buffer: Buffer, count: number) => {
      let offset = 0;
      for (let i = 0; i < count; i++) {
        const end = offset + (lengths[i] as number);
        sink.accept(buffer.subarray(offset, end), 'udp');
        offset = end;
      }
    },
    lengths,
  );
  let closed = false;
  return {
    address: { address: listen.host, port },
    granted: receiveBuffer,
    close: () => {
      if (!closed) {
        closed = true;
        const { errors } = addon.stats(handle);
        if (errors > 0) options.logger.warn({ errors }, 'UDP receive: recvmmsg reported errors');
        addon.close(handle);
      }
      return Promise.resolve();
    },
  };
}

async function openDgramSocket(
  listen: ListenAddress,
  sink: FrameSink,
  options: UdpSourceOptions,
): Promise<OpenSocket> {
  const type = listen.host.includes(':') ? 'udp6' : 'udp4';
  const socket: Socket = createSocket({ type, reuseAddr: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(listen.port, listen.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  if (options.receiveBufferBytes > 0) {
    try {
      socket.setRecvBufferSize(options.receiveBufferBytes);
    } catch (err) {
      options.logger.warn({ err }, 'could not set the UDP receive buffer size');
    }
  }
  let granted: number;
  try {
    granted = socket.getRecvBufferSize();
  } catch {
    granted = 0;
  }
  socket.on('message', (msg) => {
    sink.accept(msg, 'udp');
  });
  socket.on('error', (err) => options.logger.error({ err }, 'UDP socket error'));
  const bound = socket.address();
  return {
    address: { address: bound.address, port: bound.port },
    granted,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
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
