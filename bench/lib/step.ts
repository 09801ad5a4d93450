import {
  diffCounters,
  pipelineCounters,
  scrapeMetrics,
  type PipelineCounters,
  type ScrapedMetrics,
} from './metrics-scrape.js';
import { sleep } from './net.js';
import {
  cpuPercent,
  machineTicks,
  processMemory,
  processTicks,
  TickTracker,
  waitForQuiet,
} from './proc-stats.js';
import { runSender } from './sender.js';
import type { ServerHandle } from './server-process.js';
import { udpSnmp, udpSocketStats } from './udp-stats.js';

export interface StepOptions {
  readonly server: ServerHandle;
  readonly senderBinary: string;
  readonly packetFile: string;
  readonly rate: number;
  readonly seconds: number;
  readonly step: number;
  /** uid whose processes are PostgreSQL (omit for PGlite, which runs inside the server). */
  readonly pgUid?: number;
  /** Count only this database's backends (plus PostgreSQL's background processes). */
  readonly pgDatabase?: string;
  /** Longest wait for the server to finish writing after the sender stopped. */
  readonly drainTimeoutMs?: number;
  /** Skip waiting for an idle machine (warm-up). */
  readonly noQuietWait?: boolean;
}

export interface CpuWindow {
  /** Percent of one core (2 cores = 200 %). */
  readonly serverPct: number;
  readonly postgresPct: number;
  readonly senderPct: number;
  /** Whole machine, percent of one core (max 100 × cores). */
  readonly machinePct: number;
}

export interface StepMeasurement {
  readonly rate: number;
  readonly seconds: number;
  readonly sent: number;
  readonly achievedRate: number;
  /** Datagrams the server read from its socket (homer_received_packets_total). */
  readonly received: number;
  /** Datagrams the kernel discarded because the socket buffer was full (/proc/net/udp drops). */
  readonly kernelDrops: number;
  readonly snmpRcvbufErrors: number;
  readonly counters: PipelineCounters;
  /** Rows per second written while the sender ran. */
  readonly writeRateDuringSend: number;
  /**
   * Work left when the sender stopped: rows queued in the server plus datagrams still unread in
   * the socket (counted exactly: received after the drain minus received at the sender's end).
   */
  readonly backlogAtSendEnd: number;
  readonly unreadDatagramsAtSendEnd: number;
  /** Seconds from the sender's end until rows stopped growing. */
  readonly drainSeconds: number;
  readonly drainTimedOut: boolean;
  readonly queuePeakRows: number;
  readonly rssPeakMb: number;
  /** Largest event-loop delay seen in any 1 s sample (nodejs_eventloop_lag_max_seconds), ms. */
  readonly eventLoopLagMaxMs: number;
  /** Garbage-collection time inside the window, as % of the window (nodejs_gc_duration_seconds). */
  readonly gcPct: number;
  readonly cpuSend: CpuWindow;
  readonly cpuTotal: CpuWindow;
  readonly serverAlive: boolean;
  /** Machine busy % (of one core) in the 2 s before the step: anything but the idle server is noise. */
  readonly busyBeforePct: number;
}

interface Snapshot {
  readonly t: number;
  readonly server: number;
  readonly postgres: number;
  readonly machine: number;
}

function cpuWindow(a: Snapshot, b: Snapshot, senderSeconds: number): CpuWindow {
  const dt = b.t - a.t;
  return {
    serverPct: cpuPercent(b.server - a.server, dt),
    postgresPct: cpuPercent(b.postgres - a.postgres, dt),
    senderPct: dt > 0 ? (senderSeconds / dt) * 100 : 0,
    machinePct: cpuPercent(b.machine - a.machine, dt),
  };
}

const EMPTY: PipelineCounters = {
  received: 0,
  rowsWritten: 0,
  rowsRejected: 0,
  dropped: 0,
  droppedByReason: {},
  decodeErrors: 0,
  parseErrors: 0,
  queueRows: 0,
};

interface Scrape {
  readonly counters: PipelineCounters;
  readonly lagMaxSeconds: number;
  readonly gcSeconds: number;
}

async function scrape(base: string): Promise<Scrape> {
  const m: ScrapedMetrics | undefined = await scrapeMetrics(base);
  if (!m) return { counters: EMPTY, lagMaxSeconds: 0, gcSeconds: 0 };
  return {
    counters: pipelineCounters(m),
    lagMaxSeconds: m.total('nodejs_eventloop_lag_max_seconds'),
    gcSeconds: m.total('nodejs_gc_duration_seconds_sum'),
  };
}

/**
 * One load step: send at `rate` for `seconds`, then wait until the server has written everything
 * it will write. CPU comes from /proc (PostgreSQL backends sampled every 500 ms so exiting ones
 * still count); memory, the queue and event-loop lag are sampled once a second from /proc and
 * /metrics (a scrape costs the server well under 1 ms).
 */
