import { describe, expect, it } from 'vitest';
import {
  decodeHoraclifix,
  decodeRtpAgent,
  decodeVqReport,
  QOS_PARSE_ERRORS,
} from '../../../src/decoders/qos/decode.js';
import { parseVqReport, vqNumber } from '../../../src/decoders/qos/vq-report.js';
import { parseXRtpStat } from '../../../src/decoders/qos/xrtp-stat.js';
import { tableOf } from '../../../src/pipeline/row.js';
import { CTX, hepPacket } from './helpers.js';

const CALL_ID = 'qos-call-1@example.com';

// The example report of RFC 6035 §4.2 (LocalMetrics and RemoteMetrics), CRLF as in SIP bodies.
const VQ_REPORT = [
  'VQSessionReport: CallTerm',
  'CallID: 6dg37f1890463',
  'LocalID: Alice <sip:alice@example.org>',
  'RemoteID: Bob <sip:bob@example.org>',
  'OrigID: Alice <sip:alice@example.org>',
  'LocalGroup: example-phone-55671',
  'LocalAddr: IP=10.10.1.100 PORT=5000 SSRC=0x2468abcd',
  'LocalMAC: 00:1f:5b:cc:21:0f',
  'RemoteAddr: IP=11.1.1.150 PORT=5002 SSRC=0x1357efff',
  'LocalMetrics:',
  'Timestamps: START=2004-10-10T18:23:43Z STOP=2004-10-10T18:24:23Z',
  'SessionDesc: PT=18 PD=G729 SR=8000 FD=20 FO=20 FPP=2 PPS=50 FMTP="annexb=no" PLC=3 SSUP=on',
  'JitterBuffer: JBA=3 JBR=2 JBN=40 JBM=80 JBX=120',
  'PacketLoss: NLR=5.0 JDR=2.0',
  'BurstGapLoss: BLD=0 BD=0 GLD=2.0 GD=500 GMIN=16',
  'Delay: RTD=200 ESD=140 SOWD=200 IAJ=2 MAJ=10',
  'Signal: SL=-21 NL=-50 RERL=55',
  'QualityEst: RLQ=88 RCQ=85 EXTRI=90 MOSLQ=4.2 MOSCQ=4.3 QoEEstAlg=P.564',
  'RemoteMetrics:',
  'PacketLoss: NLR=1.0 JDR=0.5',
  'Delay: RTD=210 ESD=100 IAJ=7 MAJ=12',
  'QualityEst: MOSLQ=3.9 MOSCQ=4.0',
  'DialogID: 1890463548@alice.example.org;to-tag=8472761;from-tag=9123dh311',
].join('\r\n');

