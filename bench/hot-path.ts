/**
 * Hot-path benchmark, one core, no sockets: every datagram of the ingest benchmark's SIP mix
 * (bench/lib/sip-mix.ts, 5 000 calls + registrations + OPTIONS, ~46 000 datagrams) goes through a
 * real `Ingest.accept` with the real metrics, `heplify_method_response` counter and capture's
 * `onRow` analytics (`rowAnalytics`, as `startCapture` wires them), into a real RowQueue that is
 * drained the way the storage sink takes batches (the rows are then discarded).
 *
 * Like the C sender, each pass over the mix writes its number into the Call-ID slot and a send time
 * advancing at PPS packets per second into the HEP timestamp, so every pass is new traffic for the
 * de-duplication and the call tracker, and the tracker's expiry runs as it does live.
 *
 * Reported, median of RUNS runs of about SECONDS each: µs per packet (wall clock and CPU of this
 * process, the latter includes GC helper threads) for the full path and for a baseline without
 * metrics and analytics (HEP decode → payload decode → queue), whose difference is what the
 * metrics and analytics cost; and JS heap bytes allocated per packet (v8.GCProfiler: growth of the
 * used heap plus what every GC in between freed). It runs under the server's V8 flags
 * (SERVER_NODE_FLAGS), re-executing itself when started without them.
 *
 *   npx tsx bench/hot-path.ts [--runs 5] [--seconds 2] [--calls 5000] [--targets ip=name,...]
 *   npx tsx bench/hot-path.ts --src /tmp/old/src     # another copy of src/, for A/B runs
 *   npx tsx bench/hot-path.ts --dump out.txt --passes 20   # /metrics text after each pass, no timing
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { encodeMessage, NO_PATCH, type EncodedPacket } from './lib/packet-file.js';
import { SERVER_NODE_FLAGS } from './lib/server-process.js';
import { CALLID_SLOT_CHARS, generateSipMix } from './lib/sip-mix.js';

type IngestModule = typeof import('../src/pipeline/ingest.js');
type MethodResponseModule = typeof import('../src/pipeline/method-response.js');
type RowQueueModule = typeof import('../src/pipeline/row-queue.js');
type MetricsModule = typeof import('../src/telemetry/metrics.js');
type TargetsModule = typeof import('../src/analytics/targets.js');
type CaptureModule = typeof import('../src/capture/capture-service.js');
type RegistryModule = typeof import('../src/decoders/registry.js');
type DefaultsModule = typeof import('../src/decoders/defaults.js');
type HepModule = typeof import('../src/hep/index.js');

/** Send rate the HEP timestamps advance at (the order of the target). */
const PPS = 15_000;
const BATCH_ROWS = 1000;
const QUEUE_ROWS = 200_000;
const FLUSH_MS = 200;

// The server's V8 flags (young generation size) decide how much the GC costs per packet: run under them.
if (!SERVER_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, ...SERVER_NODE_FLAGS, ...process.argv.slice(1)],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}

const { values: args } = parseArgs({
  options: {
    src: { type: 'string' },
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    calls: { type: 'string', default: '5000' },
    targets: { type: 'string', default: '' },
    dump: { type: 'string' },
    passes: { type: 'string', default: '20' },
  },
});

const srcRoot = resolve(args.src ?? fileURLToPath(new URL('../src/', import.meta.url)));
const load = <T>(path: string): Promise<T> =>
  import(pathToFileURL(resolve(srcRoot, path)).href) as Promise<T>;

const [
  ingestMod,
  methodResponseMod,
  rowQueueMod,
  metricsMod,
  targetsMod,
  captureMod,
  registryMod,
  defaults,
  hep,
] = await Promise.all([
  load<IngestModule>('pipeline/ingest.ts'),
  load<MethodResponseModule>('pipeline/method-response.ts'),
  load<RowQueueModule>('pipeline/row-queue.ts'),
  load<MetricsModule>('telemetry/metrics.ts'),
  load<TargetsModule>('analytics/targets.ts'),
  load<CaptureModule>('capture/capture-service.ts'),
  load<RegistryModule>('decoders/registry.ts'),
  load<DefaultsModule>('decoders/defaults.ts'),
  load<HepModule>('hep/index.ts'),
]);

