import type { HomerConfig } from '../config/index.js';
import { createDecoderRegistry } from '../decoders/registry.js';
import { sipDecoderOptions } from '../decoders/options-from-config.js';
import { Ingest, type IngestOptions } from '../pipeline/ingest.js';
import { MethodResponseCounter } from '../pipeline/method-response.js';
import { RowQueue } from '../pipeline/row-queue.js';
import { StorageSink } from '../pipeline/sinks/storage-sink.js';
import { StreamConnections } from '../pipeline/sources/stream.js';
import { startTcpSource, type StreamSource } from '../pipeline/sources/tcp.js';
import { startTlsSource } from '../pipeline/sources/tls.js';
import { loadTlsMaterial } from '../pipeline/sources/tls-material.js';
import { startUdpSource, type UdpSource } from '../pipeline/sources/udp.js';
import type { Storage } from '../storage/types.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import { MaintenanceLoop } from './maintenance.js';
import { MappingWatcher } from './mapping-watcher.js';
import { QualityReportMetrics } from '../analytics/quality-reports.js';
import { CallKpiTracker } from '../analytics/call-kpi.js';
import { TargetNames } from '../analytics/targets.js';
import { RtcpMetrics } from '../analytics/rtcp-metrics.js';
import { InfluxPush } from '../outputs/influx-push.js';
import { pointsFor } from '../outputs/influx-points.js';

