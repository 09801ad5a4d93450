import type { Histogram } from 'prom-client';
import type { SipSummary } from '../decoders/types.js';
import type { CounterCell, GaugeCell, GaugeTally } from '../telemetry/tally.js';
import { detached } from './detach.js';
import { LabelCap } from './label-cap.js';
import type { CallMetrics } from '../telemetry/call-metrics.js';
import type { TargetNames } from './targets.js';

/** What the tracker needs of a SIP message besides its summary. */
export interface SipObservation {
  readonly sip: SipSummary;
  /** Packet time in microseconds since the epoch (the HEP timestamp). */
  readonly timeUs: number;
  readonly srcIp: string;
  readonly dstIp: string;
  readonly nodeId: string;
}

export type CallOutcome = 'answered' | 'busy' | 'failed' | 'cancelled';

interface CallState {
  readonly startUs: number;
  readonly target: string;
  readonly nodeId: string;
  /** First provisional (18x) or final response time, for the session request delay. */
  srdDone: boolean;
  answeredUs?: number;
  outcome?: CallOutcome;
  /** Last time anything happened, for expiry. */
  touchedUs: number;
}

interface RegistrationState {
  readonly startUs: number;
  readonly target: string;
  readonly nodeId: string;
}

const SECOND_US = 1_000_000;

/** Limits that bound memory whatever the traffic; overflowing calls are counted, not tracked. */
export interface CallKpiLimits {
  readonly maxCalls: number;
  /** An INVITE without a final answer is forgotten after this long. */
  readonly setupTimeoutUs: number;
  /** An answered call without a BYE is forgotten after this long (duration unknown). */
  readonly callTimeoutUs: number;
  /** A finished call is remembered this long so retransmissions do not count twice. */
  readonly lingerUs: number;
}

export const DEFAULT_CALL_KPI_LIMITS: CallKpiLimits = {
  maxCalls: 200_000,
  setupTimeoutUs: 300 * SECOND_US,
  callTimeoutUs: 4 * 3600 * SECOND_US,
  lingerUs: 32 * SECOND_US,
};

/** Busy: the callee (or every callee) was busy — RFC 3261 486 and 600. */
function outcomeOf(status: number): CallOutcome {
  if (status === 486 || status === 600) return 'busy';
  if (status === 487) return 'cancelled';
  return 'failed';
}

/**
 * The metric cells and histogram children of one target, made on first use so a series appears
 * when first counted (as with plain prom-client counters) and a call costs no label hashing.
 */
class TargetCells {
  readonly setupDelay: Histogram.Internal<'target_name'>;
  readonly duration: Histogram.Internal<'target_name'>;
  private attemptsCell: CounterCell | undefined;
  private readonly outcomeCells: Partial<Record<CallOutcome, CounterCell>> = {};
  /** heplify_kpi_srd / rrd cells by node id (already capped: at most 257 each). */
  private readonly srdCells = new Map<string, GaugeCell>();
  private readonly rrdCells = new Map<string, GaugeCell>();

  constructor(
    private readonly metrics: CallMetrics,
    private readonly target: string,
  ) {
    this.setupDelay = metrics.setupDelay.labels(target);
    this.duration = metrics.duration.labels(target);
  }

  attempt(): void {
    (this.attemptsCell ??= this.metrics.tallies.attempts.cell({ target_name: this.target })).inc();
  }

  outcome(outcome: CallOutcome): void {
    (this.outcomeCells[outcome] ??= this.metrics.tallies.outcomes.cell({
      outcome,
      target_name: this.target,
    })).inc();
  }

  srd(nodeId: string, ns: number): void {
    this.gauge(this.srdCells, this.metrics.tallies.srd, nodeId).set(ns);
  }

  rrd(nodeId: string, ns: number): void {
    this.gauge(this.rrdCells, this.metrics.tallies.rrd, nodeId).set(ns);
  }

  private gauge(
    cells: Map<string, GaugeCell>,
    tally: GaugeTally<'target_name' | 'node_id'>,
    nodeId: string,
  ): GaugeCell {
    let cell = cells.get(nodeId);
    if (cell === undefined) {
      cell = tally.cell({ target_name: this.target, node_id: nodeId });
      cells.set(nodeId, cell);
    }
    return cell;
  }
}

/**
 * Follows INVITE dialogs and REGISTER transactions from the captured SIP (HOMER itself is
 * stateless: heplify-server #467 asked for exactly this) and feeds the call metrics: session request
 * delay and registration request delay (heplify_kpi_srd / rrd), call attempts and outcomes,
 * setup delay (INVITE → 200) and duration (200 → BYE) histograms, and ASR/NER. A message seen at
 * several capture points counts once: the first INVITE opens the call, later copies are ignored.
 */
export class CallKpiTracker {
  private readonly calls = new Map<string, CallState>();
  /** Per target name: bounded by the configured targets plus "". */
  private readonly cells = new Map<string, TargetCells>();
  /** node_id of the KPI gauges comes from the wire: at most 256 values (then "other"). */
  private readonly nodeIds = new LabelCap(256);
  private readonly registrations = new Map<string, RegistrationState>();
  private lastSweepUs = 0;

