import type { Counter, Histogram } from 'prom-client';
import type { SipSummary } from '../decoders/types.js';
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
 * Follows INVITE dialogs and REGISTER transactions from the captured SIP (HOMER itself is
 * stateless: heplify-server #467 asked for exactly this) and feeds the call metrics: session request
 * delay and registration request delay (heplify_kpi_srd / rrd), call attempts and outcomes,
 * setup delay (INVITE → 200) and duration (200 → BYE) histograms, and ASR/NER. A message seen at
 * several capture points counts once: the first INVITE opens the call, later copies are ignored.
 */
/** Labelled metric children of one target, so a call costs no label hashing (prom-client hashes per call). */
interface TargetChildren {
  readonly attempts: Counter.Internal;
  readonly setupDelay: Histogram.Internal<'target_name'>;
  readonly duration: Histogram.Internal<'target_name'>;
  readonly outcomes: Readonly<Record<CallOutcome, Counter.Internal>>;
}

export class CallKpiTracker {
  private readonly calls = new Map<string, CallState>();
  /** Per target name: bounded by the configured targets plus "". */
  private readonly children = new Map<string, TargetChildren>();
  /** node_id of the KPI gauges comes from the wire: at most 256 values (then "other"). */
  private readonly nodeIds = new LabelCap(256);
  private readonly registrations = new Map<string, RegistrationState>();
  private lastSweepUs = 0;

  constructor(
    private readonly metrics: CallMetrics,
    private readonly targets: TargetNames,
    private readonly limits: CallKpiLimits = DEFAULT_CALL_KPI_LIMITS,
  ) {}

  private childrenOf(target: string): TargetChildren {
    let c = this.children.get(target);
    if (!c) {
      const m = this.metrics;
      c = {
        attempts: m.attempts.labels(target),
        setupDelay: m.setupDelay.labels(target),
        duration: m.duration.labels(target),
        outcomes: {
          answered: m.outcomes.labels('answered', target),
          busy: m.outcomes.labels('busy', target),
          cancelled: m.outcomes.labels('cancelled', target),
          failed: m.outcomes.labels('failed', target),
        },
      };
      this.children.set(target, c);
    }
    return c;
  }

  get trackedCalls(): number {
    return this.calls.size;
  }

  observe(o: SipObservation): void {
    const { sip } = o;
    const callId = sip.callId.endsWith('_b2b-1') ? sip.callId.slice(0, -6) : sip.callId;
    if (callId === '') return;
    if (o.timeUs - this.lastSweepUs > 10 * SECOND_US) this.sweep(o.timeUs);
    if (sip.cseqMethod === 'INVITE') this.onInvite(callId, o);
    else if (sip.cseqMethod === 'BYE' && sip.isRequest) this.onBye(callId, o);
    else if (sip.cseqMethod === 'REGISTER') this.onRegister(callId, o);
  }

  private onInvite(callId: string, o: SipObservation): void {
    const state = this.calls.get(callId);
    if (o.sip.isRequest) {
      if (state) return; // a copy from another capture point, a retransmission or a re-INVITE
      if (this.calls.size >= this.limits.maxCalls) {
        this.metrics.trackerOverflow.inc();
        return;
      }
      const target = this.targets.ofFlow(o.srcIp, o.dstIp).name;
      this.calls.set(callId, {
        startUs: o.timeUs,
        target,
        nodeId: o.nodeId,
        srdDone: false,
        touchedUs: o.timeUs,
      });
      this.childrenOf(target).attempts.inc();
      this.metrics.window.attempt(target, o.timeUs);
      return;
    }
    if (!state || state.outcome !== undefined) return;
    const status = Number(o.sip.methodOrStatus);
    if (!Number.isInteger(status) || status < 101) return; // 100 Trying says nothing about the callee
    state.touchedUs = o.timeUs;
    const delaySec = Math.max(0, o.timeUs - state.startUs) / SECOND_US;
    if (!state.srdDone) {
      state.srdDone = true;
      this.metrics.srd.set(
        { target_name: state.target, node_id: this.nodeIds.value(state.nodeId) },
        delaySec * 1e9,
      );
    }
    if (status < 200) return;
    if (status < 300) {
      state.outcome = 'answered';
      state.answeredUs = o.timeUs;
      this.childrenOf(state.target).setupDelay.observe(delaySec);
    } else {
      state.outcome = outcomeOf(status);
    }
    this.childrenOf(state.target).outcomes[state.outcome].inc();
    this.metrics.window.outcome(state.target, state.outcome, o.timeUs);
  }

  private onBye(callId: string, o: SipObservation): void {
    const state = this.calls.get(callId);
    if (!state || state.answeredUs === undefined) return;
    this.childrenOf(state.target).duration.observe(Math.max(0, o.timeUs - state.answeredUs) / SECOND_US);
    state.answeredUs = undefined;
    state.touchedUs = o.timeUs;
  }

  private onRegister(callId: string, o: SipObservation): void {
    if (o.sip.isRequest) {
      if (!this.registrations.has(callId) && this.registrations.size < this.limits.maxCalls) {
        const target = this.targets.ofFlow(o.srcIp, o.dstIp).name;
        this.registrations.set(callId, { startUs: o.timeUs, target, nodeId: o.nodeId });
      }
      return;
    }
    const state = this.registrations.get(callId);
    const status = Number(o.sip.methodOrStatus);
    if (!state || !Number.isInteger(status) || status < 200) return;
    this.registrations.delete(callId);
    this.metrics.rrd.set(
      { target_name: state.target, node_id: this.nodeIds.value(state.nodeId) },
      (Math.max(0, o.timeUs - state.startUs) / SECOND_US) * 1e9,
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
