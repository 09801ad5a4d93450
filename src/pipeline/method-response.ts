import type { HepPacket } from '../hep/types.js';
import type { SipSummary } from '../decoders/types.js';
import type { Metrics } from '../telemetry/metrics.js';

/**
 * `heplify_method_response` as heplify-server counts it without targets: one increment per
 * Call-ID + response + CSeq method, so a message mirrored at several hops counts once. The seen set
 * is bounded (oldest keys forgotten first) so memory stays flat under any call volume.
 * heplify-server strips a `_b2b-1` suffix from Call-IDs before keying; so do we.
 */
export class MethodResponseCounter {
  private readonly seen = new Set<string>();
  private readonly limit: number;
  private readonly metrics: Metrics;

  constructor(metrics: Metrics, limit = 200_000) {
    this.metrics = metrics;
    this.limit = limit;
  }

  observe(sip: SipSummary, _packet: HepPacket, nodeId: string): void {
    const callId = sip.callId.endsWith('_b2b-1') ? sip.callId.slice(0, -6) : sip.callId;
    const key = `${callId}\u0000${sip.methodOrStatus}\u0000${sip.cseqMethod}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.seen.size > this.limit) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.metrics.methodResponse.inc({
      target_name: '',
      direction: '',
      node_id: nodeId,
      response: sip.methodOrStatus,
      method: sip.cseqMethod,
    });
  }
}
