import type { HepPacket } from '../hep/types.js';
import type { CaptureRow } from '../pipeline/row.js';
import { packetFlowKey } from './flow-key.js';
import { buildProtocolHeader, captureIdOf } from './protocol-header.js';
import { protoName } from './proto-names.js';
import type { DecodeContext } from './types.js';

/** A data_header value: written as a JSON string, number or boolean; `undefined` leaves the key out. */
export type HeaderValue = string | number | boolean | undefined;

/** What a non-SIP decoder decided about its packet; everything else comes from the HEP packet. */
export interface NonSipRowParts {
  /** Table id: `hep_proto_{hepid}_{profile}`. Defaults to the packet's HEP type. */
  readonly hepid?: number;
  /** Table profile: `hep_proto_{hepid}_{profile}`. Defaults to `default`. */
  readonly profile?: string;
  /**
   * `sid` when the packet has no HEP correlation id (0x0011): an id read from the payload (a
   * Call-ID in a quality report, ...). Without either, the flow key (flow-key.ts).
   */
  readonly fallbackSid?: string;
  /** `sid` regardless of the correlation id (ISUP: heplify-server's `opc:dpc:cic`). */
  readonly forcedSid?: string;
  /** Keys after heplify-server's `node` and `proto`, in this order. */
  readonly extra?: Readonly<Record<string, HeaderValue>>;
  readonly raw: string;
}

/**
 * A row for a non-SIP payload: heplify-server's `{"node","proto"}` data_header (capture-servers.md
 * §3) followed by what the decoder extracted, `sid` = correlation id so the row joins its call
 * (homer-app correlates RTCP and logs through `sid = callid`, homer-app.md §2.5).
 */
export function nonSipRow(packet: HepPacket, ctx: DecodeContext, parts: NonSipRowParts): CaptureRow {
  const correlationId = packet.correlationId ?? '';
  const header = buildProtocolHeader(packet, ctx, correlationId);
  let sid = parts.forcedSid;
  if (sid === undefined || sid === '') {
    if (correlationId !== '') sid = correlationId;
    else if (parts.fallbackSid !== undefined && parts.fallbackSid !== '') sid = parts.fallbackSid;
    else sid = packetFlowKey(packet);
  }
  return {
    hepid: parts.hepid ?? packet.protoType,
    profile: parts.profile ?? 'default',
    sid,
    timeSeconds: header.timeSeconds,
    timeUseconds: header.timeUseconds,
    protocolHeader: header.json,
    dataHeader: dataHeaderJson(packet, parts.extra),
    raw: parts.raw,
  };
}

function dataHeaderJson(packet: HepPacket, extra: NonSipRowParts['extra']): string {
  const header: Record<string, HeaderValue> = {
    node: captureIdOf(packet),
    proto: protoName(packet.protoType),
  };
  if (extra !== undefined) {
    for (const [key, value] of Object.entries(extra)) {
      // Never let a payload field replace the two heplify-server keys.
      if (value !== undefined && key !== 'node' && key !== 'proto') header[key] = finite(value);
    }
  }
  return JSON.stringify(header);
}

function finite(value: string | number | boolean): string | number | boolean {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}