describe('VQ-RTCPXR reports (type 35)', () => {
  it('parses the RFC 6035 example: first occurrence wins as in heplify-server, sections kept apart', () => {
    const report = parseVqReport(VQ_REPORT);
    expect(report.reportType).toBe('VQSessionReport');
    expect(report.event).toBe('CallTerm');
    expect(report.callId).toBe('6dg37f1890463');
    expect(report.localAddr).toEqual({ IP: '10.10.1.100', PORT: '5000', SSRC: '0x2468abcd' });
    expect(report.remoteAddr?.PORT).toBe('5002');
    expect([vqNumber(report, 'NLR'), vqNumber(report, 'JDR'), vqNumber(report, 'IAJ')]).toEqual([5, 2, 2]);
    expect([vqNumber(report, 'MOSLQ'), vqNumber(report, 'MOSCQ')]).toEqual([4.2, 4.3]);
    expect(report.metrics.FMTP).toBe('annexb=no');
    expect(report.remote).toMatchObject({ NLR: '1.0', MOSLQ: '3.9', IAJ: '7' });
    expect(report.local).toMatchObject({ NLR: '5.0', MOSLQ: '4.2' });
    expect(vqNumber(report, 'QOEESTALG')).toBeUndefined();
  });

  it('stores it in hep_proto_35_default with the metrics in data_header and the report CallID as sid', () => {
    const { row, parseError } = decodeVqReport(hepPacket(VQ_REPORT, { protoType: 35 }), CTX);
    expect(parseError).toBeUndefined();
    expect(tableOf(row)).toBe('hep_proto_35_default');
    expect(row.sid).toBe('6dg37f1890463');
    expect(row.raw).toBe(VQ_REPORT);
    expect(JSON.parse(row.dataHeader)).toEqual({
      node: '2001',
      proto: 'rtcpxr',
      report: 'VQSessionReport',
      event: 'CallTerm',
      callid: '6dg37f1890463',
      nlr: 5,
      jdr: 2,
      bld: 0,
      gld: 2,
      rtd: 200,
      esd: 140,
      iaj: 2,
      maj: 10,
      rlq: 88,
      rcq: 85,
      moslq: 4.2,
      moscq: 4.3,
    });
  });

  it('prefers the HEP correlation id as sid', () => {
    const { row } = decodeVqReport(hepPacket(VQ_REPORT, { protoType: 35, correlationId: CALL_ID }), CTX);
    expect(row.sid).toBe(CALL_ID);
  });

  it('stores text that is no report with rtcpxr_no_report', () => {
    const { row, parseError } = decodeVqReport(hepPacket('hello world', { protoType: 35 }), CTX);
    expect(parseError).toBe(QOS_PARSE_ERRORS.vqNoReport);
    expect(row.raw).toBe('hello world');
    expect(JSON.parse(row.dataHeader)).toMatchObject({ parse_error: 'rtcpxr_no_report' });
  });
});

describe('RTP agent reports (type 34)', () => {
  const report = JSON.stringify({
    CORRELATION_ID: CALL_ID,
    TOTAL_PK: 1500,
    EXPECTED_PK: 1510,
    PACKET_LOSS: 10,
    JITTER: 3.5,
    DELTA: 21.2,
    MOS: 4.31,
    RFACTOR: 90,
    SKEW: '0.4',
  });

  it('goes to hep_proto_35_default (payloadType stays 34) with its numbers in data_header', () => {
    const { row, parseError } = decodeRtpAgent(hepPacket(report, { protoType: 34 }), CTX);
    expect(parseError).toBeUndefined();
    expect(tableOf(row)).toBe('hep_proto_35_default');
    expect(JSON.parse(row.protocolHeader)).toMatchObject({ payloadType: 34 });
    expect(row.sid).toBe(CALL_ID);
    expect(row.raw).toBe(report);
    expect(JSON.parse(row.dataHeader)).toEqual({
      node: '2001',
      proto: 'rtpagent',
      mos: 4.31,
      jitter: 3.5,
      packet_loss: 10,
      delta: 21.2,
      rfactor: 90,
      skew: 0.4,
      total_pk: 1500,
      expected_pk: 1510,
    });
  });

  it('stores a non-JSON payload with rtpagent_not_json', () => {
    const { row, parseError } = decodeRtpAgent(
      hepPacket('MOS=4', { protoType: 34, correlationId: 'c' }),
      CTX,
    );
    expect(parseError).toBe(QOS_PARSE_ERRORS.rtpAgentNotJson);
    expect(tableOf(row)).toBe('hep_proto_35_default');
    expect(row.sid).toBe('c');
  });
});

