/**
 * Server-side generators for bench:search: one `INSERT ... SELECT generate_series` per (table,
 * hour), so PostgreSQL builds the rows itself and the data never crosses the socket. The rows have
 * the shape `homer serve` writes for SIP (src/decoders/protocol-header.ts, sip/data-header.ts with
 * DEFAULT_SIP_HEADERS): protocol_header with the 12 heplify keys (`captureId` a string,
 * `correlation_id` = Call-ID), data_header with the 15 default keys, raw ≈ 450–950 bytes of SIP.
 *
 * Every per-call value comes from `hashint8extended(<unit number>, <salt>)`, so the messages of a
 * dialog agree (Call-ID, users, tags) and a re-run produces the same data. The inner query sorts
 * only (unit, message, time) tuples and is fenced with OFFSET 0, so the wide rows are built after
 * the sort and reach the heap in time order, as a capture server writes them.
 *
 * Parameters of every statement: $1 hour start (epoch seconds, float8), $2 units (calls,
 * registrations or pings) in this hour, $3 first unit number (global, so units of different hours
 * differ), $4 seconds of the hour in which units may start (less than 3600 for the last hour, so
 * no dialog runs past the loaded range).
 */

/** Subscribers whose numbers callers and registrations use. */
export const SUBSCRIBERS = 200_000;
/** Subscriber numbers come in operator blocks of this size sharing a 6-digit prefix. */
export const BLOCK_SIZE = 10_000;
/** The proxy every client talks to (the capture point sits in front of it). */
export const PROXY_IP = '10.0.0.1';
/** Longest dialog: 100 ms to ring + 15 s ringing + 183 s talk, plus margins. */
export const MAX_DIALOG_SECONDS = 200;

/** `hashint8extended` of a unit and salt as a non-negative bigint expression. */
const h = (unit: string, salt: number): string => `abs(hashint8extended(${unit}, ${salt}))`;

/** Subscriber number (10 digits) of a subscriber index expression: block prefix + 4 digits. */
function subscriberNumber(idx: string): string {
  return `((100000 + abs(hashint4((${idx} / ${BLOCK_SIZE})::int + 1000)) % 900000)::text || lpad((${idx} % ${BLOCK_SIZE})::text, 4, '0'))`;
}

/** Client address of a subscriber index: 10.20.0.0/14, one per subscriber. */
function clientIp(idx: string): string {
  return `('10.' || (20 + ${idx} / 65536) || '.' || ((${idx} / 256) % 256) || '.' || (${idx} % 256))`;
}

/** The UA's source port: ephemeral, fixed per subscriber (a registered binding). */
const clientPort = (idx: string): string => `(10000 + ${idx} % 50000)::int`;

const USER_AGENTS = [
  'Yealink SIP-T46U 108.86.0.20',
  'Linphone/5.2.0 (belle-sip/5.2.0)',
  'Zoiper rv2.10.19.5',
  'Grandstream GXP2170 1.0.11.23',
  'MicroSIP/3.21.3',
  'Cisco-CP8845/14.2.1',
];
const userAgent = (idx: string): string =>
  `(ARRAY[${USER_AGENTS.map((u) => `'${u}'`).join(', ')}])[1 + (${idx} % ${USER_AGENTS.length})::int]`;

const PROTOCOL_HEADER = (
  src: string,
  dst: string,
  srcPort: string,
  dstPort: string,
): string => `jsonb_build_object(
    'protocolFamily', 2, 'protocol', 17, 'srcIp', ${src}, 'dstIp', ${dst}, 'srcPort', ${srcPort}, 'dstPort', ${dstPort},
    'timeSeconds', floor(x.ts)::bigint, 'timeUseconds', ((x.ts - floor(x.ts)) * 1000000)::int,
    'payloadType', 1, 'captureId', '2001', 'capturePass', 'myHep', 'correlation_id', x.callid)`;

const SDP = (ip: string): string =>
  `E'v=0\\r\\no=- 3849204811 3849204811 IN IP4 ' || ${ip} || E'\\r\\ns=-\\r\\nc=IN IP4 ' || ${ip} || ` +
  `E'\\r\\nt=0 0\\r\\nm=audio ' || (20000 + x.unit % 10000 * 2) || E' RTP/AVP 8 0 101\\r\\na=rtpmap:8 PCMA/8000\\r\\n` +
  `a=rtpmap:0 PCMU/8000\\r\\na=rtpmap:101 telephone-event/8000\\r\\na=fmtp:101 0-16\\r\\na=ptime:20\\r\\na=sendrecv\\r\\n'`;

