import { describe, expect, it } from 'vitest';
import type { TransactionData } from '../model/ladder.js';
import { callEvents, timeline } from './events.js';
import { detailRows, prettyJson } from './message-details.js';
import { formatMicros, messageRows } from './message-rows.js';
import { cascade, clampPosition } from './window-position.js';

const T0 = Date.UTC(2024, 0, 2, 3, 4, 5) * 1000; // µs

const DATA: TransactionData = {
  messages: [
    {
      id: 1,
      sid: 'c1',
      raw: 'INVITE x SIP/2.0\r\n\r\n',
      micro_ts: T0,
      srcIp: '10.0.0.1',
      srcPort: 5060,
      dstIp: '10.0.0.2',
      dstPort: 5060,
      protocol: 17,
      payloadType: 1,
    },
    {
      id: 1,
      sid: 'c1',
      raw: '{"ssrc":1}',
      micro_ts: T0 + 400_123,
      srcIp: '10.0.0.1',
      srcPort: 4000,
      dstIp: '10.0.0.2',
      dstPort: 4001,
      protocol: 17,
      payloadType: 5,
    },
    {
      id: 2,
      sid: 'c1',
      raw: 'SIP/2.0 200 OK\r\n\r\n',
      micro_ts: T0 + 250_000,
      srcIp: '10.0.0.2',
      srcPort: 5060,
      dstIp: '10.0.0.1',
      dstPort: 5060,
      protocol: 6,
      payloadType: 1,
    },
  ],
  calldata: [
    { id: 1, sid: 'c1', srcId: 'a', dstId: 'b', method: 'INVITE', method_text: 'INVITE', micro_ts: T0 },
    { id: 1, sid: 'c1', srcId: 'a', dstId: 'b', method: 'RTCP', method_text: 'RTCP', micro_ts: T0 + 400_123 },
    {
      id: 2,
      sid: 'c1',
      srcId: 'b',
      dstId: 'a',
      method: '200',
      method_text: '200 OK',
      micro_ts: T0 + 250_000,
    },
  ],
  hosts: {},
  alias: {},
};

describe('messageRows', () => {
  it('lists Date, Time, Diff, Event, Size, Src, Sport, Dst, Dport, Proto, Type in time order', () => {
    const rows = messageRows(DATA, 'UTC');
    expect(rows.map((r) => [r.index, r.event, r.type, r.proto])).toEqual([
      [0, 'INVITE', 'SIP', 'UDP'],
      [2, '200 OK', 'SIP', 'TCP'],
      [1, 'RTCP', 'RTCP', 'UDP'],
    ]);
    expect(rows[0]).toMatchObject({
      date: '2024-01-02',
      time: '03:04:05.000000',
      diff: '+0.000000 s',
      size: 20,
    });
    expect(rows[1]!.diff).toBe('+0.250000 s');
    expect(rows[2]!.diff).toBe('+0.150123 s');
    expect(rows[2]).toMatchObject({ src: '10.0.0.1', sport: '4000', dst: '10.0.0.2', dport: '4001' });
  });

  it('formats µs timestamps with microseconds', () => {
    expect(formatMicros(T0 + 7, 'UTC')).toEqual({ date: '2024-01-02', time: '03:04:05.000007' });
  });
});

describe('detailRows / prettyJson', () => {
  it('lists every field but raw, sorted, with times formatted', () => {
    const rows = detailRows({
      raw: 'x',
      srcIp: '10.0.0.1',
      create_date: T0 / 1000,
      micro_ts: T0,
      hdr: { a: 1 },
      empty: null,
    });
    expect(rows.map((r) => r.key)).toEqual(['create_date', 'empty', 'hdr', 'micro_ts', 'srcIp']);
    expect(rows[0]!.value).toBe(`2024-01-02 03:04:05.000000 UTC (${T0 / 1000})`);
    expect(rows[2]!.value).toBe('{"a":1}');
    expect(rows[3]!.value.startsWith('2024-01-02 03:04:05.000000 UTC')).toBe(true);
  });

  it('pretty-prints JSON payloads only', () => {
    expect(prettyJson(' {"a":[1]} ')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyJson('INVITE x SIP/2.0')).toBeUndefined();
    expect(prettyJson('{broken')).toBeUndefined();
  });
});

describe('callEvents / timeline', () => {
  const logs = [
    {
      id: 9,
      create_date: T0 / 1000 + 300,
      raw: '{"event":"producer.new","producerId":"p1"}',
      event: 'producer.new',
      source: 'mediasoup',
    },
    {
      id: 8,
      create_date: T0 / 1000 + 100,
      raw: '[{"emitter":"j","type":64,"session_id":1,"event":{"name":"webrtcup"}}]',
    },
    { id: 7, create_date: T0 / 1000, raw: 'plain text log line' },
    { id: 6, create_date: T0 / 1000, raw: '{"level":"info"}' },
  ];

  it('keeps JSON rows with an event (from data_header or the JSON), in time order', () => {
    const events = callEvents(logs, 'UTC');
    expect(events.map((e) => [e.id, e.event, e.source])).toEqual([
      [8, 'webrtcup', 'json'],
      [9, 'producer.new', 'mediasoup'],
    ]);
    expect(events[0]!.time).toBe('03:04:05.100000');
    expect(events[0]!.detail).toContain('"name": "webrtcup"');
  });

  it('merges SIP (without RTCP/LOG rows) and events on one time axis', () => {
    const rows = timeline(DATA, callEvents(logs, 'UTC'), 'UTC');
    expect(rows.map((r) => `${r.kind}:${r.label}`)).toEqual([
      'sip:INVITE',
      'event:webrtcup',
      'sip:200 OK',
      'event:producer.new',
    ]);
  });
});

describe('window position', () => {
  it('cascades new windows and keeps a dragged header on screen', () => {
    expect(cascade(0)).toEqual({ x: 48, y: 56 });
    expect(cascade(1)).toEqual({ x: 80, y: 88 });
    expect(cascade(8)).toEqual(cascade(0));
    const vp = { width: 1280, height: 720 };
    expect(clampPosition({ x: -5000, y: -50 }, { width: 1000 }, vp)).toEqual({ x: -920, y: 0 });
    expect(clampPosition({ x: 5000, y: 5000 }, { width: 1000 }, vp)).toEqual({ x: 1200, y: 680 });
    expect(clampPosition({ x: 10, y: 20 }, { width: 1000 }, vp)).toEqual({ x: 10, y: 20 });
  });
});
