import type { Counter } from 'prom-client';
import type { HepPacket } from '../hep/types.js';
import type { SipSummary } from '../decoders/types.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { TargetNames } from '../analytics/targets.js';

/**
 * `heplify_method_response` as heplify-server counts it without targets: one increment per
 * Call-ID + response + CSeq method, so a message mirrored at several hops counts once. Memory is
 * bounded with two generations of keys: when the current one is full it becomes the previous one
 * and the old previous is dropped whole. (Evicting the oldest key of one big Set one at a time is
 * O(n) per insert in V8 — deleted slots are skipped on every `values().next()` — and cost 36 % of
 * the capture CPU at 15 k pps before this change.)
 * heplify-server strips a `_b2b-1` suffix from Call-IDs before keying; so do we.
 */
export class MethodResponseCounter {
  private current = new Set<string>();
  private previous = new Set<string>();
  /** Keys per generation; up to twice this many are remembered. */
  private readonly limit: number;
  private readonly metrics: Metrics;
  /** Labelled children by node + response + method (few distinct values), to skip label hashing. */
  private readonly children = new Map<string, Counter.Internal>();

  constructor(
    metrics: Metrics,
    limit = 100_000,
    private readonly targets?: TargetNames,
  ) {
    this.metrics = metrics;
    this.limit = limit;
  }

  observe(sip: SipSummary, packet: HepPacket, nodeId: string): void {
    if (this.targets && this.targets.size > 0) {
      // With targets configured heplify-server counts every message to or from a target, per side.
      const { name, direction } = this.targets.ofFlow(packet.srcIp, packet.dstIp);
      if (name !== '') this.child(name, direction, nodeId, sip).inc();
      return;
    }
    const callId = sip.callId.endsWith('_b2b-1') ? sip.callId.slice(0, -6) : sip.callId;
    const key = `${callId}\u0000${sip.methodOrStatus}\u0000${sip.cseqMethod}`;
    if (this.current.has(key) || this.previous.has(key)) return;
    if (this.current.size >= this.limit) {
      this.previous = this.current;
      this.current = new Set<string>();
    }
    this.current.add(key);
    this.child('', '', nodeId, sip).inc();
  }

  /** The labelled counter, cached (bounded) so a packet costs no label hashing. */
  private child(target: string, direction: string, nodeId: string, sip: SipSummary): Counter.Internal {
    const labelKey = `${target}\u0000${direction}\u0000${nodeId}\u0000${sip.methodOrStatus}\u0000${sip.cseqMethod}`;
    let counter = this.children.get(labelKey);
    if (!counter) {
      counter = this.metrics.methodResponse.labels(
        target,
        direction,
        nodeId,
        sip.methodOrStatus,
        sip.cseqMethod,
      );
      if (this.children.size < 10_000) this.children.set(labelKey, counter);
    }
    return counter;
  }
}
