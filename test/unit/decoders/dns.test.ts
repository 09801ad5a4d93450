import { describe, expect, it } from 'vitest';
import { decodeDns, DNS_DECODE_ERRORS } from '../../../src/decoders/dns/decode.js';
import { DNS_PARSE_ERRORS, parseDns, type DnsMessage } from '../../../src/decoders/dns/parse.js';
import { tableOf } from '../../../src/pipeline/row.js';
import { CTX, hepPacket } from './helpers.js';

/** A name in wire form (RFC 1035 §3.1): length-prefixed labels, then the root (0). */
function name(text: string): Buffer {
  const parts = text.split('.').filter((l) => l !== '');
  return Buffer.concat([
    ...parts.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
}
/** A compression pointer (RFC 1035 §4.1.4): 11 + 14-bit offset from the message start. */
const ptr = (offset: number): Buffer => Buffer.from([0xc0 | (offset >> 8), offset & 0xff]);
const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
};
/** Header: ID | QR Opcode AA TC RD RA Z RCODE | QDCOUNT | ANCOUNT | NSCOUNT | ARCOUNT. */
const header = (id: number, flags: number, qd: number, an: number, ns = 0, ar = 0): Buffer =>
  Buffer.concat([u16(id), u16(flags), u16(qd), u16(an), u16(ns), u16(ar)]);
/** A resource record: NAME | TYPE | CLASS | TTL | RDLENGTH | RDATA. */
const rr = (owner: Buffer, type: number, ttl: number, rdata: Buffer): Buffer =>
  Buffer.concat([owner, u16(type), u16(1), u32(ttl), u16(rdata.length), rdata]);

// A query for sip.example.com SRV-style name, and an answer that compresses names against offset 12.
const QUESTION = Buffer.concat([name('_sip._udp.example.com'), u16(33), u16(1)]); // at offset 12
const QNAME_AT = 12;
const EXAMPLE_AT = QNAME_AT + 1 + 4 + 1 + 4; // "example.com" inside the question name

function response(): Buffer {
  const srv = Buffer.concat([u16(10), u16(60), u16(5060), name('sip1.example.com')]);
  const records = [
    rr(ptr(QNAME_AT), 33, 300, srv),
    rr(
      Buffer.concat([Buffer.from([4]), Buffer.from('sip1'), ptr(EXAMPLE_AT)]),
      1,
      60,
      Buffer.from([192, 0, 2, 10]),
    ),
    rr(ptr(EXAMPLE_AT), 28, 60, Buffer.from('20010db8000000000000000000000001', 'hex')),
    rr(Buffer.concat([Buffer.from([3]), Buffer.from('www'), ptr(EXAMPLE_AT)]), 5, 120, ptr(EXAMPLE_AT)),
    rr(ptr(EXAMPLE_AT), 15, 3600, Buffer.concat([u16(10), name('mail.example.com')])),
    rr(
      ptr(EXAMPLE_AT),
      16,
      3600,
      Buffer.concat([Buffer.from([5]), Buffer.from('v=spf'), Buffer.from([2]), Buffer.from('ok')]),
    ),
    rr(ptr(EXAMPLE_AT), 2, 86400, name('ns1.example.net')),
    rr(name('10.2.0.192.in-addr.arpa'), 12, 60, ptr(EXAMPLE_AT)),
    rr(ptr(EXAMPLE_AT), 99, 1, Buffer.from([2, 0x61, 0x62])), // SPF: character-strings
    rr(ptr(EXAMPLE_AT), 257, 1, Buffer.from([0, 5, 0x69, 0x73, 0x73])), // CAA: hex
  ];
  // QR=1, opcode 0, AA=1, RD=1, RA=1, RCODE 0
  return Buffer.concat([header(0xbeef, 0x8580, 1, records.length), QUESTION, ...records]);
}

const message = (buf: Buffer): DnsMessage => {
  const parsed = parseDns(buf);
  if (!('message' in parsed)) throw new Error(`parse failed: ${parsed.error}`);
  return parsed.message;
};

describe('DNS message parser', () => {
  it('decodes a query: id, flags, question name and type', () => {
    const m = message(Buffer.concat([header(0x1234, 0x0100, 1, 0), QUESTION]));
    expect(m).toMatchObject({
      id: 0x1234,
      flags: 0x0100,
      qr: false,
      opcode: 0,
      opcode_name: 'QUERY',
      rd: true,
      ra: false,
      rescode: 0,
      rcode: 'NOERROR',
      qdc: 1,
      anc: 0,
      qname: '_sip._udp.example.com',
      qtype: 'SRV',
      questions: [{ name: '_sip._udp.example.com', type: 33, class: 1, type_name: 'SRV', class_name: 'IN' }],
      answers: [],
    });
  });

  it('decodes answers of every common type, following compression pointers', () => {
    const m = message(response());
    expect(m).toMatchObject({ id: 0xbeef, qr: true, aa: true, rd: true, ra: true, anc: 10 });
    expect(m.answers.map((a) => [a.name, a.type_name, a.ttl, a.data])).toEqual([
      [
        '_sip._udp.example.com',
        'SRV',
        300,
        { priority: 10, weight: 60, port: 5060, target: 'sip1.example.com' },
      ],
      ['sip1.example.com', 'A', 60, '192.0.2.10'],
      ['example.com', 'AAAA', 60, '2001:db8::1'],
      ['www.example.com', 'CNAME', 120, 'example.com'],
      ['example.com', 'MX', 3600, { preference: 10, exchange: 'mail.example.com' }],
      ['example.com', 'TXT', 3600, ['v=spf', 'ok']],
      ['example.com', 'NS', 86400, 'ns1.example.net'],
      ['10.2.0.192.in-addr.arpa', 'PTR', 60, 'example.com'],
      ['example.com', 'SPF', 1, ['ab']],
      ['example.com', 'CAA', 1, '0005697373'],
    ]);
    // heplify's compatibility keys
    expect(m.answers[1]).toMatchObject({ ip: '192.0.2.10', class: 1 });
    expect(m.answers[3]).toMatchObject({ cname: 'example.com' });
    expect(m.answers[6]).toMatchObject({ ns: 'ns1.example.net' });
  });

  it('decodes SOA and names NXDOMAIN and unknown types', () => {
    const soa = Buffer.concat([
      name('ns1.example.com'),
      name('hostmaster.example.com'),
      u32(2024010101),
      u32(7200),
      u32(900),
      u32(1209600),
      u32(300),
    ]);
    const buf = Buffer.concat([
      header(1, 0x8183, 1, 1),
      Buffer.concat([name('nope.example.com'), u16(65000), u16(1)]),
      rr(name('example.com'), 6, 300, soa),
    ]);
    const m = message(buf);
    expect(m).toMatchObject({ rcode: 'NXDOMAIN', rescode: 3, qtype: 'TYPE65000' });
    expect(m.answers[0]!.data).toEqual({
      mname: 'ns1.example.com',
      rname: 'hostmaster.example.com',
      serial: 2024010101,
      refresh: 7200,
      retry: 900,
      expire: 1209600,
      minimum: 300,
    });
  });

  it('escapes dots, backslashes and non-printable octets inside labels (RFC 4343)', () => {
    const label = Buffer.from([5, 0x61, 0x2e, 0x5c, 0x20, 0xff, 0]);
    const m = message(Buffer.concat([header(1, 0, 1, 0), label, u16(1), u16(1)]));
    expect(m.qname).toBe('a\\.\\\\\\032\\255');
  });

  it.each([
    ['an 11-byte header', Buffer.alloc(11), DNS_PARSE_ERRORS.short],
    [
      'a question cut short',
      Buffer.concat([header(1, 0, 1, 0), QUESTION.subarray(0, 10)]),
      DNS_PARSE_ERRORS.truncated,
    ],
    [
      'a pointer to itself',
      Buffer.concat([header(1, 0, 1, 0), ptr(12), u16(1), u16(1)]),
      DNS_PARSE_ERRORS.badPointer,
    ],
    [
      'two pointers to each other',
      Buffer.concat([header(1, 0, 2, 0), ptr(18), u16(1), u16(1), ptr(12), u16(1), u16(1)]),
      DNS_PARSE_ERRORS.badPointer,
    ],
    [
      'a forward pointer',
      Buffer.concat([header(1, 0, 1, 0), ptr(40), u16(1), u16(1), Buffer.alloc(40)]),
      DNS_PARSE_ERRORS.badPointer,
    ],
    [
      'a 0x40 label type',
      Buffer.concat([header(1, 0, 1, 0), Buffer.from([0x41, 0]), u16(1), u16(1)]),
      DNS_PARSE_ERRORS.badName,
    ],
    [
      'a name over 255 octets',
      Buffer.concat([
        header(1, 0, 1, 0),
        ...Array.from({ length: 5 }, () => Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)])),
        Buffer.from([0]),
        u16(1),
        u16(1),
      ]),
      DNS_PARSE_ERRORS.badName,
    ],
    [
      'RDATA past the end',
      Buffer.concat([
        header(1, 0x8000, 0, 1),
        name('a'),
        u16(1),
        u16(1),
        u32(1),
        u16(4),
        Buffer.from([1, 2]),
      ]),
      DNS_PARSE_ERRORS.truncated,
    ],
    [
      'an MX whose name leaves its RDATA',
      Buffer.concat([header(1, 0x8000, 0, 1), rr(name('a'), 15, 1, u16(1)), name('x.y')]),
      DNS_PARSE_ERRORS.truncated,
    ],
  ])('rejects %s', (_name, buf, reason) => {
    expect(parseDns(buf)).toEqual({ error: reason });
  });
});

