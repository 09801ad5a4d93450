/**
 * heplify-server's quality-report metrics fed from real decoder output: the SIP decoder (X-RTP-Stat
 * and Reason headers), and the 34/35/38 report decoders. Report fixtures: RFC 6035 §4.2 for the VQ
 * report, heplify-server's key names (capture-servers.md §1.4, §1.9) for 34 and 38.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { LabelCap, OVERFLOW_LABEL } from '../../../src/analytics/label-cap.js';
import { q850Cause, QualityReportMetrics } from '../../../src/analytics/quality-reports.js';
import { TargetNames } from '../../../src/analytics/targets.js';
import { DEFAULT_SIP_HEADERS } from '../../../src/decoders/defaults.js';
import { createDecoderRegistry } from '../../../src/decoders/registry.js';
import type { DecodeResult } from '../../../src/decoders/types.js';
import { createMetrics, type Metrics } from '../../../src/telemetry/metrics.js';
import { CTX, hepPacket } from '../decoders/helpers.js';

const registry = createDecoderRegistry({
  sip: { sipHeaders: DEFAULT_SIP_HEADERS, customHeaders: [], alegIds: [], forceALegId: false },
});
const SRC = '192.0.2.1'; // hepPacket()'s source: configured as target "pbx" below
const OBS = { srcIp: SRC, dstIp: '192.0.2.2', nodeId: '2001' };

function decode(payload: string, protoType: number): DecodeResult {
  return registry.decode(hepPacket(payload, { protoType }), CTX);
}

function bye(extra: readonly string[]): string {
  return [
    'BYE sip:bob@192.0.2.2 SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
    'From: <sip:alice@example.com>;tag=a',
    'To: <sip:bob@example.com>;tag=b',
    'Call-ID: q-1@example.com',
    'CSeq: 2 BYE',
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

async function value(
  metrics: Metrics,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const found = values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return found?.value;
}

async function mosCount(metrics: Metrics, source: string): Promise<number | undefined> {
  const { values } = await metrics.qos.mos.get();
  return values.find((v) => v.metricName === 'homer_mos_count' && v.labels.source === source)?.value;
}

describe('quality-report metrics', () => {
  let metrics: Metrics;
  let reports: QualityReportMetrics;
  beforeEach(() => {
    metrics = createMetrics({ defaultMetrics: false });
    reports = new QualityReportMetrics(metrics.reports, metrics.qos, new TargetNames([`${SRC}=pbx`]));
  });

  it('X-RTP-Stat on a BYE → heplify_xrtp_* per target and homer_mos{source="xrtp"}', async () => {
    const stat = 'CS=1200;PS=1433;PR=1522;PL=10,4;JI=6,3;DL=40,20,60;EN=PCMU';
    const result = decode(bye([`X-RTP-Stat: ${stat}`]), 1);
    expect(result.sip?.xRtpStat).toBe(stat);
    reports.observeSip(result.sip!, OBS);
    const t = { target_name: 'pbx' };
    expect(await value(metrics, 'heplify_xrtp_cs', t)).toBe(1.2);
    expect(await value(metrics, 'heplify_xrtp_plr', t)).toBe(10);
    expect(await value(metrics, 'heplify_xrtp_pls', t)).toBe(4);
    expect(await value(metrics, 'heplify_xrtp_jir', t)).toBe(6);
    expect(await value(metrics, 'heplify_xrtp_jis', t)).toBe(3);
    expect(await value(metrics, 'heplify_xrtp_dle', t)).toBe(40);
    // heplify-server's estimate: loss = trunc(14·100/2955) = 0, el = 2·6 + 40 + 10 = 62,
    // R = 93.2 − 62/40 = 91.65, MOS = 1 + 0.035R + 7e-6·R(R−60)(100−R).
    const r = 93.2 - 62 / 40;
    const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
    expect(await value(metrics, 'heplify_xrtp_mos', t)).toBeCloseTo(mos, 10);
    expect(await mosCount(metrics, 'xrtp')).toBe(1);
  });

  it('a SIP message without those headers exposes nothing and sets nothing', async () => {
    const result = decode(bye([]), 1);
    expect(result.sip).toBeDefined();
    expect(result.sip).not.toHaveProperty('xRtpStat');
    expect(result.sip).not.toHaveProperty('reason');
    reports.observeSip(result.sip!, OBS);
    expect((await metrics.reports.xrtp.mos.get()).values).toEqual([]);
  });

  it('Reason: Q.850;cause=N → heplify_reason_isup_total{target_name,cause,method}; SIP reasons are not counted', async () => {
    reports.observeSip(decode(bye(['Reason: Q.850;cause=16;text="Normal call clearing"']), 1).sip!, OBS);
    reports.observeSip(decode(bye(['Reason: Q.850 ;cause=16']), 1).sip!, OBS);
    reports.observeSip(decode(bye(['Reason: SIP;cause=200;text="Call completed elsewhere"']), 1).sip!, OBS);
    const { values } = await metrics.reports.reasonIsup.get();
    expect(values).toEqual([{ labels: { target_name: 'pbx', cause: '16', method: 'BYE' }, value: 2 }]);
  });

  it('type 34 → heplify_rtpagent_* by node_id and homer_mos{source="rtpagent"}', async () => {
    const result = decode(
      JSON.stringify({ CORRELATION_ID: 'c', DELTA: 21.2, JITTER: 3.5, MOS: 4.31, PACKET_LOSS: 10 }),
      34,
    );
    expect(result.qos?.kind).toBe('rtpagent');
    reports.observeReport(result.qos!, OBS);
    const n = { node_id: '2001' };
    expect(await value(metrics, 'heplify_rtpagent_delta', n)).toBe(21.2);
    expect(await value(metrics, 'heplify_rtpagent_jitter', n)).toBe(3.5);
    expect(await value(metrics, 'heplify_rtpagent_mos', n)).toBe(4.31);
    expect(await value(metrics, 'heplify_rtpagent_packets_lost', n)).toBe(10);
    expect(await mosCount(metrics, 'rtpagent')).toBe(1);
  });

  it('type 35 (RFC 6035 VQ report) → heplify_vqrtcpxr_* from the first occurrence (LocalMetrics)', async () => {
    const report = [
      'VQSessionReport: CallTerm',
      'CallID: 6dg37f1890463',
      'LocalMetrics:',
      'PacketLoss: NLR=5.0 JDR=2.0',
      'Delay: RTD=200 ESD=140 SOWD=200 IAJ=2 MAJ=10',
      'QualityEst: RLQ=88 RCQ=85 EXTRI=90 MOSLQ=4.2 MOSCQ=4.3 QoEEstAlg=P.564',
      'RemoteMetrics:',
      'PacketLoss: NLR=1.0 JDR=0.5',
      'QualityEst: MOSLQ=3.9 MOSCQ=4.0',
    ].join('\r\n');
    const result = decode(report, 35);
    reports.observeReport(result.qos!, OBS);
    const n = { node_id: '2001' };
    expect(await value(metrics, 'heplify_vqrtcpxr_nlr', n)).toBe(5);
    expect(await value(metrics, 'heplify_vqrtcpxr_jdr', n)).toBe(2);
    expect(await value(metrics, 'heplify_vqrtcpxr_iaj', n)).toBe(2);
    expect(await value(metrics, 'heplify_vqrtcpxr_moslq', n)).toBe(4.2);
    expect(await value(metrics, 'heplify_vqrtcpxr_moscq', n)).toBe(4.3);
    expect(await mosCount(metrics, 'vqrtcpxr')).toBe(1);
  });

  it('type 38 → horaclifix_rtp_* / horaclifix_rtcp_* per direction with heplify-server labels', async () => {
    const result = decode(
      JSON.stringify({
        NAME: 'sbc-1',
        INC_REALM: 'core',
        OUT_REALM: 'access',
        INC_MOS: 432,
        OUT_MOS: 401,
        INC_RVAL: 9010,
        INC_RTP_PK: 1500,
        INC_RTP_PK_LOSS: 2,
        OUT_RTP_AVG_JITTER: 5,
        INC_RTCP_MAX_LAT: 80,
      }),
      38,
    );
    reports.observeReport(result.qos!, OBS);
    const inc = { sbc_name: 'sbc-1', direction: 'inc', inc_realm: 'core', out_realm: 'access' };
    const out = { ...inc, direction: 'out' };
    expect(await value(metrics, 'horaclifix_rtp_mos', inc)).toBe(4.32);
    expect(await value(metrics, 'horaclifix_rtp_mos', out)).toBe(4.01);
    expect(await value(metrics, 'horaclifix_rtp_rval', inc)).toBe(90.1);
    expect(await value(metrics, 'horaclifix_rtp_packets', inc)).toBe(1500);
    expect(await value(metrics, 'horaclifix_rtp_lost_packets', inc)).toBe(2);
    expect(await value(metrics, 'horaclifix_rtp_avg_jitter', out)).toBe(5);
    expect(await value(metrics, 'horaclifix_rtcp_max_lat', inc)).toBe(80);
    expect(await mosCount(metrics, 'horaclifix')).toBe(2);
  });

  it('bounds node_id: past the cap new nodes are counted as "other"', async () => {
    for (let i = 0; i < 300; i++) {
      const r = decode(JSON.stringify({ MOS: 4 }), 34);
      reports.observeReport(r.qos!, { ...OBS, nodeId: `node-${i}` });
    }
    const { values } = await metrics.reports.rtpagent.mos.get();
    expect(values).toHaveLength(257);
    expect(values.some((v) => v.labels.node_id === OVERFLOW_LABEL)).toBe(true);
  });
});

describe('label helpers', () => {
  it('LabelCap keeps the first values, cuts long ones, folds the rest into "other"', () => {
    const cap = new LabelCap(2, 4);
    expect(cap.value('a')).toBe('a');
    expect(cap.value('bbbbbb')).toBe('bbbb');
    expect(cap.value('c')).toBe(OVERFLOW_LABEL);
    expect(cap.value('a')).toBe('a');
  });
  it('q850Cause reads 0–127 and folds the rest', () => {
    expect(q850Cause('Q.850;cause=16;text="x"')).toBe('16');
    expect(q850Cause('Q.850;cause="34"')).toBe('34');
    expect(q850Cause('Q.850;cause=999')).toBe(OVERFLOW_LABEL);
    expect(q850Cause('Q.850')).toBe(OVERFLOW_LABEL);
  });
});