/**
 * Calls: INVITE (SDP) → 100 → 180 → 200 (SDP) → ACK → BYE → 200, caller ↔ proxy. Callers are
 * skewed (index = S·u², so 1 % of subscribers place ≈ 10 % of calls); callees are subscribers
 * (70 %) or external numbers starting with 0. Half the BYEs come from the callee, with From/To
 * swapped as in SIP.
 */
export const CALLS_SQL = `
INSERT INTO hep_proto_1_call (sid, create_date, protocol_header, data_header, raw)
SELECT x.callid, to_timestamp(x.ts),
  ${PROTOCOL_HEADER(
    `CASE WHEN x.fwd THEN x.cip ELSE '${PROXY_IP}' END`,
    `CASE WHEN x.fwd THEN '${PROXY_IP}' ELSE x.cip END`,
    `CASE WHEN x.fwd THEN x.cport ELSE 5060 END`,
    `CASE WHEN x.fwd THEN 5060 ELSE x.cport END`,
  )},
  jsonb_build_object(
    'ruri_user', x.ruri, 'ruri_domain', CASE WHEN x.req THEN 'sip.example.net' ELSE '' END,
    'from_user', x.fu, 'from_domain', 'sip.example.net', 'from_tag', x.ftag,
    'to_user', x.tu, 'to_domain', 'sip.example.net', 'to_tag', CASE WHEN x.k IN (0, 1) THEN '' ELSE x.ttag END,
    'callid', x.callid, 'cseq', x.cseq, 'method', x.method, 'user_agent', x.ua,
    'pid_user', CASE WHEN x.k = 0 THEN x.caller ELSE '' END, 'auth_user', '',
    'contact_user', CASE WHEN x.k IN (0, 3) THEN x.fu ELSE '' END),
  x.startline || E'\\r\\nVia: SIP/2.0/UDP ' || x.cip || ':5060;branch=z9hG4bK' || to_hex(hashint8extended(x.unit * 8 + x.k, 6)) ||
    E';rport\\r\\nVia: SIP/2.0/UDP ${PROXY_IP}:5060;branch=z9hG4bK' || to_hex(hashint8extended(x.unit * 8 + x.k, 7)) ||
    E'.0\\r\\nRecord-Route: <sip:${PROXY_IP}:5060;lr;ftag=' || x.ftag || E';did=' || left(x.ttag, 6) ||
    E'>\\r\\nMax-Forwards: 70\\r\\nFrom: <sip:' || x.fu || '@sip.example.net>;tag=' || x.ftag ||
    E'\\r\\nTo: <sip:' || x.tu || '@sip.example.net>' || CASE WHEN x.k IN (0, 1) THEN '' ELSE ';tag=' || x.ttag END ||
    E'\\r\\nCall-ID: ' || x.callid || E'\\r\\nCSeq: ' || x.cseq ||
    E'\\r\\nContact: <sip:' || x.fu || '@' || x.cip || ':' || x.cport || E'>\\r\\nUser-Agent: ' || x.ua ||
    E'\\r\\nAllow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, UPDATE, PRACK\\r\\nSupported: replaces, timer, 100rel' ||
    CASE WHEN x.k IN (0, 3)
      THEN E'\\r\\nContent-Type: application/sdp\\r\\nContent-Length: 262\\r\\n\\r\\n' || ${SDP('x.cip')}
      ELSE E'\\r\\nContent-Length: 0\\r\\n\\r\\n' END
FROM (
  SELECT s.unit, s.k, s.ts, p.callid, p.cip, p.cport, p.caller, p.ua, p.ftag, p.ttag,
    s.k IN (0, 4, 5) AS req,
    CASE s.k WHEN 0 THEN true WHEN 4 THEN true WHEN 5 THEN NOT p.byecallee WHEN 6 THEN p.byecallee ELSE false END AS fwd,
    CASE WHEN s.k >= 5 AND p.byecallee THEN p.callee ELSE p.caller END AS fu,
    CASE WHEN s.k >= 5 AND p.byecallee THEN p.caller ELSE p.callee END AS tu,
    CASE s.k WHEN 0 THEN p.callee WHEN 4 THEN p.callee WHEN 5 THEN CASE WHEN p.byecallee THEN p.caller ELSE p.callee END ELSE '' END AS ruri,
    (ARRAY['INVITE', '100', '180', '200', 'ACK', 'BYE', '200'])[s.k + 1] AS method,
    (ARRAY['1 INVITE', '1 INVITE', '1 INVITE', '1 INVITE', '1 ACK', '2 BYE', '2 BYE'])[s.k + 1] AS cseq,
    CASE s.k
      WHEN 0 THEN 'INVITE sip:' || p.callee || '@sip.example.net SIP/2.0'
      WHEN 1 THEN 'SIP/2.0 100 Trying'
      WHEN 2 THEN 'SIP/2.0 180 Ringing'
      WHEN 4 THEN 'ACK sip:' || p.callee || '@' || p.cip || ':5060 SIP/2.0'
      WHEN 5 THEN 'BYE sip:' || CASE WHEN p.byecallee THEN p.caller ELSE p.callee END || '@' || p.cip || ':5060 SIP/2.0'
      ELSE 'SIP/2.0 200 OK' END AS startline
  FROM (
    SELECT c.unit, k.k,
      $1::float8 + (${h('c.unit', 9)} % ($4::bigint * 1000000)) / 1e6
        + (ARRAY[0, 0.012, 0.1, 0, 0.04, 0, 0.03])[k.k + 1]
        + CASE WHEN k.k >= 3 THEN 1 + ${h('c.unit', 10)} % 15 ELSE 0 END
        + CASE WHEN k.k >= 5 THEN 3 + ${h('c.unit', 13)} % 180 ELSE 0 END AS ts
    FROM generate_series($3::bigint, $3::bigint + $2::bigint - 1) AS c(unit)
    CROSS JOIN generate_series(0, 6) AS k(k)
    ORDER BY ts OFFSET 0
  ) s
  CROSS JOIN LATERAL (
    SELECT q.*, ${subscriberNumber('q.idx')} AS caller, ${clientIp('q.idx')} AS cip, ${clientPort('q.idx')} AS cport, ${userAgent('q.idx')} AS ua,
      to_hex(hashint8extended(s.unit, 11)) || to_hex(hashint8extended(s.unit, 12)) || '@' || ${clientIp('q.idx')} AS callid,
      CASE WHEN ${h('s.unit', 2)} % 100 < 70 THEN ${subscriberNumber(`(${h('s.unit', 3)} % ${SUBSCRIBERS})`)}
        ELSE '0' || lpad((${h('s.unit', 3)} % 10000000000)::text, 10, '0') END AS callee,
      to_hex(hashint8extended(s.unit, 4)) AS ftag, to_hex(hashint8extended(s.unit, 5)) AS ttag,
      ${h('s.unit', 8)} % 2 = 0 AS byecallee
    FROM (SELECT floor(${SUBSCRIBERS} * power((${h('s.unit', 1)} % 1000000) / 1e6, 2))::bigint AS idx) q
  ) p
) x`;

