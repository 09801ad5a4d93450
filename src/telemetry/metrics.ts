import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createCallMetrics, type CallMetrics } from './call-metrics.js';
import { createQosMetrics, type QosMetrics } from './qos-metrics.js';
import { createReportMetrics, type ReportMetrics } from './report-metrics.js';
import { CounterTally, GaugeTally } from './tally.js';

/**
 * Every metric homer-ts exposes. The `heplify_*` names and labels are heplify-server's
 * (reference/capture-servers.md §1.9) so existing Grafana dashboards keep working; `homer_*` are
 * our pipeline metrics. One instance per process, built by `main`, on its own registry.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly packetsTotal: Counter<'type' | 'node_id'>;
  readonly packetsSize: Gauge<'type' | 'node_id'>;
  readonly methodResponse: Counter<'target_name' | 'direction' | 'node_id' | 'response' | 'method'>;
  readonly received: Counter<'transport'>;
  readonly receivedBytes: Counter<'transport'>;
  readonly decodeErrors: Counter<'reason'>;
  readonly parseErrors: Counter<'reason'>;
  readonly dropped: Counter<'reason'>;
  readonly queueRows: Gauge;
  readonly queueCapacity: Gauge;
  readonly rowsWritten: Counter<'table'>;
  readonly rowsRejected: Counter<'table' | 'reason'>;
  readonly batchSeconds: Histogram<'outcome'>;
  readonly batchesInFlight: Gauge;
  readonly storageRetries: Counter;
  readonly storageUp: Gauge;
  readonly partitionsCreated: Counter;
  readonly partitionsDropped: Counter;
  readonly connections: Gauge<'transport'>;
  readonly influxPoints: Counter<'outcome'>;
  /** RTCP gauges and the MOS histogram (src/analytics/rtcp-metrics.ts feeds them). */
  readonly qos: QosMetrics;
  /** X-RTP-Stat, VQ-RTCPXR, RTP agent, SBC QoS and ISUP reason metrics (src/analytics/quality-reports.ts). */
  readonly reports: ReportMetrics;
  /** Call KPIs and outcomes (src/analytics/call-kpi.ts feeds them). */
  readonly calls: CallMetrics;
  /** Per-packet updates of the metrics above, pushed into them when they are read (tally.ts). */
  readonly tallies: PacketTallies;
}

/** The metrics updated for every packet, as tallies (`tally.metric` is the metric in `Metrics`). */
export interface PacketTallies {
  readonly received: CounterTally<'transport'>;
  readonly receivedBytes: CounterTally<'transport'>;
  readonly packetsTotal: CounterTally<'type' | 'node_id'>;
  readonly packetsSize: GaugeTally<'type' | 'node_id'>;
  readonly methodResponse: CounterTally<'target_name' | 'direction' | 'node_id' | 'response' | 'method'>;
  readonly parseErrors: CounterTally<'reason'>;
  readonly dropped: CounterTally<'reason'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  // Constructed in exposition order: the registry lists metrics in the order they register.
  const packetsTotal = new CounterTally({
    name: 'heplify_packets_total',
    help: 'Total HEP packets by payload type and capture node',
    labelNames: ['type', 'node_id'],
    registers,
  });
  const packetsSize = new GaugeTally({
    name: 'heplify_packets_size',
    help: 'Payload size of the last HEP packet by type and capture node',
    labelNames: ['type', 'node_id'],
    registers,
  });
  const methodResponse = new CounterTally({
    name: 'heplify_method_response',
    help: 'SIP requests and responses by method (or status code) and CSeq method',
    labelNames: ['target_name', 'direction', 'node_id', 'response', 'method'],
    registers,
  });
  const received = new CounterTally({
    name: 'homer_received_packets_total',
    help: 'HEP packets (datagrams or stream frames) received, by transport',
    labelNames: ['transport'],
    registers,
  });
  const receivedBytes = new CounterTally({
    name: 'homer_received_bytes_total',
    help: 'HEP bytes received, by transport',
    labelNames: ['transport'],
    registers,
  });
  const decodeErrors = new Counter({
    name: 'homer_decode_errors_total',
    help: 'HEP packets that could not be decoded, by reason (they are not stored)',
    labelNames: ['reason'],
    registers,
  });
  const parseErrors = new CounterTally({
    name: 'homer_parse_errors_total',
    help: 'Payloads that did not fully parse; still stored with a parse_error marker',
    labelNames: ['reason'],
    registers,
  });
  const dropped = new CounterTally({
    name: 'homer_dropped_total',
    help: 'Packets or rows not stored, by reason',
    labelNames: ['reason'],
    registers,
  });
  return {
    registry,
    tallies: { packetsTotal, packetsSize, methodResponse, received, receivedBytes, parseErrors, dropped },
    packetsTotal: packetsTotal.metric,
    packetsSize: packetsSize.metric,
    methodResponse: methodResponse.metric,
    received: received.metric,
    receivedBytes: receivedBytes.metric,
    decodeErrors,
    parseErrors: parseErrors.metric,
    dropped: dropped.metric,
    queueRows: new Gauge({ name: 'homer_queue_rows', help: 'Rows waiting for the database', registers }),
    queueCapacity: new Gauge({
      name: 'homer_queue_capacity_rows',
      help: 'Bound of the row queue',
      registers,
    }),
    rowsWritten: new Counter({
      name: 'homer_rows_written_total',
      help: 'Rows stored, by table',
      labelNames: ['table'],
      registers,
    }),
    rowsRejected: new Counter({
      name: 'homer_rows_rejected_total',
      help: 'Rows the database refused (isolated from their batch), by table and reason',
      labelNames: ['table', 'reason'],
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'homer_batch_seconds',
      help: 'Time to write one batch, by outcome',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    batchesInFlight: new Gauge({
      name: 'homer_batches_in_flight',
      help: 'Batches being written right now',
      registers,
    }),
    storageRetries: new Counter({
      name: 'homer_storage_retries_total',
      help: 'Batch writes retried after the database was unreachable',
      registers,
    }),
    storageUp: new Gauge({
      name: 'homer_storage_up',
      help: '1 when the last write or ping succeeded',
      registers,
    }),
    partitionsCreated: new Counter({
      name: 'homer_partitions_created_total',
      help: 'Partitions created ahead by maintenance',
      registers,
    }),
    partitionsDropped: new Counter({
      name: 'homer_partitions_dropped_total',
      help: 'Partitions dropped by retention',
      registers,
    }),
    connections: new Gauge({
      name: 'homer_stream_connections',
      help: 'Open HEP stream connections, by transport',
      labelNames: ['transport'],
      registers,
    }),
    influxPoints: new Counter({
      name: 'homer_influx_points_total',
      help: 'Points for the InfluxDB push, by outcome (sent, dropped_buffer_full, dropped_after_retries)',
      labelNames: ['outcome'],
      registers,
    }),
    calls: createCallMetrics(registry),
    qos: createQosMetrics(registry),
    reports: createReportMetrics(registry),
  };
}
