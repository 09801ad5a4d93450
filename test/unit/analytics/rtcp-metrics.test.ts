import { describe, expect, it } from 'vitest';
import { RtcpMetrics } from '../../../src/analytics/rtcp-metrics.js';
import { TargetNames } from '../../../src/analytics/targets.js';
import { createMetrics, type Metrics } from '../../../src/telemetry/metrics.js';

function setup(): { metrics: Metrics; rtcp: RtcpMetrics } {
  const metrics = createMetrics({ defaultMetrics: false });
  return { metrics, rtcp: new RtcpMetrics(metrics.qos, new TargetNames(['10.0.0.1=pbx'])) };
}

async function lines(metrics: Metrics, prefix: string): Promise<string[]> {
  return (await metrics.registry.metrics()).split('\n').filter((l) => l.startsWith(prefix));
}

const report = (fractionLost: number, extra: Record<string, unknown> = {}) => ({
  report_blocks: [{ fraction_lost: fractionLost, packets_lost: '3', ia_jitter: 12, dlsr: 'n/a' }],
  ...extra,
});

describe('RtcpMetrics', () => {
  it('sets the last report per target, direction and node; numeric strings count, other values do not', async () => {
    const { metrics, rtcp } = setup();
    rtcp.observe({ report: report(10), srcIp: '10.0.0.1', dstIp: '10.0.0.9', nodeId: '2001' });
    rtcp.observe({ report: report(26), srcIp: '10.0.0.9', dstIp: '10.0.0.1', nodeId: '2001' });
    rtcp.observeReport({ report: report(30) }, '10.0.0.1', '10.0.0.9', '2001');
    expect(await lines(metrics, 'heplify_rtcp_')).toEqual([
      'heplify_rtcp_fraction_lost{target_name="pbx",direction="src",node_id="2001"} 30',
      'heplify_rtcp_fraction_lost{target_name="pbx",direction="dst",node_id="2001"} 26',
      'heplify_rtcp_packets_lost{target_name="pbx",direction="src",node_id="2001"} 3',
      'heplify_rtcp_packets_lost{target_name="pbx",direction="dst",node_id="2001"} 3',
      'heplify_rtcp_jitter{target_name="pbx",direction="src",node_id="2001"} 12',
      'heplify_rtcp_jitter{target_name="pbx",direction="dst",node_id="2001"} 12',
    ]);
  });

  it('reads report_blocks_xr and feeds homer_mos from the report or the decoder', async () => {
    const { metrics, rtcp } = setup();
    const xr = { report_blocks_xr: { gap_density: 4, round_trip_delay: '', burst_density: '7' } };
    rtcp.observe({ report: report(1, xr), mos: 4, srcIp: '10.0.0.9', dstIp: '10.0.0.8', nodeId: 'n' });
    rtcp.observe({ report: { mos: 3.5 }, mos: 4, srcIp: '10.0.0.9', dstIp: '10.0.0.8', nodeId: 'n' });
    expect(await lines(metrics, 'heplify_rtcpxr_')).toEqual([
      'heplify_rtcpxr_burst_density{target_name="",direction="",node_id="n"} 7',
      'heplify_rtcpxr_gap_density{target_name="",direction="",node_id="n"} 4',
    ]);
    expect(await lines(metrics, 'homer_mos_count')).toEqual([
      'homer_mos_count{target_name="",source="rtcp"} 2',
    ]);
    expect(await lines(metrics, 'homer_mos_sum')).toEqual([
      'homer_mos_sum{target_name="",source="rtcp"} 7.5',
    ]);
  });

  it('caps node_id at 256 values, later nodes as "other"', async () => {
    const { metrics, rtcp } = setup();
    for (let i = 0; i < 300; i++) {
      rtcp.observe({ report: report(i), srcIp: '10.0.0.9', dstIp: '10.0.0.8', nodeId: `node-${i}` });
    }
    const fraction = await lines(metrics, 'heplify_rtcp_fraction_lost');
    expect(fraction).toHaveLength(257);
    expect(fraction).toContain('heplify_rtcp_fraction_lost{target_name="",direction="",node_id="other"} 299');
  });
});
