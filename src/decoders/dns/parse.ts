import { formatIpv4, formatIpv6 } from '../../hep/ip.js';
import { dnsClassName, dnsOpcodeName, dnsRcodeName, dnsTypeName } from './names.js';

/**
 * A binary DNS message (RFC 1035 §4) → JSON for `hep_proto_53_default`.
 *
 * The header keys are heplify's DNS JSON (its agent's `decoder/dns.go`: id, qr, opcode, aa, tc, rd,
 * ra, z, rescode, qdc, anc, nsc, arc, questions[{name,type,class}], answers[{name,type,class,ttl,
 * ip|ns|cname}]), numbers as there; we add the mnemonics (`opcode_name`, `rcode`, `type_name`,
 * `class_name`), `flags`, the first question as `qname`/`qtype`, and every answer's `data` in
 * presentation form (A, AAAA, CNAME, NS, PTR, DNAME, MX, TXT, SRV, SOA; others as hex).
 *
 * Names follow compression pointers (RFC 1035 §4.1.4) only **backwards** — a pointer must point
 * before the position it was read from — so pointer loops cannot exist; names are also capped at
 * 255 octets (§2.3.4). Pure and total: malformed input yields `{ error }`, never a throw.
 */

export const DNS_PARSE_ERRORS = {
  short: 'dns_short',
  truncated: 'dns_truncated',
  badName: 'dns_bad_name',
  badPointer: 'dns_bad_pointer',
} as const;

export type DnsParseError = (typeof DNS_PARSE_ERRORS)[keyof typeof DNS_PARSE_ERRORS];

export interface DnsQuestion {
  name: string;
  type: number;
  class: number;
  type_name: string;
  class_name: string;
}

export interface DnsAnswer {
  name: string;
  type: number;
  class: number;
  ttl: number;
  type_name: string;
  data: unknown;
  ip?: string;
  ns?: string;
  cname?: string;
}

export interface DnsMessage {
  id: number;
  flags: number;
  qr: boolean;
  opcode: number;
  opcode_name: string;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  z: number;
  rescode: number;
  rcode: string;
  qdc: number;
  anc: number;
  nsc: number;
  arc: number;
  qname: string;
  qtype: string;
  questions: DnsQuestion[];
  answers: DnsAnswer[];
  /** Authority and additional records are counted (`nsc`, `arc`) but only answers are decoded. */
}

export type DnsParseResult = { readonly message: DnsMessage } | { readonly error: DnsParseError };

const HEADER_BYTES = 12;
const MAX_NAME_OCTETS = 255;
/** More records than fit in a 64 KiB message is impossible; this also bounds the work per packet. */
const MAX_RECORDS = 512;

class DnsError extends Error {
  constructor(readonly reason: DnsParseError) {
    super(reason);
  }
}

export function parseDns(buf: Buffer): DnsParseResult {
  if (buf.length < HEADER_BYTES) return { error: DNS_PARSE_ERRORS.short };
  try {
    return { message: readMessage(buf) };
  } catch (err) {
    // Every read is bounds-checked and throws DnsError; a RangeError would still mean "ran off the end".
    if (err instanceof DnsError) return { error: err.reason };
    return { error: DNS_PARSE_ERRORS.truncated };
  }
}

function readMessage(buf: Buffer): DnsMessage {
  const flags = buf.readUInt16BE(2);
  const qdc = buf.readUInt16BE(4);
  const anc = buf.readUInt16BE(6);
  const message: DnsMessage = {
    id: buf.readUInt16BE(0),
    flags,
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    opcode_name: dnsOpcodeName((flags >> 11) & 0xf),
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    z: (flags >> 4) & 0x7,
    rescode: flags & 0xf,
    rcode: dnsRcodeName(flags & 0xf),
    qdc,
    anc,
    nsc: buf.readUInt16BE(8),
    arc: buf.readUInt16BE(10),
    qname: '',
    qtype: '',
    questions: [],
    answers: [],
  };
  let at = HEADER_BYTES;
  for (let i = 0; i < Math.min(qdc, MAX_RECORDS); i++) {
    const name = readName(buf, at);
    at = name.next;
    need(buf, at, 4);
    const type = buf.readUInt16BE(at);
    const cls = buf.readUInt16BE(at + 2);
    at += 4;
    message.questions.push({
      name: name.name,
      type,
      class: cls,
      type_name: dnsTypeName(type),
      class_name: dnsClassName(cls),
    });
  }
  const first = message.questions[0];
  if (first !== undefined) {
    message.qname = first.name;
    message.qtype = first.type_name;
  }
  for (let i = 0; i < Math.min(anc, MAX_RECORDS); i++) {
    const name = readName(buf, at);
    at = name.next;
    need(buf, at, 10);
    const type = buf.readUInt16BE(at);
    const cls = buf.readUInt16BE(at + 2);
    const ttl = buf.readUInt32BE(at + 4);
    const length = buf.readUInt16BE(at + 8);
    at += 10;
    need(buf, at, length);
    const answer: DnsAnswer = {
      name: name.name,
      type,
      class: cls,
      ttl,
      type_name: dnsTypeName(type),
      data: readRdata(buf, at, length, type),
    };
    if ((type === 1 || type === 28) && typeof answer.data === 'string') answer.ip = answer.data;
    if (type === 2 && typeof answer.data === 'string') answer.ns = answer.data;
    if (type === 5 && typeof answer.data === 'string') answer.cname = answer.data;
    message.answers.push(answer);
    at += length;
  }
  return message;
}

