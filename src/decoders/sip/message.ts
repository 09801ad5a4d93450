import { isPlainAscii } from '../json.js';
import { textCodes } from '../text.js';
import { authUsernameRef } from './auth.js';
import { isWsp } from './chars.js';
import { scanValue, type SipScan } from './scan.js';
import type { StartLineFields } from './start-line.js';
import { AddrSpans, parseNameAddrInto, parseUriInto } from './uri.js';
import { NO_CODES, ValueRef } from './value-ref.js';

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
 * A decoder keeps one and `reset`s it for every packet, so the parsed parts live in fields
 * rather than in objects made per message. The `…Ref` methods point a ValueRef at a value
 * instead of cutting it (data_header checks the codes, then cuts the string once).
 */
export class SipMessage {
  startLine: StartLineFields | undefined = undefined;
  /** First AlegIDs match (heplify-server `XCallID`), "" when none. */
  alegId = '';
  private scan: SipScan | undefined = undefined;
  private callIdValue: string | undefined = undefined;
  private cseqValue: string | undefined = undefined;
  private cseqMethodValue: string | undefined = undefined;
  /** callIdIsPlain(): -1 not known yet, else 0 or 1. */
  private callIdPlain = -1;
  private readonly ruri = new AddrSpans();
  private readonly from = new AddrSpans();
  private readonly to = new AddrSpans();
  private readonly contact = new AddrSpans();
  private readonly pai = new AddrSpans();
  /** Bits of PARSED: which of the parts above hold this message's values. */
  private parsed = 0;

  /** `scan` undefined: nothing could be scanned (payload too short); every value is "". */
  constructor(scan?: SipScan, alegId = '') {
    this.reset(scan, alegId);
  }

  /** Makes this the message `scan` holds (which must stay unchanged while this one is read). */
  reset(scan: SipScan | undefined, alegId: string): this {
    this.scan = scan;
    this.startLine = scan?.startLine;
    this.alegId = alegId;
    this.callIdValue = undefined;
    this.cseqValue = undefined;
    this.cseqMethodValue = undefined;
    this.callIdPlain = -1;
    this.parsed = 0;
    return this;
  }

  /** Value of a slot (unfolded, trimmed), "" when absent. */
  header(slot: number): string {
    return this.scan === undefined ? '' : (scanValue(this.scan, slot) ?? '');
  }

  /** header(slot) !== "", without cutting the string. */
  hasValue(slot: number): boolean {
    const scan = this.scan;
    const start = scan === undefined ? -1 : (scan.spans[slot * 2] as number);
    if (scan === undefined || start < 0) return false;
    const unfolded = scan.unfolded?.[slot];
    return unfolded !== undefined ? unfolded !== '' : (scan.spans[slot * 2 + 1] as number) > start;
  }

  /** Points `ref` at the value of a slot (an empty string when absent). */
  headerRef(slot: number, ref: ValueRef): ValueRef {
    const scan = this.scan;
    const start = scan === undefined ? -1 : (scan.spans[slot * 2] as number);
    if (scan === undefined || start < 0) return ref.setString('');
    const unfolded = scan.unfolded?.[slot];
    if (unfolded !== undefined) return ref.setString(unfolded);
    return ref.set(scan.text, scan.codes, start, scan.spans[slot * 2 + 1] as number);
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
    if (this.cseqMethodValue !== undefined) return this.cseqMethodValue;
    const scan = this.scan;
    const slot = HEADER_SLOTS.cseq;
    const start = scan === undefined ? -1 : (scan.spans[slot * 2] as number);
    if (scan === undefined || start < 0 || scan.unfolded?.[slot] !== undefined) {
      return (this.cseqMethodValue = cseqMethodOf(this.cseq));
    }
    // cseqMethodOf on the value's codes, cutting only the method.
    const codes = scan.codes;
    const end = scan.spans[slot * 2 + 1] as number;
    let p = start;
    while (p < end && !isWsp(codes[p]!)) p++;
    while (p < end && isWsp(codes[p]!)) p++;
    let e = p;
    while (e < end && !isWsp(codes[e]!)) e++;
    return (this.cseqMethodValue = scan.text.slice(p, e));
  }

  /**
   * True when the Call-ID is known to need no JSON escaping (from its codes, without a regex);
   * false also when that is not known (a folded value).
   */
  callIdIsPlain(): boolean {
    if (this.callIdPlain < 0) {
      const scan = this.scan;
      const slot = HEADER_SLOTS.callId;
      const start = scan === undefined ? -1 : (scan.spans[slot * 2] as number);
      const plain =
        scan !== undefined &&
        start >= 0 &&
        scan.unfolded?.[slot] === undefined &&
        isPlainAscii(scan.codes, start, scan.spans[slot * 2 + 1] as number);
      this.callIdPlain = plain ? 1 : 0;
    }
    return this.callIdPlain === 1;
  }

