/**
 * A realistic SIP traffic mix for the ingest benchmark: calls (INVITE/100/180/200/ACK/BYE/200, SDP on
 * INVITE and 200), registrations (REGISTER/401/REGISTER/200, RFC 3261 §10 + §22 digest challenge) and
 * OPTIONS keep-alives. Messages carry the header set real SBCs and proxies emit (two Via hops,
 * Record-Route, Allow, Supported, P-Asserted-Identity, User-Agent/Server), so each is 700–900 bytes
 * like the payloads limits.md measured with.
 *
 * The Call-ID starts with a fixed-width slot of hex digits (`CALLID_SLOT_CHARS`). The C sender
 * rewrites it with the step number and how many times it has cycled through the file, so every
 * packet it sends is distinct (no accidental de-duplication, per-step rows are recognisable) without
 * a multi-gigabyte packet file.
 */

export const CALLID_SLOT_CHARS = 12;
const SLOT_PLACEHOLDER = '0'.repeat(CALLID_SLOT_CHARS);

export type UnitKind = 'call' | 'registration' | 'options';

/** One SIP message and the HEP addressing it travels with. */
export interface SipMessage {
  readonly kind: UnitKind;
  /** Method for requests, status code for responses: "INVITE", "180". */
  readonly label: string;
  readonly text: string;
  readonly srcIp: string;
  readonly srcPort: number;
  readonly dstIp: string;
  readonly dstPort: number;
  /** Byte offset of the Call-ID slot inside `text` (ASCII only, so bytes = chars). */
  readonly callIdSlotOffset: number;
}

export interface SipMixOptions {
  readonly calls: number;
  /** Registrations per call (default 0.3). */
  readonly registrationsPerCall?: number;
  /** OPTIONS pings per call (default 0.5). */
  readonly optionsPerCall?: number;
  /** Dialogs that progress concurrently; messages of different dialogs interleave like live traffic. */
  readonly concurrency?: number;
  readonly seed?: number;
}

/** mulberry32: small, seedable, good enough for picking names and numbers. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Ctx {
  readonly rnd: () => number;
}

function pick<T>(ctx: Ctx, items: readonly T[]): T {
  return items[Math.floor(ctx.rnd() * items.length)] as T;
}

function hex(ctx: Ctx, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(ctx.rnd() * 16).toString(16);
  return s;
}

function digits(ctx: Ctx, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(ctx.rnd() * 10).toString();
  return s;
}

const USER_AGENTS = [
  'Yealink SIP-T46U 108.86.0.20',
  'PolycomVVX-VVX_450-UA/6.4.3.5018',
  'Grandstream GXP2170 1.0.11.23',
  'Linphone-Desktop/5.2.4 (belle-sip/5.2.94)',
  'Zoiper rv2.10.19.2',
  'MicroSIP/3.21.3',
  'Cisco-CP8865/14.2.1',
] as const;
const SERVERS = [
  'Kamailio (5.7.4 (x86_64/linux))',
  'OpenSIPS (3.4.3 (x86_64/linux))',
  'FreeSWITCH-mod_sofia/1.10.11',
];
const DOMAINS = ['voip.example.net', 'pbx.example.org', 'sip.carrier-one.example', 'ims.example.com'];
const PROXY_IP = '10.10.0.5';
const PROXY_HOST = 'edge-proxy-01.example.net';
const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER, NOTIFY, PRACK, MESSAGE, SUBSCRIBE';
/** What phones put in dialog-forming messages with SDP, which are the largest. */
const ALLOW_SHORT = 'INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE';

/** 250 distinct client addresses, as limits.md §3 used for its insert rows. */
function clientIp(ctx: Ctx): string {
  const n = Math.floor(ctx.rnd() * 250);
  return `192.168.${10 + Math.floor(n / 50)}.${20 + (n % 50)}`;
}

interface Party {
  readonly user: string;
  readonly display: string;
  readonly ip: string;
  readonly port: number;
  readonly domain: string;
  readonly ua: string;
}

function party(ctx: Ctx, domain: string): Party {
  const user = `+1${pick(ctx, ['212', '415', '646', '702', '917'])}${digits(ctx, 7)}`;
  const first = pick(ctx, [
    'Alice',
    'Bob',
    'Carol',
    'Dave',
    'Erin',
    'Frank',
    'Grace',
    'Heidi',
    'Ivan',
    'Judy',
  ]);
  const last = pick(ctx, ['Smith', 'Jones', 'Garcia', 'Miller', 'Davis', 'Lopez', 'Wilson', 'Taylor']);
  return {
    user,
    display: `${first} ${last}`,
    ip: clientIp(ctx),
    port: 5060 + Math.floor(ctx.rnd() * 4) * 2,
    domain,
    ua: pick(ctx, USER_AGENTS),
  };
}

