import { isPlainAscii, jsonString, jsonStringContent } from '../json.js';
import { HEADER_SLOTS, type HeaderSlotName, type SipMessage } from './message.js';
import { NO_CODES, ValueRef } from './value-ref.js';

/** Where one data_header key comes from, and which headers the scanner must capture for it. */
interface FieldSource {
  readonly headers: readonly HeaderSlotName[];
  /** What `render` reads for the key (a switch instead of a function per key: no calls). */
  readonly field: Field;
}

/** The values data_header can hold; `header` reads a header slot as is. */
const FIELD = {
  nothing: 0,
  header: 1,
  callId: 2,
  cseq: 3,
  method: 4,
  ruriUser: 5,
  ruriDomain: 6,
  fromUser: 7,
  fromDomain: 8,
  fromTag: 9,
  toUser: 10,
  toDomain: 11,
  toTag: 12,
  contactUser: 13,
  contactDomain: 14,
  pidUser: 15,
  authUser: 16,
  alegId: 17,
} as const;

type Field = (typeof FIELD)[keyof typeof FIELD];

/** A key that is a header's value as is. */
function headerField(name: HeaderSlotName): FieldSource {
  return { headers: [name], field: FIELD.header };
}

/**
 * Every data_header key heplify-server knows (its `EscapeFields`, capture-servers.md §3).
 * Keys not listed here are written with "".
 */
export const SIP_FIELD_SOURCES: Readonly<Record<string, FieldSource>> = Object.freeze({
  callid: { headers: ['callId'], field: FIELD.callId },
  cseq: { headers: ['cseq'], field: FIELD.cseq },
  method: { headers: [], field: FIELD.method },
  ruri_user: { headers: [], field: FIELD.ruriUser },
  ruri_domain: { headers: [], field: FIELD.ruriDomain },
  from_user: { headers: ['from'], field: FIELD.fromUser },
  from_domain: { headers: ['from'], field: FIELD.fromDomain },
  from_tag: { headers: ['from'], field: FIELD.fromTag },
  to_user: { headers: ['to'], field: FIELD.toUser },
  to_domain: { headers: ['to'], field: FIELD.toDomain },
  to_tag: { headers: ['to'], field: FIELD.toTag },
  // heplify-server keeps the raw value of the last Via line parsed (its `ViaOne` quirk).
  via: headerField('via'),
  contact_user: { headers: ['contact'], field: FIELD.contactUser },
  contact_domain: { headers: ['contact'], field: FIELD.contactDomain },
  user_agent: headerField('userAgent'),
  server: headerField('server'),
  pid_user: { headers: ['pAssertedIdentity'], field: FIELD.pidUser },
  auth_user: { headers: ['authorization', 'proxyAuthorization'], field: FIELD.authUser },
  content_type: headerField('contentType'),
  reason: headerField('reason'),
  diversion: headerField('diversion'),
  expires: headerField('expires'),
  callid_aleg: { headers: [], field: FIELD.alegId },
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

/**
 * Compiles the key list once: the JSON text between two values (`","key":"`) is built here, so
 * rendering is two string concatenations per key. Keys are written in list order (duplicates
 * dropped), then the custom headers in their configured order. Every value is a JSON string;
 * missing ones are "". Custom headers are always written (with "" when absent) so every row has
 * the same keys; heplify-server writes only the ones present, in Go map order.
 */
export function compileDataHeader(
  keys: readonly string[],
  custom: readonly CustomField[],
): DataHeaderTemplate {
  const keyTexts: string[] = [];
  const fields: Field[] = [];
  const slots: number[] = [];
  const headers = new Set<HeaderSlotName>();
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    const source = Object.hasOwn(SIP_FIELD_SOURCES, key) ? SIP_FIELD_SOURCES[key] : undefined;
    keyTexts.push(jsonString(key));
    fields.push(source?.field ?? FIELD.nothing);
    const first = source?.headers[0];
    slots.push(source?.field === FIELD.header && first !== undefined ? HEADER_SLOTS[first] : -1);
    for (const h of source?.headers ?? []) headers.add(h);
  }
  for (const field of custom) {
    if (seen.has(field.name)) continue;
    seen.add(field.name);
    keyTexts.push(jsonString(field.name));
    fields.push(FIELD.header);
    slots.push(field.slot);
  }
  const count = keyTexts.length;
  // Value i is written between before[i] and the closing quote that starts before[i + 1].
  const before = keyTexts.map((key, i) => (i === 0 ? '{' : '",') + key + ':"');
  const errorBefore = count === 0 ? '{"parse_error":"' : '","parse_error":"';
  const ref = new ValueRef();
  return {
    headers: [...headers],
    render(m: SipMessage, parseError: string | undefined): string {
      let out = '';
      for (let i = 0; i < count; i++) {
        const { text, codes, start, end, plain } = fieldRef(m, fields[i] as Field, slots[i] as number, ref);
        const value = text.slice(start, end);
        const json =
          plain || (codes !== NO_CODES && isPlainAscii(codes, start, end)) ? value : jsonStringContent(value);
        out += (before[i] as string) + json;
      }
      if (parseError !== undefined) out += errorBefore + jsonStringContent(parseError) + '"';
      else if (count > 0) out += '"';
      return out === '' ? '{}' : out + '}';
    },
  };
}

/** Points `ref` at the value of one data_header key. */
function fieldRef(m: SipMessage, field: Field, slot: number, ref: ValueRef): ValueRef {
  switch (field) {
    case FIELD.header:
      return m.headerRef(slot, ref);
    case FIELD.callId:
      return m.callIdRef(ref);
    case FIELD.cseq:
      return m.headerRef(HEADER_SLOTS.cseq, ref);
    case FIELD.method:
      return m.methodOrStatusRef(ref);
    case FIELD.ruriUser:
      return m.requestUri.userRef(ref);
    case FIELD.ruriDomain:
      return m.requestUri.hostRef(ref);
    case FIELD.fromUser:
      return m.fromParts.userRef(ref);
    case FIELD.fromDomain:
      return m.fromParts.hostRef(ref);
    case FIELD.fromTag:
      return m.fromParts.tagRef(ref);
    case FIELD.toUser:
      return m.toParts.userRef(ref);
    case FIELD.toDomain:
      return m.toParts.hostRef(ref);
    case FIELD.toTag:
      return m.toParts.tagRef(ref);
    case FIELD.contactUser:
      return m.contactParts.userRef(ref);
    case FIELD.contactDomain:
      return m.contactParts.hostRef(ref);
    case FIELD.pidUser:
      return m.pidUserRef(ref);
    case FIELD.authUser:
      return m.authUserRef(ref);
    case FIELD.alegId:
      return ref.setString(m.alegId);
    default:
      return ref.setString('');
  }
}