describe('SBC QoS reports (type 38, horaclifix)', () => {
  it('extracts realms and per-direction MOS/R scaled by 1/100 as heplify-server', () => {
    const report = JSON.stringify({
      NAME: 'sbc-1',
      INC_REALM: 'core',
      OUT_REALM: 'access',
      INC_MOS: 432,
      OUT_MOS: 401,
      INC_RVAL: 9010,
      OUT_RVAL: 8522,
      INC_RTP_PK_LOSS: 2,
      OUT_RTP_PK_LOSS: 7,
      INC_RTP_AVG_JITTER: 3,
      OUT_RTP_AVG_JITTER: 5,
    });
    const { row } = decodeHoraclifix(hepPacket(report, { protoType: 38, correlationId: CALL_ID }), CTX);
    expect(tableOf(row)).toBe('hep_proto_35_default');
    expect(row.sid).toBe(CALL_ID);
    expect(JSON.parse(row.dataHeader)).toEqual({
      node: '2001',
      proto: 'horaclifix',
      sbc_name: 'sbc-1',
      inc_realm: 'core',
      out_realm: 'access',
      inc_mos: 4.32,
      out_mos: 4.01,
      inc_rval: 90.1,
      out_rval: 85.22,
      inc_rtp_pk_loss: 2,
      out_rtp_pk_loss: 7,
      inc_rtp_avg_jitter: 3,
      out_rtp_avg_jitter: 5,
    });
  });
});

describe('X-RTP-Stat header', () => {
  const STAT =
    'CS=0;PS=1433;ES=1525;OS=229280;SP=0/0;SO=0;QS=-;PR=1522;ER=1525;OR=243520;CR=0;SR=0;QR=-;PL=0,0;' +
    'BL=0;LS=0;RB=0/0;SL=0;DU=29;EN=PCMU;DE=PCMU;JI=0,0;DL=20,20,20;IP=10.0.0.1:6000,10.0.0.2:6002';

  it('returns numbers for every metric field', () => {
    const s = parseXRtpStat(STAT);
    expect(s).toMatchObject({
      callSetupMs: 0,
      packetsSent: 1433,
      packetsReceived: 1522,
      expectedSent: 1525,
      expectedReceived: 1525,
      octetsSent: 229280,
      octetsReceived: 243520,
      packetsLostReceived: 0,
      packetsLostSent: 0,
      jitterReceived: 0,
      jitterSent: 0,
      delayAvg: 20,
      delayMin: 20,
      delayMax: 20,
      burstLoss: 0,
      durationSeconds: 29,
      encoder: 'PCMU',
      decoder: 'PCMU',
      localAddress: '10.0.0.1:6000',
      remoteAddress: '10.0.0.2:6002',
    });
    expect(s.fields).toMatchObject({ SP: '0/0', QS: '-', RB: '0/0' });
  });

  it("reproduces heplify-server's MOS: el = 2·JI + DL + 10, R = 93.2 − el/40 − 2.5·loss%", () => {
    // loss 0, el = 30 → R = 92.45
    const r0 = 92.45;
    expect(parseXRtpStat(STAT).mos).toBeCloseTo(1 + 0.035 * r0 + 7e-6 * r0 * (r0 - 60) * (100 - r0), 12);
    // PL 30+20 of PR+PS 1000 → loss trunc(5) = 5 %; JI 40 → el = 80 + 100 + 10 = 190 ≥ 160 → R = 93.2 − 7 − 12.5
    const lossy = parseXRtpStat('PR=600;PS=400;PL=30,20;JI=40,12;DL=100,50,150');
    const r1 = 93.2 - (190 - 120) / 10 - 12.5;
    expect(lossy.mos).toBeCloseTo(1 + 0.035 * r1 + 7e-6 * r1 * (r1 - 60) * (100 - r1), 12);
    // All lost: R < 0 → the cubic falls below 1 → heplify-server reports 1.
    expect(parseXRtpStat('PR=10;PS=10;PL=10,10').mos).toBe(1);
  });

  it('skips what heplify-server skips: non-integers, PL/JI without two parts, DL without three', () => {
    const s = parseXRtpStat(' PR=1.5 ; PL=3 ; JI=a,b ; DL=20,20 ; CS=120 ; garbage ; =x ; PS=7');
    expect(s.packetsReceived).toBeUndefined();
    expect(s.packetsLostReceived).toBeUndefined();
    expect(s.jitterReceived).toBeUndefined();
    expect(s.delayAvg).toBeUndefined();
    expect(s.callSetupMs).toBe(120);
    expect(s.packetsSent).toBe(7);
    expect(parseXRtpStat('').fields).toEqual({});
  });
});
