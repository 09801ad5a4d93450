import { describe, expect, it } from 'vitest';
import { alignedSeries, qosStreams, rtpReportStreams } from './qos-series.js';

const rtcp = (t: number, ssrc: number, jitter: number, fraction: number, mos: number) => ({
  create_date: t,
  srcIp: '10.0.0.1',
  srcPort: 4001,
  dstIp: '10.0.0.2',
  dstPort: 5001,
  mos,
  raw: JSON.stringify({
    ssrc,
    type: 200,
    report_blocks: [{ ia_jitter: jitter, fraction_lost: fraction, packets_lost: 3 }],
  }),
});

describe('rtpReportStreams', () => {
  it('reads HEP 34 agent numbers from data_header, loss as lost/expected', () => {
    const streams = rtpReportStreams([
      {
        create_date: 2000,
        raw: '{}',
        srcIp: 'a',
        srcPort: 1,
        dstIp: 'b',
        dstPort: 2,
        mos: 4.1,
        jitter: 12,
        packet_loss: 5,
        expected_pk: 500,
      },
      {
        create_date: 1000,
        raw: '{}',
        srcIp: 'a',
        srcPort: 1,
        dstIp: 'b',
        dstPort: 2,
        mos: 4.3,
        jitter: 4,
        packet_loss: 0,
        expected_pk: 500,
      },
    ]);
    expect(streams).toHaveLength(1);
    expect(streams[0]).toMatchObject({ source: 'rtp', key: 'a:1 → b:2' });
    expect(streams[0]!.points.map((p) => p.t)).toEqual([1000, 2000]);
    expect(streams[0]!.lossPct).toEqual({ min: 0, avg: 0.5, max: 1 });
    expect(streams[0]!.jitterMs).toEqual({ min: 4, avg: 8, max: 12 });
    expect(streams[0]!.mos?.max).toBe(4.3);
  });

  it('falls back to the raw JSON keys and reads HEP 35 VQ fields; skips empty reports', () => {
    const streams = rtpReportStreams([
      {
        create_date: 1,
        raw: JSON.stringify({ MOS: 3.9, JITTER: 7, PACKET_LOSS: 2, EXPECTED_PK: 100 }),
        srcIp: 'a',
        dstIp: 'b',
      },
      { create_date: 2, raw: 'VQSessionReport', srcIp: 'c', dstIp: 'd', moslq: 3.2, iaj: 9, nlr: 1.5 },
      { create_date: 3, raw: 'nothing', srcIp: 'e', dstIp: 'f' },
    ]);
    expect(streams.map((s) => s.points[0])).toEqual([
      { t: 1, jitterMs: 7, lossPct: 2, packetsLost: 2, mos: 3.9 },
      { t: 2, jitterMs: 9, lossPct: 1.5, packetsLost: undefined, mos: 3.2 },
    ]);
  });
});

describe('alignedSeries', () => {
  it('puts streams on one time axis in seconds with nulls where a stream has no report', () => {
    const streams = qosStreams([
      rtcp(1000, 1, 80, 0, 4.4),
      rtcp(3000, 1, 160, 64, 3.5),
      rtcp(2000, 2, 8, 0, 4.4),
    ]);
    expect(streams.map((s) => s.source)).toEqual(['rtcp', 'rtcp']);
    expect(alignedSeries(streams, 'jitterMs')).toEqual([
      [1, 2, 3],
      [10, null, 20],
      [null, 1, null],
    ]);
    expect(alignedSeries(streams, 'lossPct')[1]).toEqual([0, null, 25]);
  });
});
