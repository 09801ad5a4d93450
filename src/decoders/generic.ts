import type { HepPacket } from '../hep/types.js';
import type { CaptureRow } from '../pipeline/row.js';
import { packetFlowKey } from './flow-key.js';
import { jsonString } from './json.js';
import { buildProtocolHeader, captureIdOf } from './protocol-header.js';
import { protoName } from './proto-names.js';
import { payloadText } from './text.js';
import type { DecodeContext, DecodeResult, PayloadDecoder } from './types.js';

/**
 * The decoder for every HEP type without a dedicated one (registry.ts lists those: SIP, RTCP, QoS
 * reports, DNS, ISUP, logs): heplify-server stores their payload as is with `{"node","proto"}` as
 * data_header (§1.4, §3). Also the fallback when a dedicated decoder throws.
 *
 * Deliberate differences from heplify-server (capture-servers.md §2): each type goes to its own
 * `hep_proto_{type}_default` (not the `hep_proto_35_default` catch-all), and packets without a
 * correlation id are stored too, under a flow-key `sid` (see flow-key.ts), instead of dropped.
 */
export function createGenericDecoder(): PayloadDecoder {
  return decodeGeneric;
}

/** Decodes any packet the generic way; also the fallback when a dedicated decoder fails. */
export function decodeGeneric(packet: HepPacket, ctx: DecodeContext): DecodeResult {
  const correlationId = packet.correlationId ?? '';
  const header = buildProtocolHeader(packet, ctx, correlationId);
  const row: CaptureRow = {
    hepid: packet.protoType,
    profile: 'default',
    sid: correlationId !== '' ? correlationId : packetFlowKey(packet),
    timeSeconds: header.timeSeconds,
    timeUseconds: header.timeUseconds,
    protocolHeader: header.json,
    dataHeader:
      '{"node":' +
      jsonString(captureIdOf(packet)) +
      ',"proto":' +
      jsonString(protoName(packet.protoType)) +
      '}',
    raw: payloadText(packet.payload),
  };
  return { row };
}
