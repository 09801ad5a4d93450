import { describe, expect, it } from 'vitest';
import { buildProtocolHeader, captureIdOf } from '../../../src/decoders/protocol-header.js';
import { CTX, defaultProtocolHeader, hepPacket } from './helpers.js';

describe('buildProtocolHeader', () => {
  it('writes heplify-server keys in order, byte-identical to JSON.stringify', () => {
    const packet = hepPacket('x', { authKey: 'myHep', correlationId: 'abc@host' });
    const header = buildProtocolHeader(packet, CTX);
    expect(header.json).toBe(defaultProtocolHeader({ capturePass: 'myHep', correlationId: 'abc@host' }));
    expect(header.timeSeconds).toBe(1_700_000_000);
    expect(header.timeUseconds).toBe(123_456);
  });

  it('omits an absent or empty capturePass and always writes correlation_id', () => {
    const expected = defaultProtocolHeader({ correlationId: '' });
    expect(expected).not.toContain('capturePass');
    expect(buildProtocolHeader(hepPacket('x'), CTX).json).toBe(expected);
    expect(buildProtocolHeader(hepPacket('x', { authKey: '' }), CTX).json).toBe(expected);
  });

  it('uses the node name (0x0013) as captureId when present, else the decimal capture id', () => {
    expect(captureIdOf(hepPacket('x', { nodeName: 'sbc-1' }))).toBe('sbc-1');
    expect(captureIdOf(hepPacket('x', { nodeName: '' }))).toBe('2001');
    expect(captureIdOf(hepPacket('x', { captureId: 0 }))).toBe('0');
    const json = JSON.parse(buildProtocolHeader(hepPacket('x', { nodeName: 'sbc-1' }), CTX).json) as {
      captureId: unknown;
    };
    expect(json.captureId).toBe('sbc-1');
  });

  it('uses the arrival time when the packet carries none (both fields 0)', () => {
    const header = buildProtocolHeader(hepPacket('x', { timeSeconds: 0, timeUseconds: 0 }), CTX);
    expect([header.timeSeconds, header.timeUseconds]).toEqual([CTX.arrivalSeconds, CTX.arrivalUseconds]);
    expect(header.json).toContain('"timeSeconds":1700000999,"timeUseconds":424242,');
    const zeroSeconds = buildProtocolHeader(hepPacket('x', { timeSeconds: 0, timeUseconds: 5 }), CTX);
    expect([zeroSeconds.timeSeconds, zeroSeconds.timeUseconds]).toEqual([0, 5]);
  });

  it('carries microseconds of one second or more into the seconds', () => {
    const header = buildProtocolHeader(hepPacket('x', { timeSeconds: 10, timeUseconds: 2_500_000 }), CTX);
    expect([header.timeSeconds, header.timeUseconds]).toEqual([12, 500_000]);
  });

  it('escapes every string (names and ids with quotes stay valid JSON)', () => {
    const packet = hepPacket('x', {
      ipFamily: 10,
      ipProtocol: 6,
      srcIp: '2001:db8::1',
      dstIp: '::ffff:192.0.2.2',
      nodeName: 'node "A"\\1',
      authKey: 'p\u0001ss',
    });
    const cid = 'cid "x"\t\u00e9';
    const expected = {
      protocolFamily: 10,
      protocol: 6,
      srcIp: '2001:db8::1',
      dstIp: '::ffff:192.0.2.2',
      srcPort: 5060,
      dstPort: 5080,
      timeSeconds: 1_700_000_000,
      timeUseconds: 123_456,
      payloadType: 1,
      captureId: 'node "A"\\1',
      capturePass: 'p\u0001ss',
      correlation_id: cid,
    };
    const json = buildProtocolHeader(packet, CTX, cid).json;
    expect(json).toBe(JSON.stringify(expected));
    expect(JSON.parse(json)).toEqual(expected);
  });
});
