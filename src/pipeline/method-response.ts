import type { HepPacket } from '../hep/types.js';
import type { SipSummary } from '../decoders/types.js';
import type { Metrics } from '../telemetry/metrics.js';
import { MAX_TALLY_CELLS, type CounterCell } from '../telemetry/tally.js';
import type { TargetNames } from '../analytics/targets.js';
import { detached } from '../analytics/detach.js';

/**
 * Responses and CSeq methods seen for one Call-ID, as pairs: [response0, method0, response1, ...].
 * A call has a handful, so a scan beats building and hashing a combined key per message.
 */
type SeenPairs = string[];

/** Cells by node id, then response, then CSeq method. */
type CellsByNode = Map<string, Map<string, Map<string, CounterCell>>>;

function holds(seen: SeenPairs, response: string, method: string): boolean {
  for (let i = 0; i < seen.length; i += 2) {
    if (seen[i] === response && seen[i + 1] === method) return true;
  }
  return false;
}

/**
 * `heplify_method_response` as heplify-server counts it without targets: one increment per
 * Call-ID + response + CSeq method, so a message mirrored at several hops counts once. Memory is
 * bounded with two generations of keys: when the current one holds `limit` keys it becomes the
 * previous one and the old previous is dropped whole. (Evicting the oldest key of one big Set one
 * at a time is O(n) per insert in V8 — deleted slots are skipped on every `values().next()` — and
 * cost 36 % of the capture CPU at 15 k pps before generations.) A generation maps each Call-ID to
 * the pairs seen with it, so a message hashes its Call-ID (a string the decoder made and the call
 * tracker looks up again) instead of a new concatenated key.
 * heplify-server strips a `_b2b-1` suffix from Call-IDs before keying; so do we.
 */
export class MethodResponseCounter {
  private current = new Map<string, SeenPairs>();
  private previous = new Map<string, SeenPairs>();
  /** Keys (Call-ID + response + method) in `current`. */
  private currentKeys = 0;
  /** Keys per generation; up to twice this many are remembered. */
  private readonly limit: number;
  private readonly metrics: Metrics;
  /** Counter cells by target scope ("" without targets, else name + direction), node, response, method. */
  private readonly cells = new Map<string, CellsByNode>();
  private cellCount = 0;

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
      if (name !== '') this.cell(name, direction, nodeId, sip).inc();
      return;
    }
    const callId = sip.callId.endsWith('_b2b-1') ? sip.callId.slice(0, -6) : sip.callId;
    const response = sip.methodOrStatus;
    const method = sip.cseqMethod;
    let seen = this.current.get(callId);
    if (seen !== undefined && holds(seen, response, method)) return;
    const old = this.previous.get(callId);
    if (old !== undefined && holds(old, response, method)) return;
    if (this.currentKeys >= this.limit) {
      this.previous = this.current;
      this.current = new Map();
      this.currentKeys = 0;
      seen = undefined;
    }
    if (seen === undefined) {
      seen = [];
      this.current.set(detached(callId), seen);
    }
    seen.push(detached(response), detached(method));
    this.currentKeys++;
    this.cell('', '', nodeId, sip).inc();
  }

  /** The counter cell of a label set, cached (bounded) so a message costs no label hashing. */
  private cell(target: string, direction: string, nodeId: string, sip: SipSummary): CounterCell {
    const scope = target === '' && direction === '' ? '' : `${target}\u0000${direction}`;
    let byNode = this.cells.get(scope);
    let byResponse = byNode?.get(nodeId);
    let byMethod = byResponse?.get(sip.methodOrStatus);
    let cell = byMethod?.get(sip.cseqMethod);
    if (cell !== undefined) return cell;
    // Kept as keys and labels: copies, not views of the message.
    const node = detached(nodeId);
    const response = detached(sip.methodOrStatus);
    const method = detached(sip.cseqMethod);
    cell = this.metrics.tallies.methodResponse.cell({
      target_name: target,
      direction,
      node_id: node,
      response,
      method,
    });
    if (this.cellCount < MAX_TALLY_CELLS) {
      if (!byNode) this.cells.set(scope, (byNode = new Map()));
      if (!byResponse) byNode.set(node, (byResponse = new Map()));
      if (!byMethod) byResponse.set(response, (byMethod = new Map()));
      byMethod.set(method, cell);
      this.cellCount++;
    }
    return cell;
  }
}
