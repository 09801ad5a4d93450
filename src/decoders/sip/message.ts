import { authUsername } from './auth.js';
import { isWsp } from './chars.js';
import type { SipScan } from './scan.js';
import type { StartLine } from './start-line.js';
import { EMPTY_NAME_ADDR, EMPTY_URI, parseNameAddr, parseUri, type NameAddrParts, type UriParts } from './uri.js';

/**
 * Scanner slots of the headers data_header can read. Custom and AlegIDs headers get the slots
 * after these (see decode.ts).
 */
export const HEADER_SLOTS = {
  callId: 0,
  cseq: 1,
  from: 2,
  to: 3,
  via: 4,
  contact: 5,
  userAgent: 6,
  server: 7,
  pAssertedIdentity: 8,
  authorization: 9,
  proxyAuthorization: 10,
  contentType: 11,
  reason: 12,
  diversion: 13,
  expires: 14,
} as const;

export type HeaderSlotName = keyof typeof HEADER_SLOTS;

/** Header names of the standard slots, by slot. */
export const HEADER_SLOT_NAMES: Readonly<Record<HeaderSlotName, string>> = Object.freeze({
  callId: 'Call-ID',
  cseq: 'CSeq',
  from: 'From',
  to: 'To',
  via: 'Via',
  contact: 'Contact',
  userAgent: 'User-Agent',
  server: 'Server',
  pAssertedIdentity: 'P-Asserted-Identity',
  authorization: 'Authorization',
  proxyAuthorization: 'Proxy-Authorization',
  contentType: 'Content-Type',
  reason: 'Reason',
  diversion: 'Diversion',
  expires: 'Expires',
});

export const STANDARD_SLOT_COUNT = Object.keys(HEADER_SLOTS).length;

const NO_SCAN_VALUES: readonly (string | undefined)[] = Object.freeze([]);

/**
 * One scanned SIP message, with the derived parts data_header needs parsed on first use only
 * (a decoder whose key list has no `to_*` never parses To).
 */
export class SipMessage {
  readonly startLine: StartLine | undefined;
  readonly values: readonly (string | undefined)[];
  /** First AlegIDs match (heplify-server `XCallID`), "" when none. */
  readonly alegId: string;
  private ruri: UriParts | undefined = undefined;
  private from: NameAddrParts | undefined = undefined;
  private to: NameAddrParts | undefined = undefined;
  private contact: NameAddrParts | undefined = undefined;
  private pai: NameAddrParts | undefined = undefined;

  constructor(scan: SipScan | undefined, alegId: string) {
    this.startLine = scan?.startLine;
    this.values = scan === undefined ? NO_SCAN_VALUES : scan.values;
    this.alegId = alegId;
  }

  /** Value of a slot, "" when absent. */
  header(slot: number): string {
    return this.values[slot] ?? '';
  }

  get callId(): string {
    return this.header(HEADER_SLOTS.callId);
  }

  /** The whole CSeq value, e.g. `1 INVITE` (heplify-server writes it as is). */
  get cseq(): string {
    return this.header(HEADER_SLOTS.cseq);
  }

  /** The method of CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); "" when absent. */
  get cseqMethod(): string {
    return cseqMethodOf(this.header(HEADER_SLOTS.cseq));
  }

  /** Request method, or the status code of a response (heplify-server `FirstMethod`). */
  get methodOrStatus(): string {
    const s = this.startLine;
    if (s === undefined) return '';
    return s.isRequest ? s.method : s.status;
  }

  get requestUri(): UriParts {
    if (this.ruri === undefined) {
      const s = this.startLine;
      this.ruri = s === undefined || !s.isRequest ? EMPTY_URI : parseUri(s.uri, 0, s.uri.length);
    }
    return this.ruri;
  }

  get fromParts(): NameAddrParts {
    return (this.from ??= this.nameAddr(HEADER_SLOTS.from));
  }

  get toParts(): NameAddrParts {
    return (this.to ??= this.nameAddr(HEADER_SLOTS.to));
  }

  get contactParts(): NameAddrParts {
    return (this.contact ??= this.nameAddr(HEADER_SLOTS.contact));
  }

  /** P-Asserted-Identity user, or the raw value when it holds no URI (as heplify-server). */
  get pidUser(): string {
    const value = this.header(HEADER_SLOTS.pAssertedIdentity);
    const parts = (this.pai ??= value === '' ? EMPTY_NAME_ADDR : parseNameAddr(value));
    return parts.ok ? parts.user : value;
  }

  /** Username of Authorization, else of Proxy-Authorization. */
  get authUser(): string {
    const auth = this.header(HEADER_SLOTS.authorization);
    const fromAuth = auth === '' ? '' : authUsername(auth);
    if (fromAuth !== '') return fromAuth;
    const proxy = this.header(HEADER_SLOTS.proxyAuthorization);
    return proxy === '' ? '' : authUsername(proxy);
  }

  private nameAddr(slot: number): NameAddrParts {
    const value = this.values[slot];
    return value === undefined || value === '' ? EMPTY_NAME_ADDR : parseNameAddr(value);
  }
}

/** CSeq = 1*DIGIT LWS Method: the token after the number. */
export function cseqMethodOf(cseq: string): string {
  const len = cseq.length;
  let p = 0;
  while (p < len && !isWsp(cseq.charCodeAt(p))) p++;
  while (p < len && isWsp(cseq.charCodeAt(p))) p++;
  let e = p;
  while (e < len && !isWsp(cseq.charCodeAt(e))) e++;
  return cseq.slice(p, e);
}
