import { isObject, numberAt, objectAt, stringAt, type JsonObject } from '../json-payload.js';

/** What a JSON log/event line says about itself, for data_header. Only present keys are set. */
export interface EventFields {
  /** `janus`, `mediasoup` or undefined (a generic JSON log, e.g. Kamailio `hlog` with JSON text). */
  source?: string;
  event?: string;
  level?: string;
  callid?: string;
  /** Janus: session and handle ids (exact digits: they exceed 2^53), opaque id, emitter, type. */
  session_id?: string;
  handle_id?: string;
  opaque_id?: string;
  emitter?: string;
  event_type?: number;
  /** mediasoup object ids. */
  room_id?: string;
  peer_id?: string;
  router_id?: string;
  transport_id?: string;
  producer_id?: string;
  consumer_id?: string;
}

/** mediasoup's ids (camelCase, as its API names them) → data_header keys. */
const MEDIASOUP_IDS = [
  ['roomId', 'room_id'],
  ['peerId', 'peer_id'],
  ['routerId', 'router_id'],
  ['transportId', 'transport_id'],
  ['producerId', 'producer_id'],
  ['consumerId', 'consumer_id'],
] as const;

const CALL_ID_KEYS = ['callid', 'call_id', 'callId', 'Call-ID', 'correlation_id'];
const LEVEL_KEYS = ['level', 'severity', 'log_level'];

/**
 * Reads event fields from a JSON event. `value` is the parsed payload (an object, or an array of
 * them: Janus batches events), `text` the payload text, used to read Janus ids exactly.
 */
export function eventFields(value: unknown, text: string): EventFields {
  const first = Array.isArray(value) ? (value as unknown[]).find(isObject) : value;
  if (!isObject(first)) return {};
  const out: EventFields = {};
  const inner = objectAt(first, 'event');

  if (isJanus(first)) {
    out.source = 'janus';
    out.session_id = exactId(text, 'session_id') ?? stringAt(first, 'session_id');
    out.handle_id = exactId(text, 'handle_id') ?? stringAt(first, 'handle_id');
    out.opaque_id = stringAt(first, 'opaque_id') ?? stringAt(inner, 'opaque_id');
    out.emitter = stringAt(first, 'emitter');
    out.event_type = numberAt(first, 'type');
    out.event =
      stringAt(inner, 'name') ?? stringAt(inner, 'event') ?? stringAt(objectAt(inner, 'data'), 'event');
  } else {
    for (const [key, name] of MEDIASOUP_IDS) {
      const id = stringAt(first, key) ?? stringAt(inner, key);
      if (id !== undefined) {
        out.source = 'mediasoup';
        out[name] = id;
      }
    }
    out.event = stringAt(first, 'event') ?? stringAt(inner, 'name') ?? stringAt(first, 'type');
  }
  out.level = firstString(first, LEVEL_KEYS);
  out.callid = firstString(first, CALL_ID_KEYS) ?? firstString(inner, CALL_ID_KEYS);
  for (const key of Object.keys(out) as (keyof EventFields)[]) {
    if (out[key] === undefined) delete out[key];
  }
  return out;
}

/** Janus event handlers send `{emitter, type, timestamp, session_id, handle_id, event}`. */
function isJanus(obj: JsonObject): boolean {
  return 'session_id' in obj || ('emitter' in obj && typeof obj.type === 'number' && 'event' in obj);
}

function firstString(obj: JsonObject | undefined, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = stringAt(obj, key);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** The digits of the first `"key": 123…` in the text: JSON.parse rounds ids above 2^53. */
function exactId(text: string, key: string): string | undefined {
  const m = new RegExp(`"${key}"\\s*:\\s*"?(\\d{1,20})`).exec(text);
  return m?.[1];
}