describe('DNS decoder (type 53)', () => {
  it('stores binary DNS as JSON in hep_proto_53_default with qname/qtype/rcode in data_header', () => {
    const { row, parseError } = decodeDns(
      hepPacket(response(), { protoType: 53, correlationId: 'cid' }),
      CTX,
    );
    expect(parseError).toBeUndefined();
    expect(tableOf(row)).toBe('hep_proto_53_default');
    expect(row.sid).toBe('cid');
    expect(JSON.parse(row.raw)).toEqual(message(response()));
    expect(JSON.parse(row.dataHeader)).toEqual({
      node: '2001',
      proto: 'dns',
      id: 0xbeef,
      qr: true,
      qname: '_sip._udp.example.com',
      qtype: 'SRV',
      rcode: 'NOERROR',
    });
  });

  it("stores heplify's DNS JSON as sent and reads the same keys from it", () => {
    const payload =
      '{"id":7,"qr":true,"opcode":0,"aa":false,"tc":false,"rd":true,"ra":true,"z":0,"rescode":3,"qdc":1,' +
      '"anc":0,"nsc":0,"arc":0,"questions":[{"name":"nope.example.com","type":28,"class":1}]}';
    const { row } = decodeDns(hepPacket(payload, { protoType: 53 }), CTX);
    expect(row.raw).toBe(payload);
    expect(JSON.parse(row.dataHeader)).toEqual({
      node: '2001',
      proto: 'dns',
      id: 7,
      qr: true,
      qname: 'nope.example.com',
      qtype: 'AAAA',
      rcode: 'NXDOMAIN',
    });
  });

  it('stores malformed DNS as hex, and broken JSON as text, each with its parse_error', () => {
    const bin = decodeDns(hepPacket(Buffer.from([1, 2, 3]), { protoType: 53 }), CTX);
    expect(bin.parseError).toBe(DNS_PARSE_ERRORS.short);
    expect(bin.row.raw).toBe('010203');
    expect(JSON.parse(bin.row.dataHeader)).toMatchObject({ parse_error: 'dns_short', raw_encoding: 'hex' });
    const json = decodeDns(hepPacket('{"id":', { protoType: 53 }), CTX);
    expect(json.parseError).toBe(DNS_DECODE_ERRORS.badJson);
    expect(json.row.raw).toBe('{"id":');
  });
});
