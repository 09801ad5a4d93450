import type { HepPacket } from '../../hep/types.js';
import { parseJson } from '../json-payload.js';
import { nonSipRow } from '../non-sip-row.js';
import { payloadText } from '../text.js';
import type { DecodeContext, DecodeResult } from '../types.js';
import { eventFields } from './event-fields.js';

/**
 * HEP type 100 (logs: Kamailio `hlog()`, heplify, application event handlers) →
 * `hep_proto_100_default`, raw payload as sent.
 *
 * - Text lines keep heplify-server's data_header `{"node","proto":"log"}` exactly.
 * - JSON lines (an object, or an array of objects as Janus batches them) add what they say about
 *   themselves (event-fields.ts): `source` (janus, mediasoup), `event`, `level`, `callid`, Janus
 *   `session_id`/`handle_id`/`opaque_id`/`emitter`/`event_type`, mediasoup `*_id`s.
 *
 * `sid` = the HEP correlation id (so `hlog` lines join their call); without one, a call id from the
 * JSON, then the Janus session id (all events of a session share it), then the flow key.
 * A log never has a parse error: a line that is not JSON is simply text.
 */
export function decodeLog(packet: HepPacket, ctx: DecodeContext): DecodeResult {
  const raw = payloadText(packet.payload);
  const json = parseJson(raw);
  if (json === undefined) return { row: nonSipRow(packet, ctx, { raw }) };
  const fields = eventFields(json, raw);
  const fallbackSid = fields.callid ?? fields.session_id;
  return { row: nonSipRow(packet, ctx, { raw, extra: { ...fields }, fallbackSid }) };
}