  constructor(
    private readonly metrics: CallMetrics,
    private readonly targets: TargetNames,
    private readonly limits: CallKpiLimits = DEFAULT_CALL_KPI_LIMITS,
  ) {}

  private cellsOf(target: string): TargetCells {
    let c = this.cells.get(target);
    if (!c) {
      c = new TargetCells(this.metrics, target);
      this.cells.set(target, c);
    }
    return c;
  }

  get trackedCalls(): number {
    return this.calls.size;
  }

  observe(o: SipObservation): void {
    this.observeMessage(o.sip, o.timeUs, o.srcIp, o.dstIp, o.nodeId);
  }

  /** `observe` without the observation object, for the per-packet path. */
  observeMessage(sip: SipSummary, timeUs: number, srcIp: string, dstIp: string, nodeId: string): void {
    const callId = sip.callId.endsWith('_b2b-1') ? sip.callId.slice(0, -6) : sip.callId;
    if (callId === '') return;
    if (timeUs - this.lastSweepUs > 10 * SECOND_US) this.sweep(timeUs);
    const method = sip.cseqMethod;
    if (method === 'INVITE') this.onInvite(callId, sip, timeUs, srcIp, dstIp, nodeId);
    else if (method === 'BYE') {
      if (sip.isRequest) this.onBye(callId, timeUs);
    } else if (method === 'REGISTER') this.onRegister(callId, sip, timeUs, srcIp, dstIp, nodeId);
  }

  private onInvite(
    callId: string,
    sip: SipSummary,
    timeUs: number,
    srcIp: string,
    dstIp: string,
    nodeId: string,
  ): void {
    const state = this.calls.get(callId);
    if (sip.isRequest) {
      if (state) return; // a copy from another capture point, a retransmission or a re-INVITE
      if (this.calls.size >= this.limits.maxCalls) {
        this.metrics.trackerOverflow.inc();
        return;
      }
      const target = this.targets.nameOf(srcIp, dstIp);
      this.calls.set(detached(callId), {
        startUs: timeUs,
        target,
        nodeId,
        srdDone: false,
        touchedUs: timeUs,
      });
      this.cellsOf(target).attempt();
      this.metrics.window.attempt(target, timeUs);
      return;
    }
    if (!state || state.outcome !== undefined) return;
    const status = Number(sip.methodOrStatus);
    if (!Number.isInteger(status) || status < 101) return; // 100 Trying says nothing about the callee
    state.touchedUs = timeUs;
    const delaySec = Math.max(0, timeUs - state.startUs) / SECOND_US;
    const cells = this.cellsOf(state.target);
    if (!state.srdDone) {
      state.srdDone = true;
      cells.srd(this.nodeIds.value(state.nodeId), delaySec * 1e9);
    }
    if (status < 200) return;
    if (status < 300) {
      state.outcome = 'answered';
      state.answeredUs = timeUs;
      cells.setupDelay.observe(delaySec);
    } else {
      state.outcome = outcomeOf(status);
    }
    cells.outcome(state.outcome);
    this.metrics.window.outcome(state.target, state.outcome, timeUs);
  }

  private onBye(callId: string, timeUs: number): void {
    const state = this.calls.get(callId);
    if (!state || state.answeredUs === undefined) return;
    this.cellsOf(state.target).duration.observe(Math.max(0, timeUs - state.answeredUs) / SECOND_US);
    state.answeredUs = undefined;
    state.touchedUs = timeUs;
  }

  private onRegister(
    callId: string,
    sip: SipSummary,
    timeUs: number,
    srcIp: string,
    dstIp: string,
    nodeId: string,
  ): void {
    if (sip.isRequest) {
      if (!this.registrations.has(callId) && this.registrations.size < this.limits.maxCalls) {
        const target = this.targets.nameOf(srcIp, dstIp);
        this.registrations.set(detached(callId), { startUs: timeUs, target, nodeId });
      }
      return;
    }
    const state = this.registrations.get(callId);
    const status = Number(sip.methodOrStatus);
    if (!state || !Number.isInteger(status) || status < 200) return;
    this.registrations.delete(callId);
    this.cellsOf(state.target).rrd(
      this.nodeIds.value(state.nodeId),
      (Math.max(0, timeUs - state.startUs) / SECOND_US) * 1e9,
    );
  }

  /** Forgets calls that can no longer change (bounded memory), counting unanswered ones as failed. */
  sweep(nowUs: number): void {
    this.lastSweepUs = nowUs;
    const { setupTimeoutUs, callTimeoutUs, lingerUs } = this.limits;
    for (const [callId, state] of this.calls) {
      const idle = nowUs - state.touchedUs;
      if (state.outcome === undefined) {
        if (idle > setupTimeoutUs) this.calls.delete(callId);
      } else if (state.answeredUs !== undefined) {
        if (idle > callTimeoutUs) this.calls.delete(callId);
      } else if (idle > lingerUs) {
        this.calls.delete(callId);
      }
    }
    for (const [callId, reg] of this.registrations) {
      if (nowUs - reg.startUs > setupTimeoutUs) this.registrations.delete(callId);
    }
  }
}
