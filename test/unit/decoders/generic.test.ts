import { describe, expect, it } from 'vitest';
import { flowKey } from '../../../src/decoders/flow-key.js';
import { createGenericDecoder } from '../../../src/decoders/generic.js';
import { PROTO_NAMES, protoName } from '../../../src/decoders/proto-names.js';
import { tableOf } from '../../../src/pipeline/row.js';
import { CTX, defaultProtocolHeader, hepPacket } from './helpers.js';

const decode = createGenericDecoder();

describe('generic decoder', () => {
  it('stores RTCP JSON (type 5) under its correlation id', () => {
    const payload = '{"type":200,"ssrc":1234,"report_blocks":[{"fraction_lost":0,"ia_jitter":3}]}';
    const { row, parseError } = decode(
      hepPacket(payload, { protoType: 5, correlationId: 'a84b4c76e66710@pc33.atlanta.com' }),
      CTX,
    );
    expect(parseError).toBeUndefined();
    expect(tableOf(row)).toBe('hep_proto_5_default');
    expect(row.sid).toBe('a84b4c76e66710@pc33.atlanta.com');
    expect(row.dataHeader).toBe('{"node":"2001","proto":"rtcp"}');
    expect(row.raw).toBe(payload);
    expect(row.protocolHeader).toBe(
      defaultProtocolHeader({ payloadType: 5, correlationId: 'a84b4c76e66710@pc33.atlanta.com' }),
    );
    expect([row.timeSeconds, row.timeUseconds]).toEqual([1_700_000_000, 123_456]);
  });

  it('stores logs (type 100) with the node name and "log"', () => {
    const { row } = decode(
      hepPacket('ERROR: <core> tcp_main.c: connect failed\u0000', {
        protoType: 100,
        correlationId: 'call-1',
        nodeName: 'kamailio-1',
      }),
      CTX,
    );
    expect(tableOf(row)).toBe('hep_proto_100_default');
    expect(row.dataHeader).toBe('{"node":"kamailio-1","proto":"log"}');
    expect(row.raw).toBe('ERROR: <core> tcp_main.c: connect failed');
  });

  it('stores an unknown type without correlation id under a flow key shared by both directions', () => {
    const a = decode(
      hepPacket('opaque', {
        protoType: 9999,
        srcIp: '10.0.0.9',
        srcPort: 4000,
        dstIp: '10.0.0.1',
        dstPort: 9,
      }),
      CTX,
    );
    const b = decode(
      hepPacket('opaque', {
        protoType: 9999,
        srcIp: '10.0.0.1',
        srcPort: 9,
        dstIp: '10.0.0.9',
        dstPort: 4000,
      }),
      CTX,
    );
    expect(tableOf(a.row)).toBe('hep_proto_9999_default');
    expect(a.row.sid).toBe('10.0.0.1:9-10.0.0.9:4000');
    expect(b.row.sid).toBe(a.row.sid);
    expect(a.row.dataHeader).toBe('{"node":"2001","proto":"9999"}');
    expect(JSON.parse(a.row.protocolHeader)).toMatchObject({ payloadType: 9999, correlation_id: '' });
  });

  it('stores the reserved type 0 too', () => {
    const { row } = decode(hepPacket('x', { protoType: 0 }), CTX);
    expect(tableOf(row)).toBe('hep_proto_0_default');
    expect(row.dataHeader).toBe('{"node":"2001","proto":"0"}');
  });

  it('keeps binary payloads storable', () => {
    const { row } = decode(hepPacket(Buffer.from([0, 1, 0xff, 0xfe, 0x41, 0]), { protoType: 53 }), CTX);
    expect(row.raw).toBe('\u0001\ufffd\ufffdA');
    expect(row.dataHeader).toBe('{"node":"2001","proto":"dns"}');
  });
});

describe('flowKey', () => {
  it('orders endpoints so both directions match', () => {
    expect(flowKey('192.0.2.2', 5060, '192.0.2.1', 5080)).toBe('192.0.2.1:5080-192.0.2.2:5060');
    expect(flowKey('192.0.2.1', 5080, '192.0.2.2', 5060)).toBe('192.0.2.1:5080-192.0.2.2:5060');
  });

  it('orders by port when the addresses are equal', () => {
    expect(flowKey('127.0.0.1', 9060, '127.0.0.1', 5060)).toBe('127.0.0.1:5060-127.0.0.1:9060');
  });

  it('brackets IPv6 addresses', () => {
    expect(flowKey('2001:db8::2', 5060, '2001:db8::1', 5060)).toBe('[2001:db8::1]:5060-[2001:db8::2]:5060');
    expect(flowKey('::1', 1, '10.0.0.1', 2)).toBe('10.0.0.1:2-[::1]:1');
  });
});

describe('protoName', () => {
  it('uses heplify-server names and decimal numbers otherwise', () => {
    expect(Object.entries(PROTO_NAMES)).toEqual([
      ['1', 'sip'],
      ['5', 'rtcp'],
      ['34', 'rtpagent'],
      ['35', 'rtcpxr'],
      ['38', 'horaclifix'],
      ['53', 'dns'],
      ['100', 'log'],
    ]);
    expect(protoName(54)).toBe('54');
    expect(protoName(1000)).toBe('1000');
  });
});
