import type { Socket } from 'node:net';
import { HepDecodeError, HepStreamFramer } from '../../hep/index.js';
import type { Logger } from '../../telemetry/logger.js';
import type { Metrics } from '../../telemetry/metrics.js';
import type { FrameSink, Transport } from '../transport.js';

/**
 * Serves one HEP stream connection (TCP or TLS): frames are HEPv3 packets back to back, split by
 * the length at offset 4. On a desynchronised stream the connection is closed, as heplify-server
 * does: there is no marker to resynchronise on. When the queue is full the socket is paused
 * (TCP backpressure reaches the agent) instead of dropping rows.
 */
export class StreamConnections {
  private readonly sockets = new Set<Socket>();
  private readonly paused = new Set<Socket>();

  constructor(
    private readonly transport: Transport,
    private readonly sink: FrameSink,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  handle(socket: Socket): void {
    const framer = new HepStreamFramer();
    this.sockets.add(socket);
    this.metrics.connections.inc({ transport: this.transport });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = framer.push(chunk);
      } catch (err) {
        const reason = err instanceof HepDecodeError ? err.reason : 'unexpected';
        this.metrics.decodeErrors.inc({ reason });
        this.metrics.dropped.inc({ reason: `decode_${reason}` });
        this.logger.warn(
          { remote: `${socket.remoteAddress}:${socket.remotePort}`, transport: this.transport, reason },
          'HEP stream out of sync; closing the connection',
        );
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        if (!this.sink.accept(frame, this.transport)) {
          // Cannot happen for the rest of this read (rows are already counted as dropped by the
          // sink), but stop reading more until the queue drains.
          this.pause(socket);
        }
      }
      if (this.sink.saturated) this.pause(socket);
    });
    socket.on('error', (err) =>
      this.logger.debug({ err, transport: this.transport }, 'HEP stream socket error'),
    );
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.paused.delete(socket);
      this.metrics.connections.dec({ transport: this.transport });
    });
  }

  private pause(socket: Socket): void {
    if (!this.paused.has(socket)) {
      this.paused.add(socket);
      socket.pause();
    }
  }

  /** Resumes paused sockets once the queue has room again. */
  resume(): void {
    if (this.paused.size === 0 || this.sink.saturated) return;
    for (const socket of this.paused) socket.resume();
    this.paused.clear();
  }

  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}
