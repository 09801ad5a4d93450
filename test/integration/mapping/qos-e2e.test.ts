/**
 * Acceptance 8, end to end: an RTCP sender of ours (binary SR and RR packets built here, RFC 3550
 * §6.4) feeds a call captured by the real server as HEP type 5 with the call's Call-ID as
 * correlation id, and the BYE carries an X-RTP-Stat header. `call/report/qos` then returns the
 * reports decoded into heplify's JSON with an E-model MOS, and /metrics shows the RTCP gauges, the
 * X-RTP-Stat gauges and the MOS histogram by source.
 * (Debian's `rtpengine-daemon --homer` is not used: it needs kernel/iptables setup and real RTP
 * streams to emit RTCP; our sender exercises the same HEP 5 path.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHep3 } from '../../../src/hep/encode.js';
import {
  TEST_ADMIN_PASSWORD,
  startTestHomer,
  type StorageKind,
  type TestHomer,
} from '../../helpers/homer.js';
import { HttpApi, transactionRequest, type HttpReply } from '../../helpers/http-api.js';
import { sendUdp } from '../../helpers/net.js';
import { postgresAvailable } from '../../helpers/pg.js';
import { waitFor } from '../../helpers/wait.js';
import { receiverReport, senderReport } from '../../unit/decoders/rtcp-packets.js';
import { invite, ok200 } from '../capture/messages.js';

const kinds: StorageKind[] = (await postgresAvailable()) ? ['postgres', 'pglite'] : ['pglite'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const X_RTP_STAT = 'CS=900;PS=1433;PR=1522;PL=12,3;JI=8,4;DL=30,20,40;EN=PCMU;DE=PCMU';

function byeWithStats(callId: string): string {
  return [
    'BYE sip:bob@10.8.0.2:5060 SIP/2.0',
    'Via: SIP/2.0/UDP 10.8.0.1:5060;branch=z9hG4bK-bye1',
    'From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774',
    'To: Bob <sip:bob@example.com>;tag=a6c85cf',
    `Call-ID: ${callId}`,
    'CSeq: 314160 BYE',
    `X-RTP-Stat: ${X_RTP_STAT}`,
    'Reason: Q.850;cause=16;text="Normal call clearing"',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe.each(kinds)('RTCP of a call comes back through call/report/qos (%s)', (kind) => {
  let homer: TestHomer;
  let base: string;
  let http: HttpApi;
  const post = (path: string, body: unknown): Promise<HttpReply> => http.post(path, body);
  const callId = `qos-${kind}-${process.pid}@10.8.0.1`;
  const t0 = Date.now() - 120_000;
  const at = (offsetMs: number) => {
    const ms = t0 + offsetMs;
    return { timeSeconds: Math.floor(ms / 1000), timeUseconds: (ms % 1000) * 1000 };
  };
  const sip = (payload: string, offsetMs: number, fromCaller: boolean) =>
    encodeHep3({
      srcIp: fromCaller ? '10.8.0.1' : '10.8.0.2',
      dstIp: fromCaller ? '10.8.0.2' : '10.8.0.1',
      srcPort: 5060,
      dstPort: 5060,
      protoType: 1,
      captureId: 2005,
      ...at(offsetMs),
      payload,
    });
  const rtcp = (payload: Buffer, offsetMs: number, fromCaller: boolean) =>
    encodeHep3({
      srcIp: fromCaller ? '10.8.0.1' : '10.8.0.2',
      dstIp: fromCaller ? '10.8.0.2' : '10.8.0.1',
      srcPort: fromCaller ? 40001 : 50001,
      dstPort: fromCaller ? 50001 : 40001,
      protoType: 5,
      captureId: 2005,
      ...at(offsetMs),
      correlationId: callId,
      payload,
    });

  beforeAll(async () => {
    homer = await startTestHomer(kind, { HOMER_PROM_TARGETS: '10.8.0.1=alice-pbx' });
    base = `http://127.0.0.1:${homer.homer.http!.port}`;
    http = new HttpApi(base);
    // Caller's SR: no loss, jitter 80 (10 ms at 8 kHz). Callee's RR: 10% loss (fraction 26/256).
    const sr = senderReport(
      0x1111,
      { ntpSec: 3_900_000_000, ntpFrac: 0, rtpTs: 160_000, packets: 1000, octets: 160_000 },
      [{ ssrc: 0x2222, fractionLost: 0, lost: 0, highestSeq: 1000, jitter: 80, lsr: 0, dlsr: 0 }],
    );
    const rr = receiverReport(0x2222, [
      { ssrc: 0x1111, fractionLost: 26, lost: 100, highestSeq: 1000, jitter: 240, lsr: 0x1234, dlsr: 655 },
    ]);
    await sendUdp('127.0.0.1', homer.capture.udp!.address.port, [
      sip(invite(callId), 0, true),
      sip(ok200(callId), 1000, false),
      rtcp(sr, 6000, true),
      rtcp(rr, 6500, false),
      sip(byeWithStats(callId), 30_000, true),
    ]);
    await waitFor(
      async () => {
        const [rows] = await homer.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM hep_proto_5_default WHERE sid = $1)::int
                + (SELECT count(*) FROM hep_proto_1_call WHERE sid = $1)::int AS n`,
          [callId],
        );
        return rows?.n === 5 ? true : undefined;
      },
      { what: 'the call and its RTCP to be stored', timeoutMs: 30_000 },
    );
    const login = await post('/auth', { username: 'admin', password: TEST_ADMIN_PASSWORD });
    expect(login.status).toBe(201);
    http.token = login.json.token;
  }, 60_000);
  afterAll(async () => {
    await homer?.stop();
  });

  it('returns both RTCP reports decoded into JSON with their MOS', async () => {
    const res = await post(
      '/call/report/qos',
      transactionRequest([callId], { from: t0 - 60_000, to: t0 + 60_000 }),
    );
    expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBe(201);
    expect(res.json.rtcp.total).toBe(2);
    const [first, second] = res.json.rtcp.data as Json[];
    expect(first).toMatchObject({ sid: callId, srcIp: '10.8.0.1', srcPort: 40001, create_date: t0 + 6000 });
    const sr = JSON.parse(first.raw);
    expect(sr).toMatchObject({
      type: 200,
      ssrc: 0x1111,
      sender_information: { packets: 1000, octets: 160_000 },
      report_blocks: [{ source_ssrc: 0x2222, fraction_lost: 0, ia_jitter: 80 }],
    });
    const rr = JSON.parse(second.raw);
    expect(rr).toMatchObject({
      type: 201,
      ssrc: 0x2222,
      report_blocks: [{ source_ssrc: 0x1111, fraction_lost: 26, packets_lost: 100, ia_jitter: 240 }],
    });
    // E-model: a clean report scores high, 10% loss clearly lower.
    expect(sr.mos).toBeGreaterThan(4.2);
    expect(rr.mos).toBeLessThan(3.5);
    expect(rr.mos).toBeGreaterThan(1);
  });

  it('exposes the RTCP gauges, the X-RTP-Stat gauges, the Q.850 reason and homer_mos by source', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(
      /heplify_rtcp_fraction_lost\{target_name="alice-pbx",direction="dst",node_id="2005"\} 26/,
    );
    expect(text).toMatch(/heplify_xrtp_plr\{target_name="alice-pbx"\} 12/);
    expect(text).toMatch(/heplify_xrtp_cs\{target_name="alice-pbx"\} 0\.9/);
    expect(text).toMatch(/heplify_reason_isup_total\{target_name="alice-pbx",cause="16",method="BYE"\} 1/);
    expect(text).toMatch(/homer_mos_count\{target_name="alice-pbx",source="rtcp"\} 2/);
    expect(text).toMatch(/homer_mos_count\{target_name="alice-pbx",source="xrtp"\} 1/);
  });
});