const packets: readonly EncodedPacket[] = generateSipMix({ calls: Number(args.calls), seed: 7060 }).map((m) =>
  encodeMessage(m, 0),
);
const t0Seconds = Math.floor(Date.now() / 1000);
let sent = 0;

/** Pass `pass` of the mix as the sender would send it: its own Call-IDs, live timestamps. */
function patch(pass: number): void {
  const slot = Buffer.from(pass.toString(16).padStart(CALLID_SLOT_CHARS, '0'), 'latin1');
  for (const p of packets) {
    if (p.callIdSlotOffset !== NO_PATCH) slot.copy(p.datagram, p.callIdSlotOffset);
    if (p.timeSecOffset !== NO_PATCH)
      p.datagram.writeUInt32BE(t0Seconds + Math.floor(sent / PPS), p.timeSecOffset);
    if (p.timeUsecOffset !== NO_PATCH) {
      p.datagram.writeUInt32BE(Math.floor(((sent % PPS) * 1_000_000) / PPS), p.timeUsecOffset);
    }
    sent++;
  }
}

function newQueue(): { queue: InstanceType<RowQueueModule['RowQueue']>; onQueued: () => void } {
  const queue = new rowQueueMod.RowQueue(QUEUE_ROWS, BATCH_ROWS);
  // What StorageSink.notify/pump do when a batch is ready; the batch is "written" at once.
  const onQueued = (): void => {
    if (queue.pending < BATCH_ROWS) return;
    const batch = queue.take(BATCH_ROWS, FLUSH_MS, performance.now());
    if (batch) queue.settle(batch);
  };
  return { queue, onQueued };
}

function decoderRegistry(): ReturnType<RegistryModule['createDecoderRegistry']> {
  return registryMod.createDecoderRegistry({
    sip: { sipHeaders: defaults.DEFAULT_SIP_HEADERS, customHeaders: [], alegIds: [], forceALegId: false },
  });
}

/** The server's path: Ingest with metrics, method_response and capture's onRow hook. */
function fullPath(): {
  accept: (frame: Buffer) => void;
  metrics: ReturnType<MetricsModule['createMetrics']>;
} {
  const metrics = metricsMod.createMetrics({ defaultMetrics: false });
  const targets = new targetsMod.TargetNames(args.targets === '' ? [] : args.targets.split(','));
  const decoders = decoderRegistry();
  const { queue, onQueued } = newQueue();
  const ingest = new ingestMod.Ingest({
    queue,
    metrics,
    decode: (packet, ctx) => decoders.decode(packet, ctx),
    capturePassword: '',
    methodResponse: new methodResponseMod.MethodResponseCounter(metrics, undefined, targets),
    onQueued,
    onRow: captureMod.rowAnalytics({ metrics, targets, influxPayload: false }),
  });
  return { accept: (frame) => void ingest.accept(frame, 'udp'), metrics };
}

/** The same minus metrics and analytics: what the full path costs on top of decoding. */
function baselinePath(): (frame: Buffer) => void {
  const decoders = decoderRegistry();
  const { queue, onQueued } = newQueue();
  return (frame) => {
    const packet = hep.decodeHep(frame);
    const nowMs = Date.now();
    const result = decoders.decode(packet, {
      arrivalSeconds: Math.floor(nowMs / 1000),
      arrivalUseconds: (nowMs % 1000) * 1000,
    });
    if (queue.push(result.row, performance.now())) onQueued();
  };
}

interface Sample {
  readonly wallUs: number;
  readonly cpuUs: number;
}

/** Whole passes until `seconds` of accept time; µs per packet, patching excluded. */
function run(accept: (frame: Buffer) => void, seconds: number): Sample {
  let wallMs = 0;
  let cpuUs = 0;
  let count = 0;
  let pass = Math.floor(sent / packets.length);
  while (wallMs < seconds * 1000) {
    patch(pass++);
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    for (const p of packets) accept(p.datagram);
    wallMs += performance.now() - w0;
    const c = process.cpuUsage(c0);
    cpuUs += c.user + c.system;
    count += packets.length;
  }
  return { wallUs: (wallMs * 1000) / count, cpuUs: cpuUs / count };
}