function readRdata(buf: Buffer, at: number, length: number, type: number): unknown {
  const end = at + length;
  const rdata = buf.subarray(at, end);
  switch (type) {
    case 1: // A
      return length === 4 ? formatIpv4(buf, at) : rdata.toString('hex');
    case 28: // AAAA
      return length === 16 ? formatIpv6(buf, at) : rdata.toString('hex');
    case 2: // NS
    case 5: // CNAME
    case 12: // PTR
    case 39: // DNAME
      return nameWithin(buf, at, end).name;
    case 15: {
      // MX: preference, exchange
      need2(at, 2, end);
      return { preference: buf.readUInt16BE(at), exchange: nameWithin(buf, at + 2, end).name };
    }
    case 16: // TXT: one or more <character-string>s
    case 99: {
      const strings: string[] = [];
      for (let p = at; p < end;) {
        const len = buf[p]!;
        need2(p + 1, len, end);
        strings.push(buf.toString('utf8', p + 1, p + 1 + len).replaceAll('\u0000', ''));
        p += 1 + len;
      }
      return strings;
    }
    case 33: {
      // SRV: priority, weight, port, target
      need2(at, 6, end);
      return {
        priority: buf.readUInt16BE(at),
        weight: buf.readUInt16BE(at + 2),
        port: buf.readUInt16BE(at + 4),
        target: nameWithin(buf, at + 6, end).name,
      };
    }
    case 6: {
      // SOA: mname, rname, serial, refresh, retry, expire, minimum
      const mname = nameWithin(buf, at, end);
      const rname = nameWithin(buf, mname.next, end);
      need2(rname.next, 20, end);
      const p = rname.next;
      return {
        mname: mname.name,
        rname: rname.name,
        serial: buf.readUInt32BE(p),
        refresh: buf.readUInt32BE(p + 4),
        retry: buf.readUInt32BE(p + 8),
        expire: buf.readUInt32BE(p + 12),
        minimum: buf.readUInt32BE(p + 16),
      };
    }
    default:
      return rdata.toString('hex');
  }
}

/** A name inside RDATA: its own labels must end within the record (pointers may leave it). */
function nameWithin(buf: Buffer, at: number, end: number): { name: string; next: number } {
  const name = readName(buf, at);
  if (name.next > end) throw new DnsError(DNS_PARSE_ERRORS.truncated);
  return name;
}

/**
 * Reads a (possibly compressed) domain name starting at `start`. `next` is the offset after the
 * name as written at `start` (after the first pointer when there is one).
 */
function readName(buf: Buffer, start: number): { name: string; next: number } {
  const labels: string[] = [];
  let at = start;
  let next = -1;
  let octets = 1; // the root label
  for (;;) {
    need(buf, at, 1);
    const len = buf[at]!;
    if (len === 0) {
      at += 1;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      need(buf, at, 2);
      const target = ((len & 0x3f) << 8) | buf[at + 1]!;
      // Backwards only: every jump strictly decreases the position, so the walk terminates.
      if (target >= at) throw new DnsError(DNS_PARSE_ERRORS.badPointer);
      if (next === -1) next = at + 2;
      at = target;
      continue;
    }
    if (kind !== 0) throw new DnsError(DNS_PARSE_ERRORS.badName); // 0x40/0x80: obsolete label types
    need(buf, at + 1, len);
    octets += len + 1;
    if (octets > MAX_NAME_OCTETS) throw new DnsError(DNS_PARSE_ERRORS.badName);
    labels.push(escapeLabel(buf.subarray(at + 1, at + 1 + len)));
    at += 1 + len;
  }
  return { name: labels.length === 0 ? '.' : labels.join('.'), next: next === -1 ? at : next };
}

/** RFC 4343 §2.1 presentation: `.` and `\` escaped, non-printable octets as `\DDD`. */
function escapeLabel(label: Buffer): string {
  let out = '';
  for (const byte of label) {
    if (byte === 0x2e || byte === 0x5c) out += '\\' + String.fromCharCode(byte);
    else if (byte > 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += '\\' + String(byte).padStart(3, '0');
  }
  return out;
}

function need(buf: Buffer, at: number, bytes: number): void {
  if (at + bytes > buf.length) throw new DnsError(DNS_PARSE_ERRORS.truncated);
}

function need2(at: number, bytes: number, end: number): void {
  if (at + bytes > end) throw new DnsError(DNS_PARSE_ERRORS.truncated);
}
