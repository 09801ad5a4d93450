import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHep3 } from '../../../src/hep/encode.js';
import { startTestHomer, type TestHomer } from '../../helpers/homer.js';
import { startInfluxd, type Influxd } from '../../helpers/influxd.js';
import { sendUdp } from '../../helpers/net.js';
import { waitFor } from '../../helpers/wait.js';
import { invite, ok200 } from '../capture/messages.js';

describe('InfluxDB line-protocol push (real influxd)', () => {
  let influx: Influxd;
  let homer: TestHomer;
  const callId = `influx-${process.pid}@10.0.0.1`;
  const at = Math.floor(Date.now() / 1000) - 30;

  beforeAll(async () => {
    influx = await startInfluxd();
    await influx.query('CREATE DATABASE homer');
    homer = await startTestHomer('pglite', { HOMER_INFLUX_WRITE_URL: `${influx.url}/write?db=homer` });
  });
  afterAll(async () => {
    await homer?.stop();
    await influx?.stop();
  });

  it('lands SIP and RTCP points that a query returns with their tags and exact times', async () => {
    const port = homer.capture.udp!.address.port;
    const base = { srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 5060, dstPort: 5062, captureId: 7 };
    const rtcp = JSON.stringify({
      type: 200,
      ssrc: 1234,
      report_blocks: [
        { source_ssrc: 99, fraction_lost: 12, packets_lost: 30, ia_jitter: 7, lsr: 0, dlsr: 5 },
      ],
    });
    await sendUdp('127.0.0.1', port, [
      encodeHep3({ ...base, timeSeconds: at, timeUseconds: 123_456, payload: invite(callId) }),
      encodeHep3({ ...base, timeSeconds: at, timeUseconds: 223_456, payload: ok200(callId) }),
      encodeHep3({ ...base, protoType: 5, correlationId: callId, timeSeconds: at + 1, payload: rtcp }),
    ]);
    const sip = await waitFor(
      async () => {
        const reply = await influx.query(`SELECT * FROM hep_1 WHERE call_id = '${callId}'`, 'homer');
        const series = reply.results[0]?.series?.[0];
        return series && series.values.length === 2 ? series : undefined;
      },
      { timeoutMs: 20_000, what: 'SIP points in InfluxDB' },
    );
    const column = (name: string): number => sip.columns.indexOf(name);
    const first = sip.values[0] as unknown[];
    expect(first[column('sip_method')]).toBe('INVITE');
    expect(first[column('src_ip')]).toBe('10.0.0.1');
    expect(first[column('dst_port')]).toBe('5062');
    expect(first[column('node')]).toBe('7');
    expect(first[column('create_date')]).toBe(at * 1000 + 123);
    expect(first[column('time')]).toBe(new Date(at * 1000 + 123).toISOString().replace('Z', '456Z'));
    expect((sip.values[1] as unknown[])[column('sip_method')]).toBe('200');

    const rtcpSeries = await waitFor(
      async () => {
        const reply = await influx.query(`SELECT * FROM rtcp WHERE sid = '${callId}'`, 'homer');
        return reply.results[0]?.series?.[0];
      },
      { timeoutMs: 20_000, what: 'RTCP points in InfluxDB' },
    );
    const r = rtcpSeries.values[0] as unknown[];
    expect(r[rtcpSeries.columns.indexOf('fraction_lost')]).toBe(12);
    expect(r[rtcpSeries.columns.indexOf('jitter')]).toBe(7);
    const metrics = await homer.homer.metrics.registry.getSingleMetric('homer_influx_points_total')?.get();
    expect(metrics?.values.find((v) => v.labels.outcome === 'sent')?.value).toBeGreaterThanOrEqual(3);
  });
});