  /** Points `ref` at the Call-ID (the string the row's sid is, not a second cut). */
  callIdRef(ref: ValueRef): ValueRef {
    return this.callIdIsPlain() ? ref.setPlain(this.callId) : this.headerRef(HEADER_SLOTS.callId, ref);
  }

  /** Request method, or the status code of a response (heplify-server `FirstMethod`). */
  get methodOrStatus(): string {
    const s = this.startLine;
    if (s === undefined) return '';
    return s.isRequest ? s.method : s.status;
  }

  methodOrStatusRef(ref: ValueRef): ValueRef {
    const s = this.startLine;
    const scan = this.scan;
    if (s === undefined || scan === undefined) return ref.setString('');
    return ref.set(scan.text, scan.codes, s.tokenStart, s.tokenEnd);
  }

  get requestUri(): AddrSpans {
    const ruri = this.ruri;
    if ((this.parsed & PARSED.ruri) === 0) {
      this.parsed |= PARSED.ruri;
      const s = this.startLine;
      const scan = this.scan;
      if (s === undefined || scan === undefined || !s.isRequest) ruri.clear('', NO_CODES);
      else parseUriInto(ruri, scan.codes, scan.text, s.uriStart, s.uriEnd);
    }
    return ruri;
  }

  get fromParts(): AddrSpans {
    return this.nameAddr(HEADER_SLOTS.from, this.from, PARSED.from);
  }

  get toParts(): AddrSpans {
    return this.nameAddr(HEADER_SLOTS.to, this.to, PARSED.to);
  }

  get contactParts(): AddrSpans {
    return this.nameAddr(HEADER_SLOTS.contact, this.contact, PARSED.contact);
  }

  /** P-Asserted-Identity user, or the raw value when it holds no URI (as heplify-server). */
  get pidUser(): string {
    const parts = this.nameAddr(HEADER_SLOTS.pAssertedIdentity, this.pai, PARSED.pai);
    return parts.ok ? parts.user : this.header(HEADER_SLOTS.pAssertedIdentity);
  }

  pidUserRef(ref: ValueRef): ValueRef {
    const parts = this.nameAddr(HEADER_SLOTS.pAssertedIdentity, this.pai, PARSED.pai);
    return parts.ok ? parts.userRef(ref) : this.headerRef(HEADER_SLOTS.pAssertedIdentity, ref);
  }

  /** Username of Authorization, else of Proxy-Authorization. */
  get authUser(): string {
    return this.authUserRef(new ValueRef()).value;
  }

  authUserRef(ref: ValueRef): ValueRef {
    const found = this.authRef(HEADER_SLOTS.authorization, ref);
    if (found !== undefined && found.end > found.start) return found;
    return this.authRef(HEADER_SLOTS.proxyAuthorization, ref) ?? ref.setString('');
  }

  private authRef(slot: number, ref: ValueRef): ValueRef | undefined {
    const scan = this.scan;
    const start = scan === undefined ? -1 : (scan.spans[slot * 2] as number);
    const end = scan === undefined ? -1 : (scan.spans[slot * 2 + 1] as number);
    if (scan === undefined || start < 0 || end <= start) return undefined;
    const unfolded = scan.unfolded?.[slot];
    return unfolded === undefined
      ? authUsernameRef(ref, scan.codes, scan.text, start, end)
      : authUsernameRef(ref, textCodes(unfolded), unfolded, 0, unfolded.length);
  }

  /** The parts of a name-addr header, parsed in place (no substring) on first use. */
  private nameAddr(slot: number, parts: AddrSpans, bit: number): AddrSpans {
    if ((this.parsed & bit) !== 0) return parts;
    this.parsed |= bit;
    const scan = this.scan;
    const start = scan === undefined ? -1 : (scan.spans[slot * 2] as number);
    const end = scan === undefined ? -1 : (scan.spans[slot * 2 + 1] as number);
    if (scan === undefined || start < 0 || end <= start) {
      parts.clear('', NO_CODES);
      return parts;
    }
    const unfolded = scan.unfolded?.[slot];
    if (unfolded === undefined) parseNameAddrInto(parts, scan.codes, scan.text, start, end);
    else parseNameAddrInto(parts, textCodes(unfolded), unfolded, 0, unfolded.length);
    return parts;
  }
}

/** SipMessage.parsed bits. */
const PARSED = { ruri: 1, from: 2, to: 4, contact: 8, pai: 16 } as const;

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
