/**
 * End to end: a three-leg B2BUA call with RTCP and a log is captured as HEPv3 over UDP by the real
 * server, and comes back complete and in order through `call/transaction` over HTTP, with the BYE
 * sent 20 minutes after the INVITE (outside the window homer-ui asks for).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHep3 } from '../../../src/hep/encode.js';
import { TEST_ADMIN_PASSWORD, startTestHomer, type TestHomer } from '../../helpers/homer.js';
import { HttpApi, type HttpReply } from '../../helpers/http-api.js';
import { sendUdp } from '../../helpers/net.js';
import { storageKinds } from '../../helpers/pg.js';
import { waitFor } from '../../helpers/wait.js';

const kinds = await storageKinds();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Hop {
  readonly src: string;
  readonly dst: string;
}

/** A minimal valid SIP message of an INVITE dialog (request or reply). */
function sipMessage(callId: string, what: string, hop: Hop, cseq: string): string {
  const reply = /^\d{3}$/.test(what);
  const reason: Record<string, string> = { '100': 'Trying', '180': 'Ringing', '200': 'OK' };
  const first = reply ? `SIP/2.0 ${what} ${reason[what] ?? 'OK'}` : `${what} sip:bob@${hop.dst}:5060 SIP/2.0`;
  return [
    first,
    `Via: SIP/2.0/UDP ${reply ? hop.dst : hop.src}:5060;branch=z9hG4bK-${cseq.replace(/\W/g, '')}`,
    'From: "Alice" <sip:alice@example.com>;tag=a1',
    `To: <sip:bob@example.com>${reply || what !== 'INVITE' ? ';tag=b2' : ''}`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq}`,
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe.each(kinds)('call captured over HEP comes back through call/transaction (%s)', (kind) => {
  let homer: TestHomer;
  let base: string;
  let http: HttpApi;
  const post = (path: string, body: unknown): Promise<HttpReply> => http.post(path, body);
  const A = `e2e-a-${kind}-${process.pid}@10.5.0.1`;
  const B = `e2e-b-${kind}-${process.pid}@10.5.0.2`;
  const C = `${B}_b2b-1`;
  const t0 = Date.now() - 30 * 60_000;
  /** label → capture time (ms) of everything sent, to check the order coming back. */
  const expected: { label: string; atMs: number }[] = [];

  beforeAll(async () => {
    homer = await startTestHomer(kind);
    base = `http://127.0.0.1:${homer.homer.http!.port}`;
    http = new HttpApi(base);
    const packets: Buffer[] = [];
    const at = (offsetMs: number) => {
      const ms = t0 + offsetMs;
      return { timeSeconds: Math.floor(ms / 1000), timeUseconds: (ms % 1000) * 1000 };
    };
    const send = (
      callId: string,
      what: string,
      hop: Hop,
      cseq: string,
      offsetMs: number,
      correlationId?: string,
    ) => {
      expected.push({ label: `${callId} ${what} ${cseq.split(' ')[1]}`, atMs: t0 + offsetMs });
      packets.push(
        encodeHep3({
          srcIp: hop.src,
          dstIp: hop.dst,
          srcPort: 5060,
          dstPort: 5060,
          protoType: 1,
          captureId: 2001,
          ...at(offsetMs),
          ...(correlationId ? { correlationId } : {}),
          payload: sipMessage(callId, what, hop, cseq),
        }),
      );
    };
    const ab = { src: '10.5.0.1', dst: '10.5.0.2' };
    const ba = { src: '10.5.0.2', dst: '10.5.0.1' };
    const bc = { src: '10.5.0.2', dst: '10.5.0.3' };
    const cb = { src: '10.5.0.3', dst: '10.5.0.2' };
    const cd = { src: '10.5.0.3', dst: '10.5.0.4' };
    const dc = { src: '10.5.0.4', dst: '10.5.0.3' };
    // Leg A (caller → B2BUA), leg B (carries A's Call-ID as HEP correlation id), leg C (B's Call-ID + _b2b-1).
    send(A, 'INVITE', ab, '1 INVITE', 0);
    send(A, '100', ba, '1 INVITE', 5);
    send(B, 'INVITE', bc, '1 INVITE', 12, A);
    send(C, 'INVITE', cd, '1 INVITE', 20);
    send(C, '200', dc, '1 INVITE', 2000);
    send(B, '200', cb, '1 INVITE', 2010, A);
    send(A, '200', ba, '1 INVITE', 2020);
    send(A, 'ACK', ab, '1 ACK', 2030);
    send(B, 'ACK', bc, '1 ACK', 2040, A);
    send(C, 'ACK', cd, '1 ACK', 2050);
    // Hang-up 20 minutes later on every leg.
    const bye = 20 * 60_000;
    send(A, 'BYE', ab, '2 BYE', bye);
    send(B, 'BYE', bc, '2 BYE', bye + 10, A);
    send(C, 'BYE', cd, '2 BYE', bye + 20);
    send(C, '200', dc, '2 BYE', bye + 30);
    send(B, '200', cb, '2 BYE', bye + 40, A);
    send(A, '200', ba, '2 BYE', bye + 50);
    const rtcp = {
      type: 200,
      ssrc: 11,
      report_count: 1,
      sender_information: {
        ntp_timestamp_sec: 1,
        ntp_timestamp_usec: 0,
        rtp_timestamp: 8000,
        packets: 250,
        octets: 40000,
      },
      report_blocks: [
        {
          source_ssrc: 22,
          fraction_lost: 0,
          packets_lost: 0,
          highest_seq_no: 250,
          ia_jitter: 3,
          lsr: 0,
          dlsr: 0,
        },
      ],
    };
    packets.push(
      encodeHep3({
        srcIp: '10.5.0.1',
        dstIp: '10.5.0.2',
        srcPort: 40000,
        dstPort: 40002,
        protoType: 5,
        captureId: 2001,
        ...at(7000),
        correlationId: A,
        payload: JSON.stringify(rtcp),
      }),
      encodeHep3({
        srcIp: '10.5.0.2',
        dstIp: '10.5.0.1',
        srcPort: 0,
        dstPort: 0,
        protoType: 100,
        captureId: 2001,
        ...at(15),
        correlationId: A,
        payload: 'b2bua: bridged leg A to leg B',
      }),
    );
    await sendUdp('127.0.0.1', homer.capture.udp!.address.port, packets);
    await waitFor(
      async () => {
        const [sipRows] = await homer.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM hep_proto_1_call WHERE sid = ANY($1::text[])',
          [[A, B, C]],
        );
        const [other] = await homer.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM hep_proto_5_default WHERE sid = $1)::int
                + (SELECT count(*) FROM hep_proto_100_default WHERE sid = $1)::int AS n`,
          [A],
        );
        return sipRows?.n === 16 && other?.n === 2 ? true : undefined;
      },
      { what: 'the call to be stored', timeoutMs: 30_000 },
    );
    const login = await post('/auth', { username: 'admin', password: TEST_ADMIN_PASSWORD });
    expect(login.status).toBe(201);
    http.token = login.json.token;
  });
  afterAll(async () => {
    await homer?.stop();
  });

  it('returns every SIP message of all legs in time order, and the RTCP and log in the reports', async () => {
    // homer-ui's body for a click on leg A's INVITE: ±5 minutes around it, no whitelist.
    const body = {
      param: {
        transaction: { call: true, registration: false, rest: false },
        limit: 200,
        orlogic: false,
        search: { '1_call': { id: 1, callid: [A] } },
        location: {},
        timezone: { value: -180, name: 'Local' },
      },
      timestamp: { from: t0 - 300_000, to: t0 + 300_000 },
    };
    const res = await post('/call/transaction', body);
    expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBe(201);
    const messages: Json[] = res.json.data.messages;
    const sipMessages = messages.filter((m) => m.payloadType === 1);
    const got = sipMessages.map((m) => `${m.sid} ${m.method} ${String(m.cseq).split(' ')[1]}`);
    const want = [...expected].sort((x, y) => x.atMs - y.atMs).map((e) => e.label);
    expect(got).toEqual(want);
    expect(sipMessages.map((m) => m.create_date)).toEqual(
      [...expected].sort((x, y) => x.atMs - y.atMs).map((e) => e.atMs),
    );
    expect(messages.map((m) => m.micro_ts)).toEqual(
      [...messages.map((m) => m.micro_ts)].sort((x, y) => x - y),
    );
    expect(messages.filter((m) => m.payloadType === 5)).toHaveLength(1);
    expect(messages.filter((m) => m.payloadType === 100)).toHaveLength(1);
    expect(Object.keys(res.json.data.hosts)).toEqual(
      expect.arrayContaining(['10.5.0.1:5060', '10.5.0.2:5060', '10.5.0.3:5060', '10.5.0.4:5060']),
    );
    expect(res.json.data.calldata).toHaveLength(messages.length);

    // The UI then asks for the reports with the Call-IDs it found.
    const withLegs = {
      ...body,
      param: { ...body.param, search: { '1_call': { id: 1, callid: [A, B, C] } } },
    };
    const qos = await post('/call/report/qos', withLegs);
    expect(qos.status).toBe(201);
    expect(qos.json.rtcp.total).toBe(1);
    expect(JSON.parse(qos.json.rtcp.data[0].raw)).toMatchObject({ type: 200, ssrc: 11 });
    expect(qos.json.rtcp.data[0]).toMatchObject({ sid: A, srcPort: 40000, create_date: t0 + 7000 });
    const log = await post('/call/report/log', withLegs);
    expect(log.status).toBe(201);
    expect(log.json).toMatchObject({ total: 1, data: [{ sid: A, raw: 'b2bua: bridged leg A to leg B' }] });
  });
});
