/**
 * The one call whose call flow bench:search fetches (`POST /call/transaction`): 30 SIP messages
 * through a proxy (digest challenge, 100rel, a session refresh, BYE), 12 RTCP reports and 6 log
 * lines carrying its Call-ID as correlation id. The packets go through the real HEP decoders and
 * the storage writer, so the rows are exactly what `homer serve` would store for them.
 */

import { randomBytes } from 'node:crypto';
import { DEFAULT_SIP_HEADERS } from '../../src/decoders/defaults.js';
import { createDecoderRegistry } from '../../src/decoders/registry.js';
import type { HepPacket } from '../../src/hep/types.js';
import { tableOf, type CaptureRow } from '../../src/pipeline/row.js';
import type { Storage } from '../../src/storage/types.js';

const A = { ip: '10.30.1.17', port: 41234, user: '4930555123', ua: 'Yealink SIP-T46U 108.86.0.20' };
const P = { ip: '10.0.0.1', port: 5060 };
const B = { ip: '10.40.2.9', port: 5060, user: '4989777001', ua: 'Asterisk PBX 20.5.0' };

export interface KnownCall {
  readonly callId: string;
  /** First and last message, epoch ms. */
  readonly firstMs: number;
  readonly lastMs: number;
  readonly rowsByTable: Record<string, number>;
}

interface Step {
  readonly from: { ip: string; port: number };
  readonly to: { ip: string; port: number };
  /** Request method or response "code reason". */
  readonly line: string;
  readonly cseq: string;
  /** Seconds after the first message. */
  readonly at: number;
  readonly sdp?: boolean;
}

function step(from: Step['from'], to: Step['to'], line: string, cseq: string, at: number, sdp = false): Step {
  return { from, to, line, cseq, at, sdp };
}

/** The 30 messages: A ↔ proxy ↔ B, one Call-ID end to end (a proxy, not a B2BUA). */
const STEPS: readonly Step[] = [
  step(A, P, 'INVITE', '1 INVITE', 0, true),
  step(P, A, '100 Trying', '1 INVITE', 0.002),
  step(P, A, '407 Proxy Authentication Required', '1 INVITE', 0.004),
  step(A, P, 'ACK', '1 ACK', 0.03),
  step(A, P, 'INVITE', '2 INVITE', 0.05, true),
  step(P, A, '100 Trying', '2 INVITE', 0.052),
  step(P, B, 'INVITE', '2 INVITE', 0.055, true),
  step(B, P, '100 Trying', '2 INVITE', 0.06),
  step(B, P, '183 Session Progress', '2 INVITE', 0.4, true),
  step(P, A, '183 Session Progress', '2 INVITE', 0.402, true),
  step(A, P, 'PRACK', '3 PRACK', 0.45),
  step(P, B, 'PRACK', '3 PRACK', 0.452),
  step(B, P, '200 OK', '3 PRACK', 0.47),
  step(P, A, '200 OK', '3 PRACK', 0.472),
  step(B, P, '180 Ringing', '2 INVITE', 1.2),
  step(P, A, '180 Ringing', '2 INVITE', 1.202),
  step(B, P, '200 OK', '2 INVITE', 6.8, true),
  step(P, A, '200 OK', '2 INVITE', 6.802, true),
  step(A, P, 'ACK', '2 ACK', 6.85),
  step(P, B, 'ACK', '2 ACK', 6.852),
  step(B, P, 'INVITE', '1 INVITE', 96.8, true),
  step(P, A, 'INVITE', '1 INVITE', 96.802, true),
  step(A, P, '200 OK', '1 INVITE', 96.83, true),
  step(P, B, '200 OK', '1 INVITE', 96.832, true),
  step(B, P, 'ACK', '1 ACK', 96.86),
  step(P, A, 'ACK', '1 ACK', 96.862),
  step(A, P, 'BYE', '4 BYE', 131.4),
  step(P, B, 'BYE', '4 BYE', 131.402),
  step(B, P, '200 OK', '4 BYE', 131.43),
  step(P, A, '200 OK', '4 BYE', 131.432),
];

