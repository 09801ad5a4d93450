import type { HepPacket } from '../hep/types.js';
import { jsonNumber, jsonString } from './json.js';
import type { DecodeContext } from './types.js';

/** protocol_header JSON text plus the timestamp it carries (and the row uses). */
export interface ProtocolHeader {
  readonly json: string;
  readonly timeSeconds: number;
  readonly timeUseconds: number;
}

const MICROS_PER_SECOND = 1_000_000;

/**
 * heplify-server's `captureId`: the node name (HEP3 chunk 0x0013) when the agent sent a non-empty
 * one, else the numeric capture id (0x000c) in decimal (capture-servers.md §1.2, §3).
 */
export function captureIdOf(packet: HepPacket): string {
  const name = packet.nodeName;
  return name !== undefined && name !== '' ? name : String(packet.captureId);
}

/**
 * The protocol_header column exactly as heplify-server writes it (capture-servers.md §3): keys in
 * this order, numbers as numbers, `captureId` as a string, `capturePass` only when non-empty,
 * `correlation_id` always. Byte-identical to `JSON.stringify` of an object with these keys.
 *
 * Differences from heplify-server, on purpose: every string is JSON-escaped (it writes `captureId`
 * and `capturePass` raw, which yields invalid JSON for a node name holding `"`), and a microsecond
 * field of 1 000 000 or more is carried into the seconds so the row's timestamp stays valid.
 *
 * @param correlationId the correlation id to write; SIP passes its own (Call-ID or A-leg fallback,
 *   §1.3), everything else the HEP chunk 0x0011.
 */
export function buildProtocolHeader(
  packet: HepPacket,
  ctx: DecodeContext,
  correlationId: string = packet.correlationId ?? '',
): ProtocolHeader {
  let seconds = packet.timeSeconds;
  let useconds = packet.timeUseconds;
  // HEP v1 has no timestamp and agents may send zeros: heplify-server then uses the arrival time.
  if (seconds === 0 && useconds === 0) {
    seconds = ctx.arrivalSeconds;
    useconds = ctx.arrivalUseconds;
  }
  if (useconds >= MICROS_PER_SECOND) {
    seconds += Math.floor(useconds / MICROS_PER_SECOND);
    useconds %= MICROS_PER_SECOND;
  }
  const pass = packet.authKey;
  const json =
    '{"protocolFamily":' +
    jsonNumber(packet.ipFamily) +
    ',"protocol":' +
    jsonNumber(packet.ipProtocol) +
    ',"srcIp":' +
    jsonString(packet.srcIp) +
    ',"dstIp":' +
    jsonString(packet.dstIp) +
    ',"srcPort":' +
    jsonNumber(packet.srcPort) +
    ',"dstPort":' +
    jsonNumber(packet.dstPort) +
    ',"timeSeconds":' +
    jsonNumber(seconds) +
    ',"timeUseconds":' +
    jsonNumber(useconds) +
    ',"payloadType":' +
    jsonNumber(packet.protoType) +
    ',"captureId":' +
    jsonString(captureIdOf(packet)) +
    (pass !== undefined && pass !== '' ? ',"capturePass":' + jsonString(pass) : '') +
    ',"correlation_id":' +
    jsonString(correlationId) +
    '}';
  return { json, timeSeconds: seconds, timeUseconds: useconds };
}
