import { decodeHep, HepDecodeError } from '../hep/index.js';
import type { HepPacket } from '../hep/types.js';
import type { DecodeResult } from '../decoders/types.js';
import type { Metrics } from '../telemetry/metrics.js';
import { MAX_TALLY_CELLS, type CounterCell, type GaugeCell } from '../telemetry/tally.js';
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
   * Metric cells (telemetry/tally.ts) by label values, so a packet costs a few additions and map
   * lookups instead of prom-client's label hashing. Bounded like the tallies: a flood of distinct
   * node ids gets cells that write through, looked up per packet, instead of growing the maps.
   */
  private readonly receivedByTransport = new Map<Transport, TransportCells>();
  private readonly byTypeAndNode = new Map<number, Map<string, PacketCells>>();
  private packetCellCount = 0;
  private queueFullCell: CounterCell | undefined;

  constructor(options: IngestOptions) {
    this.options = options;
  }

  private transportCells(transport: Transport): TransportCells {
    let cells = this.receivedByTransport.get(transport);
    if (!cells) {
      const { tallies } = this.options.metrics;
      cells = {
        packets: tallies.received.cell({ transport }),
        bytes: tallies.receivedBytes.cell({ transport }),
      };
      this.receivedByTransport.set(transport, cells);
    }
    return cells;
  }

  private packetCells(protoType: number, nodeId: string): PacketCells {
    let byNode = this.byTypeAndNode.get(protoType);
    let cells = byNode?.get(nodeId);
    if (!cells) {
      const { tallies } = this.options.metrics;
      const labels = { type: String(protoType), node_id: nodeId };
      cells = { total: tallies.packetsTotal.cell(labels), size: tallies.packetsSize.cell(labels) };
      if (this.packetCellCount < MAX_TALLY_CELLS) {
        if (!byNode) this.byTypeAndNode.set(protoType, (byNode = new Map()));
        byNode.set(nodeId, cells);
        this.packetCellCount++;
      }
    }
    return cells;
  }

  get saturated(): boolean {
    return this.options.queue.isFull;
  }

  accept(frame: Buffer, transport: Transport): boolean {
    const { metrics, queue } = this.options;
    const received = this.transportCells(transport);
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
    const cells = this.packetCells(packet.protoType, nodeId);
    cells.total.inc();
    cells.size.set(packet.payload.length);
    // Rare: the tally's own cell lookup is enough, no second cache here.
    if (result.parseError) metrics.tallies.parseErrors.cell({ reason: result.parseError }).inc();
    if (result.sip) this.options.methodResponse.observe(result.sip, packet, nodeId);
    if (!queue.push(result.row, performance.now())) {
      (this.queueFullCell ??= metrics.tallies.dropped.cell({ reason: 'queue_full' })).inc();
      return false;
    }
    this.options.onQueued();
    this.options.onRow?.(result, packet, nodeId);
    return true;
  }
}

interface TransportCells {
  readonly packets: CounterCell;
  readonly bytes: CounterCell;
}

interface PacketCells {
  readonly total: CounterCell;
  readonly size: GaugeCell;
}