function sipText(s: Step, callId: string): string {
  const request = !/^\d/.test(s.line);
  const method = s.cseq.split(' ')[1] ?? '';
  const caller = s.cseq.startsWith('1 INVITE') && s.at > 90 ? B : A;
  const callee = caller === A ? B : A;
  const startLine = request
    ? `${s.line} sip:${callee.user}@${s.to.ip}:${s.to.port} SIP/2.0`
    : `SIP/2.0 ${s.line}`;
  const sdp = s.sdp
    ? `v=0\r\no=- 2890844526 2890844527 IN IP4 ${s.from.ip}\r\ns=-\r\nc=IN IP4 ${s.from.ip}\r\nt=0 0\r\n` +
      `m=audio 30000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n`
    : '';
  const headers = [
    startLine,
    `Via: SIP/2.0/UDP ${s.from.ip}:${s.from.port};branch=z9hG4bK${method.toLowerCase()}${Math.round(s.at * 1000)}`,
    `From: <sip:${caller.user}@sip.example.net>;tag=a1b2c3`,
    `To: <sip:${callee.user}@sip.example.net>${s.line === 'INVITE' && s.at < 1 ? '' : ';tag=d4e5f6'}`,
    `Call-ID: ${callId}`,
    `CSeq: ${s.cseq}`,
    `Contact: <sip:${caller.user}@${s.from.ip}:${s.from.port}>`,
    `User-Agent: ${s.from === B ? B.ua : A.ua}`,
    'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, UPDATE',
    ...(s.line.startsWith('407')
      ? ['Proxy-Authenticate: Digest realm="sip.example.net", nonce="5f2a9c"']
      : []),
    ...(method === 'INVITE' && s.cseq.startsWith('2') && request && s.from === A
      ? [
          `Proxy-Authorization: Digest username="${A.user}", realm="sip.example.net", nonce="5f2a9c", response="0a4f"`,
        ]
      : []),
    ...(s.sdp ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(sdp)}`,
  ];
  return `${headers.join('\r\n')}\r\n\r\n${sdp}`;
}

function packet(
  protoType: number,
  from: Step['from'],
  to: Step['to'],
  atMs: number,
  payload: string,
  correlationId?: string,
): HepPacket {
  return {
    version: 3,
    ipFamily: 2,
    ipProtocol: 17,
    srcIp: from.ip,
    dstIp: to.ip,
    srcPort: from.port,
    dstPort: to.port,
    timeSeconds: Math.floor(atMs / 1000),
    timeUseconds: Math.round((atMs % 1000) * 1000),
    protoType,
    captureId: 2001,
    authKey: 'myHep',
    payload: Buffer.from(payload),
    extraChunks: [],
    ...(correlationId === undefined ? {} : { correlationId }),
  };
}

function rtcpReport(i: number, ssrc: number): string {
  return JSON.stringify({
    sender_information: {
      ntp_timestamp_sec: 3900000000 + i * 5,
      ntp_timestamp_usec: 0,
      octets: 8000 * i,
      rtp_timestamp: 160 * i,
      packets: 250 * i,
    },
    ssrc,
    type: 200,
    report_count: 1,
    report_blocks: [
      {
        source_ssrc: ssrc ^ 0xffff,
        fraction_lost: i % 3,
        packets_lost: i,
        highest_seq_no: 1000 + 250 * i,
        ia_jitter: 4 + (i % 5),
        lsr: 0,
        dlsr: 0,
      },
    ],
    report_blocks_xr: { type: 0, id: 0, fraction_lost: 0, fraction_discard: 0, avg_rtt: 0 },
    sdes_ssrc: ssrc,
  });
}

/** Stores the known call starting at `startMs` through `storage.writer`; returns its Call-ID and span. */
export async function insertKnownCall(storage: Storage, startMs: number): Promise<KnownCall> {
  const callId = `bench-known-${randomBytes(8).toString('hex')}@${A.ip}`;
  const registry = createDecoderRegistry({
    sip: { sipHeaders: DEFAULT_SIP_HEADERS, customHeaders: [], alegIds: [], forceALegId: false },
  });
  const ctx = { arrivalSeconds: Math.floor(startMs / 1000), arrivalUseconds: 0 };
  const packets: HepPacket[] = STEPS.map((s) =>
    packet(1, s.from, s.to, startMs + s.at * 1000, sipText(s, callId)),
  );
  // RTCP every 10 s of the talk phase, both directions (hepid 5, correlation id = Call-ID).
  for (let i = 0; i < 12; i++) {
    const fromA = i % 2 === 0;
    const at = startMs + 10_000 + i * 10_000;
    packets.push(
      packet(5, fromA ? A : B, fromA ? B : A, at, rtcpReport(i + 1, fromA ? 0x1a2b3c4d : 0x5e6f7a8b), callId),
    );
  }
  // Log lines from the proxy (hepid 100), as Kamailio's siptrace/HEP logging sends them.
  const logs = [
    'new dialog',
    'auth ok for 4930555123',
    'routing to 10.40.2.9',
    'early media',
    'dialog confirmed',
    'dialog ended',
  ];
  logs.forEach((text, i) => {
    const at = startMs + [60, 70, 80, 500, 6_900, 131_500][i]!;
    packets.push(packet(100, P, P, at, `proxy[3121]: INFO: <script>: ${text} (${callId})`, callId));
  });
  const byTable = new Map<string, CaptureRow[]>();
  for (const p of packets) {
    const { row, parseError } = registry.decode(p, ctx);
    if (parseError !== undefined)
      throw new Error(`known call: ${parseError} decoding a hepid ${p.protoType} packet`);
    const table = tableOf(row);
    byTable.set(table, [...(byTable.get(table) ?? []), row]);
  }
  const rowsByTable: Record<string, number> = {};
  for (const [table, rows] of byTable) {
    const outcome = await storage.writer.write(table, rows);
    if (outcome.rejected.length > 0)
      throw new Error(`known call: ${outcome.rejected.length} rows rejected in ${table}`);
    rowsByTable[table] = outcome.written;
  }
  const last = STEPS[STEPS.length - 1]?.at ?? 0;
  return { callId, firstMs: startMs, lastMs: startMs + Math.max(last * 1000, 131_500), rowsByTable };
}
