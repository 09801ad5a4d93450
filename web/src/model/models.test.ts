import { describe, expect, it } from 'vitest';
import { colorForCallId } from './colors.js';
import { CALL } from './fixtures/transaction.js';
import { gridColumns } from './grid-columns.js';
import { LADDER, layoutLadder, visibleArrows } from './ladder.js';
import { qosStreams } from './qos-series.js';
import { sessionInfo } from './session-info.js';

describe('layoutLadder', () => {
  it('puts hosts in position order with aliases and messages in time order', () => {
    const layout = layoutLadder(CALL);
    expect(layout.columns.map((c) => c.label)).toEqual(['10.0.0.1:5060', 'SBC-1']);
    expect(layout.arrows.map((a) => a.label)).toEqual([
      'INVITE',
      '180 Ringing',
      '200 OK',
      'ACK',
      'BYE',
      '200 OK',
    ]);
    expect(layout.arrows.map((a) => [a.from, a.to])).toEqual([
      [0, 1],
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 1],
      [1, 0],
    ]);
    expect(layout.arrows[1]?.deltaMs).toBe(500);
    expect(layout.arrows[0]?.sdp).toBe(true);
    expect(layout.arrows[3]?.sdp).toBe(false);
    expect(new Set(layout.arrows.map((a) => a.color)).size).toBe(1);
    expect(layout.arrows[0]?.kind).toBe('request');
    expect(layout.arrows[1]?.kind).toBe('response');
  });

  it('draws only the rows in view for long calls', () => {
    const many = {
      ...CALL,
      calldata: Array.from({ length: 2000 }, (_, i) => ({ ...CALL.calldata[1]!, id: i, micro_ts: i * 1000 })),
    };
    const layout = layoutLadder(many);
    const visible = visibleArrows(layout, LADDER.top + 1000 * LADDER.rowHeight, 600);
    expect(visible.length).toBeLessThan(25);
    expect(visible[0]!.index).toBeGreaterThanOrEqual(997);
  });
});

describe('gridColumns', () => {
  it('builds Date + mapping columns by position without skipped or system fields', () => {
    const cols = gridColumns([
      { id: 'data_header.to_user', name: 'To', position: 3 },
      { id: 'sid', name: 'Session ID', position: 1, sid_type: true },
      { id: 'protocol_header.capturePass', name: 'Pass', skip: true, position: 2 },
      { id: 'node', name: 'Node', system_param: true, position: 4 },
      { id: 'protocol_header.srcPort', name: 'Src Port', type: 'integer', hide: true, position: 5 },
    ]);
    expect(cols.map((c) => c.field)).toEqual(['create_date', 'sid', 'to_user', 'srcPort']);
    expect(cols.find((c) => c.field === 'sid')?.callId).toBe(true);
    expect(cols.find((c) => c.field === 'srcPort')).toMatchObject({ hidden: true, numeric: true });
  });

  it('applies the saved column choice and order', () => {
    const cols = gridColumns([{ id: 'sid' }, { id: 'data_header.to_user' }], ['to_user', 'create_date']);
    expect(cols.map((c) => [c.field, c.hidden])).toEqual([
      ['to_user', false],
      ['create_date', false],
      ['sid', true],
    ]);
  });
});

describe('sessionInfo', () => {
  const ev = (method: string, cseqMethod: string, ms: number) => ({ method, cseqMethod, microTs: ms * 1000 });
  it('computes RFC 6076 delays and the completed status', () => {
    const info = sessionInfo([
      ev('INVITE', 'INVITE', 0),
      ev('100', 'INVITE', 20),
      ev('180', 'INVITE', 500),
      ev('200', 'INVITE', 3000),
      ev('ACK', 'ACK', 3100),
      ev('BYE', 'BYE', 63000),
      ev('200', 'BYE', 63040),
    ]);
    expect(info).toMatchObject({
      status: 'Completed',
      requestDelayMs: 500,
      setupDelayMs: 3000,
      ringingMs: 2500,
      durationMs: 60000,
      disconnectDelayMs: 40,
    });
  });
  it('tells busy, cancelled and failed calls apart', () => {
    expect(sessionInfo([ev('INVITE', 'INVITE', 0), ev('486', 'INVITE', 10)]).status).toBe('Busy');
    expect(
      sessionInfo([ev('INVITE', 'INVITE', 0), ev('CANCEL', 'CANCEL', 5), ev('487', 'INVITE', 10)]).status,
    ).toBe('Canceled');
    expect(sessionInfo([ev('INVITE', 'INVITE', 0), ev('503', 'INVITE', 10)])).toMatchObject({
      status: 'Failed',
      lastBadReply: '503',
    });
  });
});

describe('qosStreams', () => {
  it('groups RTCP reports per SSRC with jitter in ms, loss in percent and min/avg/max', () => {
    const report = (ssrc: number, jitter: number, lost: number, mos?: number) =>
      JSON.stringify({
        ssrc,
        mos,
        report_blocks: [{ ia_jitter: jitter, fraction_lost: lost, packets_lost: 1 }],
      });
    const streams = qosStreams([
      { create_date: 2000, raw: report(1, 80, 64, 4.1), srcIp: 'a', dstIp: 'b' },
      { create_date: 1000, raw: report(1, 16, 0, 4.3), srcIp: 'a', dstIp: 'b' },
      { create_date: 1500, raw: report(2, 8, 128), srcIp: 'b', dstIp: 'a' },
      { create_date: 1600, raw: 'not json' },
    ]);
    expect(streams.map((s) => s.key)).toEqual(['ssrc 0x1', 'ssrc 0x2']);
    expect(streams[0]!.points.map((p) => p.t)).toEqual([1000, 2000]);
    expect(streams[0]!.jitterMs).toEqual({ min: 2, avg: 6, max: 10 });
    expect(streams[0]!.lossPct).toEqual({ min: 0, avg: 12.5, max: 25 });
    expect(streams[0]!.mos?.avg).toBeCloseTo(4.2);
    expect(streams[1]!.mos).toBeUndefined();
  });
});

describe('colorForCallId', () => {
  it('is stable per Call-ID and differs between Call-IDs', () => {
    expect(colorForCallId('a@b')).toBe(colorForCallId('a@b'));
    expect(colorForCallId('a@b')).not.toBe(colorForCallId('c@d'));
  });
});
