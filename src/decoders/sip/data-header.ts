import { jsonString } from '../json.js';
import { HEADER_SLOTS, type HeaderSlotName, type SipMessage } from './message.js';

/** Where one data_header key comes from, and which headers the scanner must capture for it. */
interface FieldSource {
  readonly headers: readonly HeaderSlotName[];
  readonly read: (m: SipMessage) => string;
}

/**
 * Every data_header key heplify-server knows (its `EscapeFields`, capture-servers.md §3).
 * Keys not listed here are written with "".
 */
export const SIP_FIELD_SOURCES: Readonly<Record<string, FieldSource>> = Object.freeze({
  callid: { headers: ['callId'], read: (m) => m.callId },
  cseq: { headers: ['cseq'], read: (m) => m.cseq },
  method: { headers: [], read: (m) => m.methodOrStatus },
  ruri_user: { headers: [], read: (m) => m.requestUri.user },
  ruri_domain: { headers: [], read: (m) => m.requestUri.host },
  from_user: { headers: ['from'], read: (m) => m.fromParts.user },
  from_domain: { headers: ['from'], read: (m) => m.fromParts.host },
  from_tag: { headers: ['from'], read: (m) => m.fromParts.tag },
  to_user: { headers: ['to'], read: (m) => m.toParts.user },
  to_domain: { headers: ['to'], read: (m) => m.toParts.host },
  to_tag: { headers: ['to'], read: (m) => m.toParts.tag },
  // heplify-server keeps the raw value of the last Via line parsed (its `ViaOne` quirk).
  via: { headers: ['via'], read: (m) => m.header(HEADER_SLOTS.via) },
  contact_user: { headers: ['contact'], read: (m) => m.contactParts.user },
  contact_domain: { headers: ['contact'], read: (m) => m.contactParts.host },
  user_agent: { headers: ['userAgent'], read: (m) => m.header(HEADER_SLOTS.userAgent) },
  server: { headers: ['server'], read: (m) => m.header(HEADER_SLOTS.server) },
  pid_user: { headers: ['pAssertedIdentity'], read: (m) => m.pidUser },
  auth_user: { headers: ['authorization', 'proxyAuthorization'], read: (m) => m.authUser },
  content_type: { headers: ['contentType'], read: (m) => m.header(HEADER_SLOTS.contentType) },
  reason: { headers: ['reason'], read: (m) => m.header(HEADER_SLOTS.reason) },
  diversion: { headers: ['diversion'], read: (m) => m.header(HEADER_SLOTS.diversion) },
  expires: { headers: ['expires'], read: (m) => m.header(HEADER_SLOTS.expires) },
  callid_aleg: { headers: [], read: (m) => m.alegId },
});

/** A custom header (heplify-server `CustomHeader`) and the scanner slot holding its value. */
export interface CustomField {
  /** The configured name: also the data_header key. */
  readonly name: string;
  readonly slot: number;
}

/** A compiled data_header layout: renders one message as JSON text. */
export interface DataHeaderTemplate {
  /** Standard headers the scanner must capture for these keys. */
  readonly headers: readonly HeaderSlotName[];
  /** data_header JSON text; `parseError` adds `"parse_error":"<reason>"` as the last key. */
  render(m: SipMessage, parseError: string | undefined): string;
}

const readNothing = (): string => '';

/**
 * Compiles the key list once: the JSON key prefixes are built here, so rendering is one string
 * concatenation per key. Keys are written in list order (duplicates dropped), then the custom
 * headers in their configured order. Every value is a JSON string; missing ones are "".
 * Custom headers are always written (with "" when absent) so every row has the same keys;
 * heplify-server writes only the ones present, in Go map order.
 */
export function compileDataHeader(
  keys: readonly string[],
  custom: readonly CustomField[],
): DataHeaderTemplate {
  const prefixes: string[] = [];
  const readers: ((m: SipMessage) => string)[] = [];
  const headers = new Set<HeaderSlotName>();
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    const source = Object.hasOwn(SIP_FIELD_SOURCES, key) ? SIP_FIELD_SOURCES[key] : undefined;
    prefixes.push((prefixes.length === 0 ? '{' : ',') + jsonString(key) + ':');
    readers.push(source?.read ?? readNothing);
    for (const h of source?.headers ?? []) headers.add(h);
  }
  for (const field of custom) {
    if (seen.has(field.name)) continue;
    seen.add(field.name);
    const slot = field.slot;
    prefixes.push((prefixes.length === 0 ? '{' : ',') + jsonString(field.name) + ':');
    readers.push((m) => m.header(slot));
  }
  const count = prefixes.length;
  const errorPrefix = count === 0 ? '{"parse_error":' : ',"parse_error":';
  return {
    headers: [...headers],
    render(m: SipMessage, parseError: string | undefined): string {
      let out = '';
      for (let i = 0; i < count; i++) {
        out += (prefixes[i] as string) + jsonString((readers[i] as (m: SipMessage) => string)(m));
      }
      if (parseError !== undefined) out += errorPrefix + jsonString(parseError);
      return out === '' ? '{}' : out + '}';
    },
  };
}
