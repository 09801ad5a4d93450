import { authUsername } from './auth.js';
import { isWsp } from './chars.js';
import { scanValue, type SipScan } from './scan.js';
import type { StartLine } from './start-line.js';
import {
  EMPTY_NAME_ADDR,
  EMPTY_URI,
  parseNameAddr,
  parseUri,
  type NameAddrParts,
  type UriParts,
} from './uri.js';

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

/**
 * One scanned SIP message. Header strings are cut from the payload when read, and the derived
 * parts data_header needs are parsed on first use only (a key list without `to_*` never parses To).
 */
export class SipMessage {
  readonly startLine: StartLine | undefined;
  /** First AlegIDs match (heplify-server `XCallID`), "" when none. */
  readonly alegId: string;
  private readonly scan: SipScan | undefined;
  private callIdValue: string | undefined = undefined;
  private cseqValue: string | undefined = undefined;
  private cseqMethodValue: string | undefined = undefined;
  private ruri: UriParts | undefined = undefined;
  private from: NameAddrParts | undefined = undefined;
  private to: NameAddrParts | undefined = undefined;
  private contact: NameAddrParts | undefined = undefined;
  private pai: NameAddrParts | undefined = undefined;

  /** `scan` undefined: nothing could be scanned (payload too short); every value is "". */
  constructor(scan: SipScan | undefined, alegId: string) {
    this.scan = scan;
    this.startLine = scan?.startLine;
    this.alegId = alegId;
  }

  /** Value of a slot (unfolded, trimmed), "" when absent. */
  header(slot: number): string {
    return this.scan === undefined ? '' : (scanValue(this.scan, slot) ?? '');
  }

  get callId(): string {
    return (this.callIdValue ??= this.header(HEADER_SLOTS.callId));
  }

  /** The whole CSeq value, e.g. `1 INVITE` (heplify-server writes it as is). */
  get cseq(): string {
    return (this.cseqValue ??= this.header(HEADER_SLOTS.cseq));
  }

  /** The method of CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); "" when absent. */
  get cseqMethod(): string {
    return (this.cseqMethodValue ??= cseqMethodOf(this.cseq));
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
      const scan = this.scan;
      this.ruri =
        s === undefined || scan === undefined || !s.isRequest
          ? EMPTY_URI
          : parseUri(scan.text, s.uriStart, s.uriEnd);
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
    const parts = (this.pai ??= this.nameAddr(HEADER_SLOTS.pAssertedIdentity));
    return parts.ok ? parts.user : this.header(HEADER_SLOTS.pAssertedIdentity);
  }

  /** Username of Authorization, else of Proxy-Authorization. */
  get authUser(): string {
    const fromAuth = this.withValue(HEADER_SLOTS.authorization, authUsername, '');
    return fromAuth !== '' ? fromAuth : this.withValue(HEADER_SLOTS.proxyAuthorization, authUsername, '');
  }

  private nameAddr(slot: number): NameAddrParts {
    return this.withValue(slot, parseNameAddr, EMPTY_NAME_ADDR);
  }

  /** Runs a parser over a slot's value in place (no substring), or returns `absent`. */
  private withValue<T>(slot: number, parse: (text: string, start: number, end: number) => T, absent: T): T {
    const scan = this.scan;
    if (scan === undefined) return absent;
    const start = scan.spans[slot * 2] ?? -1;
    const end = scan.spans[slot * 2 + 1] ?? -1;
    if (start < 0 || end <= start) return absent;
    const unfolded = scan.unfolded?.[slot];
    return unfolded === undefined ? parse(scan.text, start, end) : parse(unfolded, 0, unfolded.length);
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
