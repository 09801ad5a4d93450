import { decodeHep, HepDecodeError } from '../hep/index.js';
import type { HepPacket } from '../hep/types.js';
import type { DecodeResult } from '../decoders/types.js';
import type { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../telemetry/metrics.js';
import type { RowQueue } from './row-queue.js';
import type { FrameSink, Transport } from './transport.js';
import type { MethodResponseCounter } from './method-response.js';

export interface IngestOptions {
  readonly queue: RowQueue;
  readonly metrics: Metrics;
  readonly decode: (
    packet: HepPacket,
    ctx: { arrivalSeconds: number; arrivalUseconds: number },
  ) => DecodeResult;
  /** When non-empty, packets whose auth key differs are rejected (HEP3 chunk 0x000e). */
  readonly capturePassword: string;
  readonly methodResponse: MethodResponseCounter;
  /** Called after a row was queued (the storage sink starts a write when a batch is full). */
  readonly onQueued: () => void;
  /** Side sinks (live tail, forwarding, ...) get the same rows without slowing this path. */
  readonly onRow?: (result: DecodeResult, packet: HepPacket, nodeId: string) => void;
}

/**
 * The hot path, synchronous from socket to queue: HEP decode → payload decode → metrics → queue.
 * It never waits on the database. Each failure is counted under a reason and costs only its packet.
 */
export class Ingest implements FrameSink {
  private readonly options: IngestOptions;
  /**
   * prom-client hashes the label object on every call; caching the labelled children keeps the
   * metrics cost per packet to a few additions. Bounded: a flood of distinct node ids falls back to
   * the uncached path instead of growing the cache.
   */
  private readonly receivedByTransport = new Map<
    Transport,
    { packets: Counter.Internal; bytes: Counter.Internal }
  >();
  private readonly byTypeAndNode = new Map<
    string,
    { total: Counter.Internal; size: Gauge.Internal<'type' | 'node_id'> }
  >();

  constructor(options: IngestOptions) {
    this.options = options;
  }

  private transportCounters(transport: Transport): { packets: Counter.Internal; bytes: Counter.Internal } {
    let counters = this.receivedByTransport.get(transport);
    if (!counters) {
      const { metrics } = this.options;
      counters = {
        packets: metrics.received.labels(transport),
        bytes: metrics.receivedBytes.labels(transport),
      };
      this.receivedByTransport.set(transport, counters);
    }
    return counters;
  }

  private packetCounters(
    type: string,
    nodeId: string,
  ): { total: Counter.Internal; size: Gauge.Internal<'type' | 'node_id'> } {
    const key = `${type}\u0000${nodeId}`;
    let counters = this.byTypeAndNode.get(key);
    if (!counters) {
      const { metrics } = this.options;
      counters = {
        total: metrics.packetsTotal.labels(type, nodeId),
        size: metrics.packetsSize.labels(type, nodeId),
      };
      if (this.byTypeAndNode.size < 10_000) this.byTypeAndNode.set(key, counters);
    }
    return counters;
  }

  get saturated(): boolean {
    return this.options.queue.isFull;
  }

  accept(frame: Buffer, transport: Transport): boolean {
    const { metrics, queue } = this.options;
    const received = this.transportCounters(transport);
    received.packets.inc();
    received.bytes.inc(frame.length);
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
    const counters = this.packetCounters(String(packet.protoType), nodeId);
    counters.total.inc();
    counters.size.set(packet.payload.length);
    if (result.parseError) metrics.parseErrors.inc({ reason: result.parseError });
    if (result.sip) this.options.methodResponse.observe(result.sip, packet, nodeId);
    if (!queue.push(result.row, performance.now())) {
      metrics.dropped.inc({ reason: 'queue_full' });
      return false;
    }
    this.options.onQueued();
    this.options.onRow?.(result, packet, nodeId);
    return true;
  }
}