export async function runStep(options: StepOptions): Promise<StepMeasurement> {
  const { server, pgUid } = options;
  const quiet = options.noQuietWait ? { busyPct: 0 } : await waitForQuiet(25, 120_000);
  const pg = pgUid === undefined ? undefined : new TickTracker(pgUid, options.pgDatabase);
  const snapshot = (): Snapshot => {
    pg?.sample();
    return {
      t: performance.now() / 1000,
      server: processTicks(server.pid) ?? 0,
      postgres: pg?.total() ?? 0,
      machine: machineTicks().busy,
    };
  };
  const first = await scrape(server.httpBase);
  const before = first.counters;
  const sock0 = udpSocketStats(server.udpPort);
  const snmp0 = udpSnmp();
  let rssPeakKb = processMemory(server.pid)?.rssKb ?? 0;
  let queuePeak = 0;
  let lagMax = 0;
  let sampling = true;
  const observe = (s: Scrape): void => {
    rssPeakKb = Math.max(rssPeakKb, processMemory(server.pid)?.rssKb ?? 0);
    queuePeak = Math.max(queuePeak, s.counters.queueRows);
    lagMax = Math.max(lagMax, s.lagMaxSeconds);
  };
  const pgSampler = (async () => {
    while (sampling) {
      await sleep(500);
      pg?.sample();
    }
  })();
  const sampler = (async () => {
    while (sampling) {
      await sleep(1000);
      if (sampling) observe(await scrape(server.httpBase));
    }
  })();

  const s0 = snapshot();
  const sender = await runSender(options.senderBinary, {
    port: server.udpPort,
    file: options.packetFile,
    rate: options.rate,
    seconds: options.seconds,
    step: options.step,
  }).done;
  const s1 = snapshot();
  const atSendEnd = (await scrape(server.httpBase)).counters;

  // Drained when nothing moved for 2 s, the queue is empty and the socket buffer is empty.
  const drainStart = performance.now();
  const timeout = options.drainTimeoutMs ?? 300_000;
  let last = atSendEnd;
  let stableSince = performance.now();
  let timedOut = false;
  for (;;) {
    await sleep(500);
    if (server.exited()) break;
    const s = await scrape(server.httpBase);
    observe(s);
    const c = s.counters;
    const moved =
      c.received !== last.received ||
      c.rowsWritten !== last.rowsWritten ||
      c.rowsRejected !== last.rowsRejected;
    if (moved) stableSince = performance.now();
    last = c;
    const socketEmpty = (udpSocketStats(server.udpPort)?.rxQueueBytes ?? 0) === 0;
    if (!moved && c.queueRows === 0 && socketEmpty && performance.now() - stableSince >= 2000) break;
    if (performance.now() - drainStart > timeout) {
      timedOut = true;
      break;
    }
  }
  const drainSeconds = Math.max(0, (stableSince - drainStart) / 1000);
  sampling = false;
  await Promise.all([sampler, pgSampler]);
  const s2 = snapshot();
  const final = server.exited()
    ? { counters: last, lagMaxSeconds: 0, gcSeconds: first.gcSeconds }
    : await scrape(server.httpBase);
  const after = final.counters;
  const sock1 = udpSocketStats(server.udpPort);
  const snmp1 = udpSnmp();
  const senderCpu = sender.cpuUserSec + sender.cpuSysSec;
  const unread = after.received - atSendEnd.received;
  return {
    rate: options.rate,
    seconds: options.seconds,
    sent: sender.sent,
    achievedRate: sender.rate,
    received: after.received - before.received,
    kernelDrops: sock0 && sock1 ? sock1.drops - sock0.drops : -1,
    snmpRcvbufErrors: snmp1.rcvbufErrors - snmp0.rcvbufErrors,
    counters: diffCounters(after, before),
    writeRateDuringSend: (atSendEnd.rowsWritten - before.rowsWritten) / Math.max(1e-9, s1.t - s0.t),
    backlogAtSendEnd: atSendEnd.queueRows + unread,
    unreadDatagramsAtSendEnd: unread,
    drainSeconds,
    drainTimedOut: timedOut,
    queuePeakRows: queuePeak,
    rssPeakMb: rssPeakKb / 1024,
    eventLoopLagMaxMs: lagMax * 1000,
    gcPct: ((final.gcSeconds - first.gcSeconds) / Math.max(1e-9, s2.t - s0.t)) * 100,
    cpuSend: cpuWindow(s0, s1, senderCpu),
    cpuTotal: cpuWindow(s0, s2, senderCpu),
    serverAlive: !server.exited(),
    busyBeforePct: quiet.busyPct,
  };
}