/** Registrations: REGISTER → 401 → REGISTER (Authorization) → 200, client ↔ proxy, uniform subscribers. */
export const REGISTRATIONS_SQL = `
INSERT INTO hep_proto_1_registration (sid, create_date, protocol_header, data_header, raw)
SELECT x.callid, to_timestamp(x.ts),
  ${PROTOCOL_HEADER(
    `CASE WHEN x.fwd THEN x.cip ELSE '${PROXY_IP}' END`,
    `CASE WHEN x.fwd THEN '${PROXY_IP}' ELSE x.cip END`,
    `CASE WHEN x.fwd THEN x.cport ELSE 5060 END`,
    `CASE WHEN x.fwd THEN 5060 ELSE x.cport END`,
  )},
  jsonb_build_object(
    'ruri_user', '', 'ruri_domain', CASE WHEN x.fwd THEN 'sip.example.net' ELSE '' END,
    'from_user', x.num, 'from_domain', 'sip.example.net', 'from_tag', x.ftag,
    'to_user', x.num, 'to_domain', 'sip.example.net', 'to_tag', CASE WHEN x.fwd THEN '' ELSE x.ttag END,
    'callid', x.callid, 'cseq', x.cseq, 'method', x.method, 'user_agent', CASE WHEN x.fwd THEN x.ua ELSE '' END,
    'pid_user', '', 'auth_user', CASE WHEN x.k = 2 THEN x.num ELSE '' END,
    'contact_user', CASE WHEN x.k IN (0, 2, 3) THEN x.num ELSE '' END),
  x.startline || E'\\r\\nVia: SIP/2.0/UDP ' || x.cip || ':5060;branch=z9hG4bK' || to_hex(hashint8extended(x.unit * 8 + x.k, 6)) ||
    E';rport\\r\\nVia: SIP/2.0/UDP ${PROXY_IP}:5060;branch=z9hG4bK' || to_hex(hashint8extended(x.unit * 8 + x.k, 7)) ||
    E'.0\\r\\nPath: <sip:${PROXY_IP}:5060;lr>\\r\\nMax-Forwards: 70\\r\\nFrom: <sip:' || x.num || '@sip.example.net>;tag=' || x.ftag ||
    E'\\r\\nTo: <sip:' || x.num || '@sip.example.net>' || CASE WHEN x.fwd THEN '' ELSE ';tag=' || x.ttag END ||
    E'\\r\\nCall-ID: ' || x.callid || E'\\r\\nCSeq: ' || x.cseq ||
    E'\\r\\nContact: <sip:' || x.num || '@' || x.cip || E':5060;transport=udp>;expires=3600\\r\\nUser-Agent: ' || x.ua ||
    CASE x.k
      WHEN 1 THEN E'\\r\\nWWW-Authenticate: Digest realm="sip.example.net", nonce="' || x.ttag || x.ftag || E'", algorithm=MD5, qop="auth"'
      WHEN 2 THEN E'\\r\\nAuthorization: Digest username="' || x.num || E'", realm="sip.example.net", nonce="' || x.ttag || x.ftag ||
        E'", uri="sip:sip.example.net", response="' || to_hex(hashint8extended(x.unit, 14)) || to_hex(hashint8extended(x.unit, 15)) ||
        E'", algorithm=MD5, cnonce="' || x.ftag || E'", qop=auth, nc=00000001'
      ELSE '' END ||
    E'\\r\\nAllow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, UPDATE\\r\\nExpires: 3600\\r\\nContent-Length: 0\\r\\n\\r\\n'
FROM (
  SELECT s.unit, s.k, s.ts, p.num, p.cip, p.cport, p.ua, p.ftag, p.ttag, p.callid,
    s.k IN (0, 2) AS fwd,
    (ARRAY['REGISTER', '401', 'REGISTER', '200'])[s.k + 1] AS method,
    (ARRAY['1 REGISTER', '1 REGISTER', '2 REGISTER', '2 REGISTER'])[s.k + 1] AS cseq,
    (ARRAY['REGISTER sip:sip.example.net SIP/2.0', 'SIP/2.0 401 Unauthorized', 'REGISTER sip:sip.example.net SIP/2.0',
      'SIP/2.0 200 OK'])[s.k + 1] AS startline
  FROM (
    SELECT r.unit, k.k,
      $1::float8 + (${h('r.unit', 21)} % ($4::bigint * 1000000)) / 1e6 + (ARRAY[0, 0.008, 0.05, 0.058])[k.k + 1] AS ts
    FROM generate_series($3::bigint, $3::bigint + $2::bigint - 1) AS r(unit)
    CROSS JOIN generate_series(0, 3) AS k(k)
    ORDER BY ts OFFSET 0
  ) s
  CROSS JOIN LATERAL (
    SELECT ${subscriberNumber('q.idx')} AS num, ${clientIp('q.idx')} AS cip, ${clientPort('q.idx')} AS cport, ${userAgent('q.idx')} AS ua,
      to_hex(hashint8extended(s.unit, 4)) AS ftag, to_hex(hashint8extended(s.unit, 5)) AS ttag,
      to_hex(hashint8extended(s.unit, 11)) || to_hex(hashint8extended(s.unit, 12)) || '@' || ${clientIp('q.idx')} AS callid
    FROM (SELECT ${h('s.unit', 22)} % ${SUBSCRIBERS} AS idx) q
  ) p
) x`;

