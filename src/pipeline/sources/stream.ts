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
  /** Paused sockets and the frames they had already read when the queue filled up. */
  private readonly paused = new Map<Socket, Buffer[]>();

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
      const backlog = this.paused.get(socket);
      if (backlog) backlog.push(...frames);
      else this.deliver(socket, frames);
    });
    socket.on('error', (err) =>
      this.logger.debug({ err, transport: this.transport }, 'HEP stream socket error'),
    );
    socket.on('close', () => {
      // A backlog outlives its socket: an agent often closes right after its last write, while
      // the frames it sent still wait for queue room. They are delivered by `resume` as usual.
      this.sockets.delete(socket);
      this.metrics.connections.dec({ transport: this.transport });
    });
  }

  /**
   * Hands frames to the sink until the queue is full; the rest wait in the socket's backlog and
   * the socket stops reading, so the agent's TCP window — not a drop — absorbs the burst.
   */
  private deliver(socket: Socket, frames: Buffer[]): void {
    for (let i = 0; i < frames.length; i++) {
      if (this.sink.saturated) {
        this.paused.set(socket, frames.slice(i));
        socket.pause();
        return;
      }
      this.sink.accept(frames[i] as Buffer, this.transport);
    }
  }

  /** Resumes paused sockets once the queue has room again, delivering their backlog first. */
  resume(): void {
    if (this.paused.size === 0 || this.sink.saturated) return;
    for (const [socket, backlog] of [...this.paused]) {
      this.paused.delete(socket);
      this.deliver(socket, backlog);
      if (!this.paused.has(socket)) socket.resume();
      if (this.sink.saturated) return;
    }
  }

  /** Closes every connection; frames still in backlogs are offered to the sink one last time. */
  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
    for (const backlog of this.paused.values()) {
      for (const frame of backlog) this.sink.accept(frame, this.transport);
    }
    this.paused.clear();
  }
}
