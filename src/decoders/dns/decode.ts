import type { HepPacket } from '../../hep/types.js';
import {
  isObject,
  looksLikeJson,
  numberAt,
  parseJsonObject,
  stringAt,
  type JsonObject,
} from '../json-payload.js';
import { nonSipRow, type HeaderValue } from '../non-sip-row.js';
import { payloadText } from '../text.js';
import type { DecodeContext, DecodeResult } from '../types.js';
import { dnsRcodeName, dnsTypeName } from './names.js';
import { parseDns } from './parse.js';

export const DNS_DECODE_ERRORS = { badJson: 'dns_bad_json' } as const;

/**
 * HEP type 53 → `hep_proto_53_default` (created by our migrate(); heplify-server forgets it,
 * capture-servers.md §2).
 *
 * - JSON (heplify's agent decodes DNS itself): stored as sent.
 * - Binary DNS message: decoded into JSON (parse.ts).
 * - Malformed: stored anyway (binary as hex, `raw_encoding: "hex"`) with `parse_error`.
 *
 * data_header: `{"node","proto":"dns"}` plus `id`, `qname`, `qtype`, `rcode`, `qr` so lookups can
 * be searched. `sid` is the correlation id (else the flow key, so a query and its answer share it).
 */
export function decodeDns(packet: HepPacket, ctx: DecodeContext): DecodeResult {
  const payload = packet.payload;
  if (payload.length > 0 && looksLikeJson(payload.toString('latin1', 0, Math.min(payload.length, 64)))) {
    const text = payloadText(payload);
    const json = parseJsonObject(text);
    if (json === undefined) {
      const reason = DNS_DECODE_ERRORS.badJson;
      return {
        row: nonSipRow(packet, ctx, { raw: text, extra: { parse_error: reason } }),
        parseError: reason,
      };
    }
    return { row: nonSipRow(packet, ctx, { raw: text, extra: headerOfJson(json) }) };
  }
  const parsed = parseDns(payload);
  if ('error' in parsed) {
    return {
      row: nonSipRow(packet, ctx, {
        raw: payload.toString('hex'),
        extra: { parse_error: parsed.error, raw_encoding: 'hex' },
      }),
      parseError: parsed.error,
    };
  }
  const m = parsed.message;
  const extra = { id: m.id, qr: m.qr, qname: m.qname, qtype: m.qtype, rcode: m.rcode };
  return { row: nonSipRow(packet, ctx, { raw: JSON.stringify(m), extra }) };
}

/** The same keys from an agent's DNS JSON (heplify shape: `questions[0].name/type`, `rescode`). */
function headerOfJson(json: JsonObject): Record<string, HeaderValue> {
  const questions = json.questions;
  const first: unknown = Array.isArray(questions) ? questions[0] : undefined;
  const q = isObject(first) ? first : undefined;
  const qtype = numberAt(q, 'type');
  const rescode = numberAt(json, 'rescode');
  const qr = json.qr;
  return {
    id: numberAt(json, 'id'),
    qr: typeof qr === 'boolean' ? qr : undefined,
    qname: stringAt(q, 'name') ?? stringAt(json, 'qname'),
    qtype: qtype !== undefined ? dnsTypeName(qtype) : stringAt(json, 'qtype'),
    rcode: rescode !== undefined ? dnsRcodeName(rescode) : stringAt(json, 'rcode'),
  };
}
