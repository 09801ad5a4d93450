import { diffCounters, pipelineCounters, scrapeMetrics, type PipelineCounters } from './metrics-scrape.js';
import { sleep } from './net.js';
import {
  cpuPercent,
  machineTicks,
  processMemory,
  processTicks,
  uidTicks,
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
  /** Rows still queued in the server plus datagrams still in the socket when the sender stopped. */
  readonly backlogAtSendEnd: number;
  /** Seconds from the sender's end until rows stopped growing. */
  readonly drainSeconds: number;
  readonly drainTimedOut: boolean;
  readonly queuePeakRows: number;
  readonly rssPeakMb: number;
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

function snapshot(serverPid: number, pgUid: number | undefined, pgDatabase: string | undefined): Snapshot {
  return {
    t: performance.now() / 1000,
    server: processTicks(serverPid) ?? 0,
    postgres: pgUid === undefined ? 0 : uidTicks(pgUid, pgDatabase),
    machine: machineTicks().busy,
  };
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

async function counters(base: string): Promise<PipelineCounters> {
  const m = await scrapeMetrics(base);
  return m ? pipelineCounters(m) : EMPTY;
}

/**
 * One load step: send at `rate` for `seconds`, then wait until the server has written everything
 * it will write. CPU is read from /proc before and after, memory and the queue are sampled once a
 * second (a /metrics scrape costs the server well under 1 ms).
 */
export async function runStep(options: StepOptions): Promise<StepMeasurement> {
  const { server, pgUid } = options;
  const quiet = await waitForQuiet(25, 120_000);
  const before = await counters(server.httpBase);
  const sock0 = udpSocketStats(server.udpPort);
  const snmp0 = udpSnmp();
  let rssPeakKb = processMemory(server.pid)?.rssKb ?? 0;
  let queuePeak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sleep(1000);
      rssPeakKb = Math.max(rssPeakKb, processMemory(server.pid)?.rssKb ?? 0);
      const c = await counters(server.httpBase);
      queuePeak = Math.max(queuePeak, c.queueRows);
    }
  })();

  const s0 = snapshot(server.pid, pgUid, options.pgDatabase);
  const sender = await runSender(options.senderBinary, {
    port: server.udpPort,
    file: options.packetFile,
    rate: options.rate,
    seconds: options.seconds,
    step: options.step,
  }).done;
  const s1 = snapshot(server.pid, pgUid, options.pgDatabase);
  const atSendEnd = await counters(server.httpBase);
  const sockAtEnd = udpSocketStats(server.udpPort);
  const backlog = atSendEnd.queueRows + Math.round((sockAtEnd?.rxQueueBytes ?? 0) / 900);

  // Drained when nothing moved for 2 s, the queue is empty and the socket buffer is empty.
  const drainStart = performance.now();
  const timeout = options.drainTimeoutMs ?? 300_000;
  let last = atSendEnd;
  let stableSince = performance.now();
  let timedOut = false;
  for (;;) {
    await sleep(500);
    if (server.exited()) break;
    const c = await counters(server.httpBase);
    rssPeakKb = Math.max(rssPeakKb, processMemory(server.pid)?.rssKb ?? 0);
    queuePeak = Math.max(queuePeak, c.queueRows);
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
  const s2 = snapshot(server.pid, pgUid, options.pgDatabase);
  sampling = false;
  await sampler;
  const after = server.exited() ? last : await counters(server.httpBase);
  const sock1 = udpSocketStats(server.udpPort);
  const snmp1 = udpSnmp();
  const senderCpu = sender.cpuUserSec + sender.cpuSysSec;
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
    backlogAtSendEnd: backlog,
    drainSeconds,
    drainTimedOut: timedOut,
    queuePeakRows: queuePeak,
    rssPeakMb: rssPeakKb / 1024,
    cpuSend: cpuWindow(s0, s1, senderCpu),
    cpuTotal: cpuWindow(s0, s2, senderCpu),
    serverAlive: !server.exited(),
    busyBeforePct: quiet.busyPct,
  };
}
