import type { HepPacket } from '../hep/types.js';
import { isPlainJsonString, isPlainRepeatedJsonString, jsonNumber, jsonString } from './json.js';
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
  return name !== undefined && name !== '' ? name : captureIdText(packet.captureId);
}

let lastCaptureId = 0;
let lastCaptureIdText = '0';

/**
 * String(id), remembering the last one: an agent sends the same capture id in every packet (and
 * the same string object each time lets isPlainJsonString hit its memo).
 */
function captureIdText(id: number): string {
  if (id !== lastCaptureId) {
    lastCaptureIdText = String(id);
    lastCaptureId = id;
  }
  return lastCaptureIdText;
}

let headFamily = NaN;
let headProtocol = NaN;
let head = '';

/** The JSON up to the source address's value (numbers checked finite by the caller). */
function headText(ipFamily: number, ipProtocol: number): string {
  if (ipFamily !== headFamily || ipProtocol !== headProtocol) {
    head = '{"protocolFamily":' + ipFamily + ',"protocol":' + ipProtocol + ',"srcIp":"';
    headFamily = ipFamily;
    headProtocol = ipProtocol;
  }
  return head;
}

let tailPayloadType = NaN;
let tailCaptureId = '';
let tailPass = '';
let tail = '';

/**
 * The JSON from payloadType to the correlation id's opening quote (strings checked plain by the
 * caller; `pass` "" = no capturePass key).
 */
function tailText(payloadType: number, captureId: string, pass: string): string {
  if (payloadType !== tailPayloadType || captureId !== tailCaptureId || pass !== tailPass) {
    tail =
      ',"payloadType":' +
      payloadType +
      ',"captureId":"' +
      captureId +
      (pass !== '' ? '","capturePass":"' + pass : '') +
      '","correlation_id":"';
    tailPayloadType = payloadType;
    tailCaptureId = captureId;
    tailPass = pass;
  }
  return tail;
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
 * @param correlationIdIsPlain the caller already knows `correlationId` needs no JSON escaping.
 */
export function buildProtocolHeader(
  packet: HepPacket,
  ctx: DecodeContext,
  correlationId: string = packet.correlationId ?? '',
  correlationIdIsPlain = false,
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
  const withPass = pass !== undefined && pass !== '';
  const captureId = captureIdOf(packet);
  const { ipFamily, ipProtocol, srcIp, dstIp, srcPort, dstPort, protoType } = packet;
  if (
    Number.isFinite(ipFamily) &&
    Number.isFinite(ipProtocol) &&
    Number.isFinite(srcPort) &&
    Number.isFinite(dstPort) &&
    Number.isFinite(seconds) &&
    Number.isFinite(useconds) &&
    Number.isFinite(protoType) &&
    isPlainRepeatedJsonString(srcIp) &&
    isPlainRepeatedJsonString(dstIp) &&
    isPlainRepeatedJsonString(captureId) &&
    (!withPass || isPlainRepeatedJsonString(pass)) &&
    (correlationIdIsPlain || isPlainJsonString(correlationId))
  ) {
    // The usual case as one concatenation with the quotes in the constant text (a finite number
    // concatenates as String(n), which is its JSON), the parts an agent repeats made once.
    const json =
      headText(ipFamily, ipProtocol) +
      srcIp +
      '","dstIp":"' +
      dstIp +
      '","srcPort":' +
      srcPort +
      ',"dstPort":' +
      dstPort +
      ',"timeSeconds":' +
      seconds +
      ',"timeUseconds":' +
      useconds +
      tailText(protoType, captureId, withPass ? pass : '') +
      correlationId +
      '"}';
    return { json, timeSeconds: seconds, timeUseconds: useconds };
  }
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
    jsonString(captureId) +
    (withPass ? ',"capturePass":' + jsonString(pass) : '') +
    ',"correlation_id":' +
    jsonString(correlationId) +
    '}';
  return { json, timeSeconds: seconds, timeUseconds: useconds };
}