export interface CaptureDeps {
  readonly config: HomerConfig;
  readonly storage: Storage;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

export interface CaptureService {
  readonly udp?: UdpSource;
  readonly tcp?: StreamSource;
  readonly tls?: StreamSource;
  readonly queue: RowQueue;
  /**
   * Re-reads mapping_schema now and applies it to capture (mapped protocols, partition step and
   * retention). It is also polled every MAPPING_POLL_MS; the API calls this after a mapping write.
   */
  reloadMappings(): Promise<void>;
  /** Tables of the mapped protocols in use (`hep_proto_{hepid}_{profile}`), by HEP type. */
  mappedTables(): ReadonlyMap<number, string>;
  /** Stops listening, writes what is queued (up to `drainMs`) and stops maintenance. */
  stop(drainMs?: number): Promise<void>;
}

/** How often mapping_schema is checked for changes (one small fingerprint query). */
export const MAPPING_POLL_MS = 3000;

/**
 * The capture role: HEP sources → ingest (decode, route, count) → bounded queue → storage sink,
 * plus partition maintenance. Sources start last so nothing arrives before the path is ready.
 */
export async function startCapture(deps: CaptureDeps): Promise<CaptureService> {
  const { config, storage, metrics, logger } = deps;
  const queue = new RowQueue(config.queueRows, config.batchSize);
  metrics.queueCapacity.set(config.queueRows);
  const decoders = createDecoderRegistry({ sip: sipDecoderOptions(config) });
  const streams: StreamConnections[] = [];
  const sink = new StorageSink({
    queue,
    writer: storage.writer,
    metrics,
    logger: logger.child({ component: 'storage-sink' }),
    batchSize: config.batchSize,
    flushIntervalMs: config.flushIntervalMs,
    onDrain: () => {
      for (const s of streams) s.resume();
    },
  });
  const targets = new TargetNames(config.promTargets);
  const influx = config.influxWriteUrl
    ? new InfluxPush({
        url: config.influxWriteUrl,
        batchBytes: 256 * 1024,
        flushMs: 1000,
        maxBufferBytes: 32 * 1024 * 1024,
        attempts: 5,
        points: metrics.influxPoints,
        onError: (message) => logger.warn({ component: 'influx' }, message),
      })
    : undefined;
  influx?.start();
  const ingest = new Ingest({
    queue,
    metrics,
    decode: (packet, ctx) => decoders.decode(packet, ctx),
    capturePassword: config.capturePassword,
    methodResponse: new MethodResponseCounter(metrics, undefined, targets),
    onQueued: () => sink.notify(),
    onRow: rowAnalytics({ metrics, targets, influx, influxPayload: config.influxPayload }),
  });
  sink.start();

  const maintenance = new MaintenanceLoop({
    storage,
    metrics,
    logger: logger.child({ component: 'maintenance' }),
    intervalMs: config.maintenanceIntervalSec * 1000,
  });
  maintenance.start();
  const mappings = new MappingWatcher({
    configSql: storage.configSql,
    registry: decoders,
    logger: logger.child({ component: 'mappings' }),
    intervalMs: MAPPING_POLL_MS,
    beforeSwap: () => maintenance.runNow(),
  });
  await mappings.start();

  const sourceLogger = logger.child({ component: 'capture' });
  const udp = config.hepUdp
    ? await startUdpSource(config.hepUdp, ingest, {
        receiveBufferBytes: config.udpReceiveBuffer,
        receiveMode: config.udpReceive,
        logger: sourceLogger,
        metrics,
      })
    : undefined;
  let tcp: StreamSource | undefined;
  if (config.hepTcp) {
    const connections = new StreamConnections('tcp', ingest, metrics, sourceLogger);
    streams.push(connections);
    tcp = await startTcpSource(config.hepTcp, connections);
  }
  let tls: StreamSource | undefined;
  if (config.hepTls) {
    const material = await loadTlsMaterial({
      certFile: config.tlsCert,
      keyFile: config.tlsKey,
      dataDir: config.dataDir,
      logger: sourceLogger,
    });
    const connections = new StreamConnections('tls', ingest, metrics, sourceLogger);
    streams.push(connections);
    tls = await startTlsSource(config.hepTls, connections, {
      cert: material.cert,
      key: material.key,
      logger: sourceLogger,
    });
  }
  sourceLogger.info(
    {
      udp: udp?.address,
      tcp: tcp?.address,
      tls: tls?.address,
      udpReceiveBuffer: udp?.receiveBufferSize,
      udpReceiver: udp?.receiver,
    },
    'HEP capture listening',
  );

  return {
    udp,
    tcp,
    tls,
    queue,
    async reloadMappings(): Promise<void> {
      await mappings.reload();
    },
    mappedTables(): ReadonlyMap<number, string> {
      return new Map([...mappings.current.byHepid].map(([hepid, p]) => [hepid, p.table]));
    },
    async stop(drainMs = 10_000): Promise<void> {
      mappings.stop();
      await Promise.all([udp?.close(), tcp?.close(), tls?.close()]);
      await sink.drain(drainMs);
      await maintenance.stop();
      await influx?.stop();
    },
  };
}

/** What capture does with each queued row besides storing it. */
export interface RowAnalyticsDeps {
  readonly metrics: Metrics;
  readonly targets: TargetNames;
  readonly influx?: InfluxPush;
  readonly influxPayload: boolean;
}

/**
 * The `onRow` hook of capture: the InfluxDB push, the quality-report and RTCP metrics and the call
 * KPIs. Exported so bench/hot-path.ts measures the same wiring the server runs.
 */
export function rowAnalytics(deps: RowAnalyticsDeps): NonNullable<IngestOptions['onRow']> {
  const { metrics, targets, influx, influxPayload } = deps;
  const callKpi = new CallKpiTracker(metrics.calls, targets);
  const rtcpMetrics = new RtcpMetrics(metrics.qos, targets);
  const reportMetrics = new QualityReportMetrics(metrics.reports, metrics.qos, targets);
  return (result, packet, nodeId) => {
    influx?.add(pointsFor(result, packet, influxPayload));
    if (result.qos !== undefined) {
      reportMetrics.observeReport(result.qos, { srcIp: packet.srcIp, dstIp: packet.dstIp, nodeId });
      return;
    }
    if (result.rtcp !== undefined) {
      rtcpMetrics.observeReport(result.rtcp, packet.srcIp, packet.dstIp, nodeId);
      return;
    }
    const sip = result.sip;
    if (!sip) return;
    // Per SIP message: no observation objects, the packet carries the addresses.
    reportMetrics.observeSip(sip, packet);
    const row = result.row;
    callKpi.observeMessage(
      sip,
      row.timeSeconds * 1_000_000 + row.timeUseconds,
      packet.srcIp,
      packet.dstIp,
      nodeId,
    );
  };
}
