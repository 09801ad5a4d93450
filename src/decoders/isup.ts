import type { HepPacket } from '../hep/types.js';
import { numberAt, objectAt, parseJsonObject, stringAt, type JsonObject } from './json-payload.js';
import { nonSipRow } from './non-sip-row.js';
import { payloadText } from './text.js';
import type { DecodeContext, DecodeResult } from './types.js';

export const ISUP_PARSE_ERRORS = { notJson: 'isup_not_json' } as const;

/** heplify-server's ISUP fields (capture-servers.md §1.4, §3). */
export interface IsupFields {
  readonly cic: number;
  readonly dpc: number;
  readonly opc: number;
  readonly msgName: string;
  readonly calledNumber: string;
  readonly callingNumber: string;
  /** `min(opc,dpc):max(opc,dpc):cic`: both directions of a circuit share it. */
  readonly callid: string;
  /** False when the JSON has none of cic, opc, dpc (the callid would be a meaningless `0:0:0`). */
  readonly hasCircuit: boolean;
}

/** Reads heplify-server's ISUP paths: cic, dpc, opc, msg_name, called_number.num, calling_number.num. */
export function readIsup(json: JsonObject): IsupFields {
  // heplify-server's jsonparser.ParseInt: an integer or 0.
  const int = (key: string): number => {
    const n = numberAt(json, key);
    return n !== undefined && Number.isSafeInteger(n) ? n : 0;
  };
  const cic = int('cic');
  const dpc = int('dpc');
  const opc = int('opc');
  return {
    cic,
    dpc,
    opc,
    msgName: stringAt(json, 'msg_name') ?? '',
    calledNumber: stringAt(objectAt(json, 'called_number'), 'num') ?? '',
    callingNumber: stringAt(objectAt(json, 'calling_number'), 'num') ?? '',
    callid: `${Math.min(opc, dpc)}:${Math.max(opc, dpc)}:${cic}`,
    hasCircuit: ['cic', 'dpc', 'opc'].some((k) => numberAt(json, k) !== undefined),
  };
}

/**
 * HEP type 54 (M3UA/ISUP JSON) → `hep_proto_54_default` with heplify-server's data_header keys
 * (`cic, dpc, opc` numbers, `msg_name, called_number, calling_number, callid` strings; the table's
 * per-partition indexes cover them) and its `sid` = `callid`, so both directions of a circuit are
 * one "call". The HEP correlation id stays in protocol_header.correlation_id. Without any circuit
 * field, or when the payload is not JSON, `sid` is the correlation id (or the flow key).
 */
export function decodeIsup(packet: HepPacket, ctx: DecodeContext): DecodeResult {
  const raw = payloadText(packet.payload);
  const json = parseJsonObject(raw);
  if (json === undefined) {
    const reason = ISUP_PARSE_ERRORS.notJson;
    return { row: nonSipRow(packet, ctx, { raw, extra: { parse_error: reason } }), parseError: reason };
  }
  const isup = readIsup(json);
  const extra = {
    cic: isup.cic,
    dpc: isup.dpc,
    opc: isup.opc,
    msg_name: isup.msgName,
    called_number: isup.calledNumber,
    calling_number: isup.callingNumber,
    callid: isup.callid,
  };
  return {
    row: nonSipRow(packet, ctx, { raw, extra, forcedSid: isup.hasCircuit ? isup.callid : undefined }),
  };
}