/** OPTIONS keep-alives: proxy → client OPTIONS, client → proxy 200 (hep_proto_1_default). */
export const OPTIONS_SQL = `
INSERT INTO hep_proto_1_default (sid, create_date, protocol_header, data_header, raw)
SELECT x.callid, to_timestamp(x.ts),
  ${PROTOCOL_HEADER(
    `CASE WHEN x.k = 0 THEN '${PROXY_IP}' ELSE x.cip END`,
    `CASE WHEN x.k = 0 THEN x.cip ELSE '${PROXY_IP}' END`,
    `CASE WHEN x.k = 0 THEN 5060 ELSE x.cport END`,
    `CASE WHEN x.k = 0 THEN x.cport ELSE 5060 END`,
  )},
  jsonb_build_object(
    'ruri_user', CASE WHEN x.k = 0 THEN x.num ELSE '' END, 'ruri_domain', CASE WHEN x.k = 0 THEN x.cip ELSE '' END,
    'from_user', 'keepalive', 'from_domain', 'sip.example.net', 'from_tag', x.ftag,
    'to_user', x.num, 'to_domain', 'sip.example.net', 'to_tag', CASE WHEN x.k = 0 THEN '' ELSE x.ttag END,
    'callid', x.callid, 'cseq', '1 OPTIONS', 'method', CASE WHEN x.k = 0 THEN 'OPTIONS' ELSE '200' END,
    'user_agent', CASE WHEN x.k = 0 THEN 'kamailio (5.7.4 (x86_64/linux))' ELSE x.ua END,
    'pid_user', '', 'auth_user', '', 'contact_user', ''),
  CASE WHEN x.k = 0 THEN 'OPTIONS sip:' || x.num || '@' || x.cip || ':5060 SIP/2.0' ELSE 'SIP/2.0 200 OK' END ||
    E'\\r\\nVia: SIP/2.0/UDP ${PROXY_IP}:5060;branch=z9hG4bK' || to_hex(hashint8extended(x.unit, 6)) ||
    E'\\r\\nMax-Forwards: 70\\r\\nFrom: <sip:keepalive@sip.example.net>;tag=' || x.ftag ||
    E'\\r\\nTo: <sip:' || x.num || '@' || x.cip || ':5060>' || CASE WHEN x.k = 0 THEN '' ELSE ';tag=' || x.ttag END ||
    E'\\r\\nCall-ID: ' || x.callid || E'\\r\\nCSeq: 1 OPTIONS\\r\\n' ||
    CASE WHEN x.k = 0 THEN E'User-Agent: kamailio (5.7.4 (x86_64/linux))\\r\\n' ELSE 'User-Agent: ' || x.ua ||
      E'\\r\\nAccept: application/sdp\\r\\nAllow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, UPDATE\\r\\n' END ||
    E'Content-Length: 0\\r\\n\\r\\n'
FROM (
  SELECT s.unit, s.k, s.ts, p.num, p.cip, p.cport, p.ua, p.ftag, p.ttag, p.callid
  FROM (
    SELECT o.unit, k.k, $1::float8 + (${h('o.unit', 31)} % ($4::bigint * 1000000)) / 1e6 + k.k * 0.004 AS ts
    FROM generate_series($3::bigint, $3::bigint + $2::bigint - 1) AS o(unit)
    CROSS JOIN generate_series(0, 1) AS k(k)
    ORDER BY ts OFFSET 0
  ) s
  CROSS JOIN LATERAL (
    SELECT ${subscriberNumber('q.idx')} AS num, ${clientIp('q.idx')} AS cip, ${clientPort('q.idx')} AS cport, ${userAgent('q.idx')} AS ua,
      to_hex(hashint8extended(s.unit, 4)) AS ftag, to_hex(hashint8extended(s.unit, 5)) AS ttag,
      to_hex(hashint8extended(s.unit, 11)) || '-' || to_hex(hashint8extended(s.unit, 12)) || '@${PROXY_IP}' AS callid
    FROM (SELECT ${h('s.unit', 32)} % ${SUBSCRIBERS} AS idx) q
  ) p
) x`;

export type UnitKind = 'call' | 'registration' | 'options';

export interface UnitSpec {
  readonly kind: UnitKind;
  readonly table: string;
  readonly sql: string;
  readonly messagesPerUnit: number;
  /** Share of all generated rows (the ingest benchmark's mix: bench/lib/sip-mix.ts). */
  readonly rowShare: number;
  /** Added to unit numbers so the kinds draw different hashes. */
  readonly unitBase: number;
}

export const UNIT_SPECS: readonly UnitSpec[] = [
  {
    kind: 'call',
    table: 'hep_proto_1_call',
    sql: CALLS_SQL,
    messagesPerUnit: 7,
    rowShare: 0.76,
    unitBase: 0,
  },
  {
    kind: 'registration',
    table: 'hep_proto_1_registration',
    sql: REGISTRATIONS_SQL,
    messagesPerUnit: 4,
    rowShare: 0.13,
    unitBase: 1_000_000_000_000,
  },
  {
    kind: 'options',
    table: 'hep_proto_1_default',
    sql: OPTIONS_SQL,
    messagesPerUnit: 2,
    rowShare: 0.11,
    unitBase: 2_000_000_000_000,
  },
];