/** JS heap bytes allocated per packet over whole passes: used-heap growth plus what each GC freed. */
function allocatedPerPacket(accept: (frame: Buffer) => void, passes: number): number {
  let pass = Math.floor(sent / packets.length);
  patch(pass++);
  const profiler = new v8.GCProfiler();
  profiler.start();
  const before = v8.getHeapStatistics().used_heap_size;
  for (let i = 0; i < passes; i++) {
    for (const p of packets) accept(p.datagram);
    if (i < passes - 1) patch(pass++);
  }
  const after = v8.getHeapStatistics().used_heap_size;
  const stats = profiler.stop();
  let freed = 0;
  for (const gc of stats.statistics) {
    freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
  }
  return (after - before + freed) / (passes * packets.length);
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The /metrics text after every pass (scrapes in between must not change what later ones show). */
async function dump(file: string, passes: number): Promise<void> {
  const { accept, metrics } = fullPath();
  const scrapes: string[] = [];
  for (let pass = 0; pass < passes; pass++) {
    patch(pass);
    for (const p of packets) accept(p.datagram);
    scrapes.push(`# after pass ${pass + 1}\n${await metrics.registry.metrics()}`);
  }
  writeFileSync(file, scrapes.join('\n'));
  console.log(`wrote ${file}: /metrics after each of ${passes} passes of ${packets.length} datagrams`);
}

function bench(): void {
  const runs = Number(args.runs);
  const seconds = Number(args.seconds);
  const full = fullPath().accept;
  const baseline = baselinePath();
  // Warm-up: JIT, the tracker and the de-duplication reach their steady size.
  run(full, seconds);
  run(baseline, seconds / 2);
  const fullRuns: Sample[] = [];
  const baseRuns: Sample[] = [];
  for (let r = 0; r < runs; r++) {
    baseRuns.push(run(baseline, seconds));
    fullRuns.push(run(full, seconds));
  }
  const allocPasses = Math.max(
    1,
    Math.round((seconds * 1e6) / (median(fullRuns.map((s) => s.wallUs)) * packets.length)),
  );
  const allocFull = allocatedPerPacket(full, allocPasses);
  const allocBase = allocatedPerPacket(baseline, allocPasses);
  const fmt = (v: number): string => v.toFixed(2);
  const line = (label: string, samples: Sample[], alloc: number): void => {
    const wall = median(samples.map((s) => s.wallUs));
    const cpu = median(samples.map((s) => s.cpuUs));
    console.log(
      `${label} ${fmt(wall)} µs/packet wall, ${fmt(cpu)} µs CPU, ${Math.round(alloc)} B allocated ` +
        `(wall runs: ${samples.map((s) => fmt(s.wallUs)).join(' ')})`,
    );
  };
  console.log(
    `hot-path bench: ${packets.length} datagrams per pass, src ${srcRoot}, node ${process.version} ` +
      `${SERVER_NODE_FLAGS.join(' ')}, ` +
      `targets ${args.targets === '' ? 'none' : args.targets}, median of ${runs} runs of ~${seconds} s`,
  );
  line('full path (Ingest.accept + metrics + analytics):', fullRuns, allocFull);
  line('baseline (HEP + payload decode + queue):        ', baseRuns, allocBase);
  const wallDiff = fullRuns.map((s, i) => s.wallUs - (baseRuns[i] as Sample).wallUs);
  const cpuDiff = fullRuns.map((s, i) => s.cpuUs - (baseRuns[i] as Sample).cpuUs);
  console.log(
    `metrics + analytics:                             ${fmt(median(wallDiff))} µs/packet wall, ` +
      `${fmt(median(cpuDiff))} µs CPU, ${Math.round(allocFull - allocBase)} B allocated (paired run differences)`,
  );
}

if (args.dump !== undefined) await dump(args.dump, Number(args.passes));
else bench();
