import type { DecoderRegistry } from '../../decoders/registry.js';
import type { HepPacket } from '../../hep/types.js';
import type { CaptureRow } from '../../pipeline/row.js';
import type { CapturedSip } from './sip-extract.js';

/** Capture id (`protocol_header.captureId`) of imported rows unless the caller names another node. */
export const PCAP_IMPORT_NODE = 'pcap-import';
const HEP_PROTO_SIP = 1;

export interface ImportOptions {
  /** Node name written as captureId. */
  readonly node?: string;
  /** Added to every message time (µs): the `/now` variant shifts the first message to now. */
  readonly shiftUs?: number;
  /** Arrival time used when a message has no capture time (a zero timestamp). */
  readonly nowUs: number;
}

/** The HEP packet an agent would have sent for this message (HEP3, SIP, no correlation id). */
export function toHepPacket(message: CapturedSip, timeUs: number, node: string): HepPacket {
  return {
    version: 3,
    ipFamily: message.ipFamily,
    ipProtocol: message.ipProtocol,
    srcIp: message.srcIp,
    dstIp: message.dstIp,
    srcPort: message.srcPort,
    dstPort: message.dstPort,
    timeSeconds: Math.floor(timeUs / 1_000_000),
    timeUseconds: timeUs % 1_000_000,
    protoType: HEP_PROTO_SIP,
    captureId: 0,
    nodeName: node,
    payload: message.payload,
    extraChunks: [],
  };
}

/** µs to add so the earliest message lands at `nowUs`. */
export function shiftToNow(messages: readonly CapturedSip[], nowUs: number): number {
  let first = Infinity;
  for (const m of messages) first = Math.min(first, m.timeUs);
  return Number.isFinite(first) ? nowUs - first : 0;
}

/**
 * Rows for the extracted SIP messages, decoded exactly as captured HEP packets are (same decoder,
 * same table routing: hep_proto_1_call / registration / default by CSeq method).
 */
export function importRows(
  messages: readonly CapturedSip[],
  decoders: DecoderRegistry,
  options: ImportOptions,
): CaptureRow[] {
  const node = options.node ?? PCAP_IMPORT_NODE;
  const shift = Math.trunc(options.shiftUs ?? 0);
  const ctx = {
    arrivalSeconds: Math.floor(options.nowUs / 1_000_000),
    arrivalUseconds: options.nowUs % 1_000_000,
  };
  return messages.map((message) => {
    const timeUs = Math.max(0, message.timeUs + shift);
    return decoders.decode(toHepPacket(message, timeUs, node), ctx).row;
  });
}
