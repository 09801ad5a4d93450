import { decodeHep, HepDecodeError } from '../hep/index.js';
import type { HepPacket } from '../hep/types.js';
import type { DecodeResult } from '../decoders/types.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { RowQueue } from './row-queue.js';
import type { FrameSink, Transport } from './transport.js';
import type { MethodResponseCounter } from './method-response.js';

export interface IngestOptions {
  readonly queue: RowQueue;
  readonly metrics: Metrics;
  readonly decode: (packet: HepPacket, ctx: { arrivalSeconds: number; arrivalUseconds: number }) => DecodeResult;
  /** When non-empty, packets whose auth key differs are rejected (HEP3 chunk 0x000e). */
  readonly capturePassword: string;
  readonly methodResponse: MethodResponseCounter;
  /** Called after a row was queued (the storage sink starts a write when a batch is full). */
  readonly onQueued: () => void;
  /** Side sinks (live tail, forwarding, ...) get the same rows without slowing this path. */
  readonly onRow?: (result: DecodeResult, packet: HepPacket) => void;
}

/**
 * The hot path, synchronous from socket to queue: HEP decode → payload decode → metrics → queue.
 * It never waits on the database. Each failure is counted under a reason and costs only its packet.
 */
export class Ingest implements FrameSink {
  private readonly options: IngestOptions;

  constructor(options: IngestOptions) {
    this.options = options;
  }

  get saturated(): boolean {
    return this.options.queue.isFull;
  }

  accept(frame: Buffer, transport: Transport): boolean {
    const { metrics, queue } = this.options;
    metrics.received.inc({ transport });
    metrics.receivedBytes.inc({ transport }, frame.length);
    let packet: HepPacket;
    try {
      packet = decodeHep(frame);
    } catch (err) {
      const reason = err instanceof HepDecodeError ? err.reason : 'unexpected';
      metrics.decodeErrors.inc({ reason });
      metrics.dropped.inc({ reason: `decode_${reason}` });
      return true;
    }
    const password = this.options.capturePassword;
    if (password !== '' && packet.authKey !== password) {
      metrics.dropped.inc({ reason: 'auth_failed' });
      return true;
    }
    const nowMs = Date.now();
    const result = this.options.decode(packet, {
      arrivalSeconds: Math.floor(nowMs / 1000),
      arrivalUseconds: (nowMs % 1000) * 1000,
    });
    const nodeId = packet.nodeName ?? String(packet.captureId);
    const type = String(packet.protoType);
    metrics.packetsTotal.inc({ type, node_id: nodeId });
    metrics.packetsSize.set({ type, node_id: nodeId }, packet.payload.length);
    if (result.parseError) metrics.parseErrors.inc({ reason: result.parseError });
    if (result.sip) this.options.methodResponse.observe(result.sip, packet, nodeId);
    if (!queue.push(result.row, performance.now())) {
      metrics.dropped.inc({ reason: 'queue_full' });
      return false;
    }
    this.options.onQueued();
    this.options.onRow?.(result, packet);
    return true;
  }
}