function sdp(ctx: Ctx, who: Party, sessionId: string): string {
  const rtpPort = 10000 + 2 * Math.floor(ctx.rnd() * 10000);
  // Static payload types 0 and 8 need no rtpmap (RFC 3551 §6); most phones still send them.
  return [
    'v=0',
    `o=- ${sessionId} ${sessionId} IN IP4 ${who.ip}`,
    's=-',
    `c=IN IP4 ${who.ip}`,
    't=0 0',
    `m=audio ${rtpPort} RTP/AVP 0 8 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

/** Joins header lines and body with a correct Content-Length (RFC 3261 §20.14: body bytes). */
function message(
  startLine: string,
  headers: readonly string[],
  body = '',
  contentType = 'application/sdp',
): string {
  const lines = [startLine, ...headers];
  if (body !== '') lines.push(`Content-Type: ${contentType}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

interface Dialog {
  readonly callId: string;
  readonly a: Party;
  readonly b: Party;
  readonly fromTag: string;
  readonly toTag: string;
  readonly branchA: string;
  readonly branchP: string;
}

function dialog(ctx: Ctx, index: number): Dialog {
  const domain = pick(ctx, DOMAINS);
  return {
    callId: `${SLOT_PLACEHOLDER}-${index.toString(36)}-${hex(ctx, 8)}@${domain}`,
    a: party(ctx, domain),
    b: party(ctx, domain),
    fromTag: hex(ctx, 10),
    toTag: hex(ctx, 10),
    branchA: `z9hG4bK${hex(ctx, 16)}`,
    branchP: `z9hG4bK${hex(ctx, 12)}.0`,
  };
}

/** Via stack of a request from A as relayed by the proxy (RFC 3261 §18.2.1 received/rport). */
function viaStack(d: Dialog, branchA = d.branchA): string[] {
  return [
    `Via: SIP/2.0/UDP ${PROXY_IP}:5060;branch=${d.branchP}`,
    `Via: SIP/2.0/UDP ${d.a.ip}:${d.a.port};rport=${d.a.port};branch=${branchA}`,
  ];
}

function fromTo(d: Dialog, withToTag: boolean): string[] {
  return [
    `From: "${d.a.display}" <sip:${d.a.user}@${d.a.domain}>;tag=${d.fromTag}`,
    `To: <sip:${d.b.user}@${d.b.domain}>${withToTag ? `;tag=${d.toTag}` : ''}`,
  ];
}

const RECORD_ROUTE = `Record-Route: <sip:${PROXY_IP};lr;ftag=`;

function callMessages(ctx: Ctx, index: number): SipMessage[] {
  const d = dialog(ctx, index);
  const ruri = `sip:${d.b.user}@${d.b.ip}:${d.b.port}`;
  const rr = `${RECORD_ROUTE}${d.fromTag};did=${hex(ctx, 6)}>`;
  const server = pick(ctx, SERVERS);
  const session = digits(ctx, 10);
  const inviteSdp = sdp(ctx, d.a, session);
  const answerSdp = sdp(ctx, d.b, digits(ctx, 10));
  const common = [`Call-ID: ${d.callId}`];
  const toB = { srcIp: PROXY_IP, srcPort: 5060, dstIp: d.b.ip, dstPort: d.b.port };
  const toA = { srcIp: PROXY_IP, srcPort: 5060, dstIp: d.a.ip, dstPort: d.a.port };
  const fromB = { srcIp: d.b.ip, srcPort: d.b.port, dstIp: PROXY_IP, dstPort: 5060 };
  const out: SipMessage[] = [];
  const add = (label: string, text: string, addr: typeof toB): void => {
    out.push({ kind: 'call', label, text, ...addr, callIdSlotOffset: slotOffset(text) });
  };
  const responseHeaders = (cseq: string, withTag: boolean): string[] => [
    ...viaStack(d),
    rr,
    ...fromTo(d, withTag),
    ...common,
    `CSeq: ${cseq}`,
  ];
  add(
    'INVITE',
    message(
      `INVITE ${ruri} SIP/2.0`,
      [
        ...viaStack(d),
        rr,
        'Max-Forwards: 69',
        ...fromTo(d, false),
        ...common,
        'CSeq: 1 INVITE',
        `Contact: <sip:${d.a.user}@${d.a.ip}:${d.a.port};transport=udp>`,
        `Allow: ${ALLOW_SHORT}`,
        `User-Agent: ${d.a.ua}`,
      ],
      inviteSdp,
    ),
    toB,
  );
  add(
    '100',
    message('SIP/2.0 100 Trying', [
      ...responseHeaders('1 INVITE', false),
      `Server: ${server}`,
      `Allow: ${ALLOW}`,
      'Supported: replaces, timer, 100rel, path, outbound, gruu',
      `Warning: 399 ${PROXY_HOST} "Call forwarded to registered contact of ${d.b.user}"`,
      `X-Route-Info: region=us-east-1;trunk=carrier-one;lcr-rule=${hex(ctx, 8)};attempt=1`,
    ]),
    toA,
  );
  add(
    '180',
    message('SIP/2.0 180 Ringing', [
      ...responseHeaders('1 INVITE', true),
      `Contact: <sip:${d.b.user}@${d.b.ip}:${d.b.port};transport=udp>`,
      `Allow: ${ALLOW}`,
      'Supported: replaces, timer',
      `P-Asserted-Identity: <sip:${d.b.user}@${d.b.domain}>`,
      `User-Agent: ${d.b.ua}`,
    ]),
    fromB,
  );
  add(
    '200',
    message(
      'SIP/2.0 200 OK',
      [
        ...responseHeaders('1 INVITE', true),
        `Contact: <sip:${d.b.user}@${d.b.ip}:${d.b.port};transport=udp>`,
        `Allow: ${ALLOW_SHORT}`,
        `User-Agent: ${d.b.ua}`,
      ],
      answerSdp,
    ),
    fromB,
  );
  const inDialog = (method: string, cseq: string): string =>
    message(`${method} sip:${d.b.user}@${d.b.ip}:${d.b.port};transport=udp SIP/2.0`, [
      ...viaStack(d, `z9hG4bK${hex(ctx, 16)}`),
      'Max-Forwards: 69',
      `Route: <sip:${PROXY_IP};lr;ftag=${d.fromTag}>`,
      ...fromTo(d, true),
      ...common,
      `CSeq: ${cseq}`,
      `Contact: <sip:${d.a.user}@${d.a.ip}:${d.a.port};transport=udp>`,
      `P-Asserted-Identity: "${d.a.display}" <sip:${d.a.user}@${d.a.domain}>`,
      `Allow: ${ALLOW}`,
      `User-Agent: ${d.a.ua}`,
      ...(method === 'BYE' ? ['Reason: Q.850;cause=16;text="Normal call clearing"'] : []),
      `X-Call-Info: billing-id=${hex(ctx, 24)};account=${digits(ctx, 8)};codec=PCMU`,
    ]);
  add('ACK', inDialog('ACK', '1 ACK'), toB);
  add('BYE', inDialog('BYE', '2 BYE'), toB);
  add(
    '200',
    message('SIP/2.0 200 OK', [
      ...responseHeaders('2 BYE', true),
      `Contact: <sip:${d.b.user}@${d.b.ip}:${d.b.port};transport=udp>`,
      `Allow: ${ALLOW}`,
      'Supported: replaces, timer',
      `P-Asserted-Identity: <sip:${d.b.user}@${d.b.domain}>`,
      'Reason: Q.850;cause=16;text="Normal call clearing"',
      `User-Agent: ${d.b.ua}`,
    ]),
    fromB,
  );
  return out;
}

function registrationMessages(ctx: Ctx, index: number): SipMessage[] {
  const d = dialog(ctx, index);
  const nonce = hex(ctx, 24);
  const toProxy = { srcIp: d.a.ip, srcPort: d.a.port, dstIp: PROXY_IP, dstPort: 5060 };
  const toA = { srcIp: PROXY_IP, srcPort: 5060, dstIp: d.a.ip, dstPort: d.a.port };
  const aor = `<sip:${d.a.user}@${d.a.domain}>`;
  // The UA's own Via asks for rport (RFC 3581); the proxy's responses echo received/rport.
  const viaA = (branch: string, answered: boolean): string =>
    `Via: SIP/2.0/UDP ${d.a.ip}:${d.a.port};${answered ? `received=${d.a.ip};rport=${d.a.port}` : 'rport'};branch=${branch}`;
  const b1 = `z9hG4bK${hex(ctx, 16)}`;
  const b2 = `z9hG4bK${hex(ctx, 16)}`;
  const register = (cseq: number, branch: string, auth: string[]): string =>
    message(`REGISTER sip:${d.a.domain} SIP/2.0`, [
      viaA(branch, false),
      'Max-Forwards: 70',
      `From: "${d.a.display}" ${aor};tag=${d.fromTag}`,
      `To: "${d.a.display}" ${aor}`,
      `Call-ID: ${d.callId}`,
      `CSeq: ${cseq} REGISTER`,
      `Contact: <sip:${d.a.user}@${d.a.ip}:${d.a.port};transport=udp>;+sip.instance="<urn:uuid:${hex(ctx, 8)}-${hex(ctx, 4)}-${hex(ctx, 4)}-${hex(ctx, 4)}-${hex(ctx, 12)}>";reg-id=1`,
      'Expires: 3600',
      'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER, NOTIFY, MESSAGE',
      'Supported: path, gruu, outbound',
      `User-Agent: ${d.a.ua}`,
      ...auth,
    ]);
  const response = (status: string, cseq: number, branch: string, extra: string[]): string =>
    message(`SIP/2.0 ${status}`, [
      viaA(branch, true),
      `From: "${d.a.display}" ${aor};tag=${d.fromTag}`,
      `To: "${d.a.display}" ${aor};tag=${d.toTag}`,
      `Call-ID: ${d.callId}`,
      `CSeq: ${cseq} REGISTER`,
      ...extra,
      `Server: ${pick(ctx, SERVERS)}`,
    ]);
  const texts: [string, string, typeof toA][] = [
    [
      'REGISTER',
      register(1, b1, ['X-Device-Info: model=desk-phone;fw=2024.11;mac=001565' + hex(ctx, 6)]),
      toProxy,
    ],
    [
      '401',
      response('401 Unauthorized', 1, b1, [
        `WWW-Authenticate: Digest realm="${d.a.domain}", nonce="${nonce}", opaque="${hex(ctx, 16)}", algorithm=MD5, qop="auth"`,
        `Allow: ${ALLOW}`,
        'Supported: path, gruu, outbound',
        `X-Auth-Policy: realm=${d.a.domain};scheme=digest;alg=MD5,SHA-256;max-failures=5;lockout=300`,
      ]),
      toA,
    ],
    [
      'REGISTER',
      register(2, b2, [
        `Authorization: Digest username="${d.a.user}", realm="${d.a.domain}", nonce="${nonce}", uri="sip:${d.a.domain}", response="${hex(ctx, 32)}", cnonce="${hex(ctx, 8)}", qop=auth, nc=00000001`,
      ]),
      toProxy,
    ],
    [
      '200',
      response('200 OK', 2, b2, [
        `Contact: <sip:${d.a.user}@${d.a.ip}:${d.a.port};transport=udp>;expires=3600;+sip.instance="<urn:uuid:${hex(ctx, 8)}-${hex(ctx, 4)}-${hex(ctx, 4)}-${hex(ctx, 4)}-${hex(ctx, 12)}>";reg-id=1`,
        `Path: <sip:${PROXY_IP};lr;ob>`,
        `Service-Route: <sip:orig@${PROXY_HOST};lr>`,
        `Date: ${new Date(1_700_000_000_000 + index * 1000).toUTCString()}`,
        `Allow: ${ALLOW}`,
        'Supported: path, gruu, outbound',
      ]),
      toA,
    ],
  ];
  return texts.map(([label, text, addr]) => ({
    kind: 'registration',
    label,
    text,
    ...addr,
    callIdSlotOffset: slotOffset(text),
  }));
}

function optionsMessages(ctx: Ctx, index: number): SipMessage[] {
  const d = dialog(ctx, index);
  const branch = `z9hG4bK${hex(ctx, 16)}`;
  const server = pick(ctx, SERVERS);
  // Keep-alive from the proxy to a trunk/gateway, as Kamailio's dispatcher does.
  const toB = { srcIp: PROXY_IP, srcPort: 5060, dstIp: d.b.ip, dstPort: d.b.port };
  const fromB = { srcIp: d.b.ip, srcPort: d.b.port, dstIp: PROXY_IP, dstPort: 5060 };
  const via = `Via: SIP/2.0/UDP ${PROXY_IP}:5060;branch=${branch};rport`;
  const from = `From: <sip:dispatcher@${PROXY_HOST}>;tag=${d.fromTag}`;
  const to = `To: <sip:${d.b.ip}:${d.b.port}>`;
  const options = message(`OPTIONS sip:${d.b.ip}:${d.b.port} SIP/2.0`, [
    via,
    'Max-Forwards: 70',
    from,
    to,
    `Call-ID: ${d.callId}`,
    'CSeq: 10 OPTIONS',
    `Contact: <sip:dispatcher@${PROXY_IP}:5060>`,
    'Accept: application/sdp',
    'Accept-Encoding: identity',
    'Accept-Language: en',
    `Allow: ${ALLOW}`,
    'Supported: replaces, timer, path',
    `Date: ${new Date(1_700_000_000_000 + index * 1000).toUTCString()}`,
    `User-Agent: ${server}`,
    `X-Probe: dispatcher-set=1;destination=sip:${d.b.ip}:${d.b.port};interval=30;state=active;id=${hex(ctx, 12)}`,
  ]);
  const ok = message('SIP/2.0 200 OK', [
    `${via};received=${PROXY_IP}`,
    from,
    `${to};tag=${d.toTag}`,
    `Call-ID: ${d.callId}`,
    'CSeq: 10 OPTIONS',
    `Contact: <sip:${d.b.ip}:${d.b.port}>`,
    'Accept: application/sdp',
    'Accept-Encoding: identity',
    'Accept-Language: en',
    `Allow: ${ALLOW}`,
    'Supported: replaces, timer, path',
    'Allow-Events: presence, message-summary, refer, dialog',
    `Server: ${pick(ctx, SERVERS)}`,
    `X-Gateway-Status: channels-in-use=${digits(ctx, 2)};capacity=480;cpu=${digits(ctx, 2)}`,
  ]);
  return [
    { kind: 'options', label: 'OPTIONS', text: options, ...toB, callIdSlotOffset: slotOffset(options) },
    { kind: 'options', label: '200', text: ok, ...fromB, callIdSlotOffset: slotOffset(ok) },
  ];
}

function slotOffset(text: string): number {
  const at = text.indexOf(`\r\nCall-ID: ${SLOT_PLACEHOLDER}`);
  if (at < 0) throw new Error('Call-ID slot missing');
  return at + '\r\nCall-ID: '.length;
}

/**
 * Generates the mix. Dialogs progress concurrently (`concurrency` open at a time, a random open one
 * emits its next message), so consecutive packets belong to different calls as on a live link.
 */
export function generateSipMix(options: SipMixOptions): SipMessage[] {
  const ctx: Ctx = { rnd: prng(options.seed ?? 7060) };
  const registrations = Math.round(options.calls * (options.registrationsPerCall ?? 0.3));
  const pings = Math.round(options.calls * (options.optionsPerCall ?? 0.5));
  const units: UnitKind[] = [
    ...Array<UnitKind>(options.calls).fill('call'),
    ...Array<UnitKind>(registrations).fill('registration'),
    ...Array<UnitKind>(pings).fill('options'),
  ];
  for (let i = units.length - 1; i > 0; i--) {
    const j = Math.floor(ctx.rnd() * (i + 1));
    [units[i], units[j]] = [units[j] as UnitKind, units[i] as UnitKind];
  }
  const build = (kind: UnitKind, index: number): SipMessage[] =>
    kind === 'call'
      ? callMessages(ctx, index)
      : kind === 'registration'
        ? registrationMessages(ctx, index)
        : optionsMessages(ctx, index);

  const open: { messages: SipMessage[]; next: number }[] = [];
  const out: SipMessage[] = [];
  let nextUnit = 0;
  const concurrency = options.concurrency ?? 64;
  while (nextUnit < units.length || open.length > 0) {
    while (open.length < concurrency && nextUnit < units.length) {
      open.push({ messages: build(units[nextUnit] as UnitKind, nextUnit), next: 0 });
      nextUnit++;
    }
    const i = Math.floor(ctx.rnd() * open.length);
    const unit = open[i];
    if (!unit) break;
    out.push(unit.messages[unit.next] as SipMessage);
    unit.next++;
    if (unit.next === unit.messages.length) open.splice(i, 1);
  }
  return out;
}

/** Sizes and counts per kind and label, for the report and the self-check. */
export function describeMix(messages: readonly SipMessage[]): {
  count: number;
  bytes: { min: number; mean: number; max: number };
  byKind: Record<UnitKind, number>;
  byLabel: Record<string, { count: number; min: number; max: number }>;
} {
  const byKind: Record<UnitKind, number> = { call: 0, registration: 0, options: 0 };
  const byLabel: Record<string, { count: number; min: number; max: number }> = {};
  let min = Infinity;
  let max = 0;
  let sum = 0;
  for (const m of messages) {
    const n = Buffer.byteLength(m.text);
    min = Math.min(min, n);
    max = Math.max(max, n);
    sum += n;
    byKind[m.kind]++;
    const key = `${m.kind}:${m.label}`;
    const e = (byLabel[key] ??= { count: 0, min: Infinity, max: 0 });
    e.count++;
    e.min = Math.min(e.min, n);
    e.max = Math.max(e.max, n);
  }
  return {
    count: messages.length,
    bytes: { min, mean: sum / Math.max(1, messages.length), max },
    byKind,
    byLabel,
  };
}
