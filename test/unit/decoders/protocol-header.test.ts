import { describe, expect, it } from 'vitest';
import { isPlainJsonString } from '../../../src/decoders/json.js';
import { buildProtocolHeader, captureIdOf } from '../../../src/decoders/protocol-header.js';
import type { HepPacket } from '../../../src/hep/types.js';
import { prng } from '../../helpers/random.js';
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

describe('buildProtocolHeader on packet after packet', () => {
  /** What the column must hold: JSON.stringify of heplify-server's keys (capture-servers.md §3). */
  function expected(packet: HepPacket, correlationId: string): string {
    let seconds = packet.timeSeconds;
    let useconds = packet.timeUseconds;
    if (seconds === 0 && useconds === 0) {
      seconds = CTX.arrivalSeconds;
      useconds = CTX.arrivalUseconds;
    }
    if (useconds >= 1_000_000) {
      seconds += Math.floor(useconds / 1_000_000);
      useconds %= 1_000_000;
    }
    return JSON.stringify({
      protocolFamily: packet.ipFamily,
      protocol: packet.ipProtocol,
      srcIp: packet.srcIp,
      dstIp: packet.dstIp,
      srcPort: packet.srcPort,
      dstPort: packet.dstPort,
      timeSeconds: seconds,
      timeUseconds: useconds,
      payloadType: packet.protoType,
      captureId:
        packet.nodeName !== undefined && packet.nodeName !== '' ? packet.nodeName : String(packet.captureId),
      capturePass: packet.authKey !== '' ? packet.authKey : undefined,
      correlation_id: correlationId,
    });
  }

  it('matches JSON.stringify whatever changes between packets (the parts it reuses included)', () => {
    const random = prng(2024);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const strings = [
      '',
      'a',
      '10.0.0.1',
      '2001:db8::1',
      'node-1',
      'q"uote',
      'back\\slash',
      'tab\t',
      '\u00e9',
      '\ud800',
      '😀',
    ];
    const numbers = [
      0,
      -0,
      1,
      2,
      10,
      17,
      5060,
      65535,
      1_700_000_000,
      4_294_967_295,
      1.5,
      1e21,
      NaN,
      Infinity,
      -1,
    ];
    for (let n = 0; n < 3000; n++) {
      const packet = hepPacket('x', {
        ipFamily: random() < 0.8 ? pick([2, 10]) : pick(numbers),
        ipProtocol: random() < 0.8 ? pick([6, 17]) : pick(numbers),
        srcIp: pick(strings),
        dstIp: pick(strings),
        srcPort: pick(numbers),
        dstPort: pick(numbers),
        timeSeconds: random() < 0.2 ? 0 : pick(numbers),
        timeUseconds: random() < 0.2 ? 0 : pick([...numbers, 2_500_000]),
        protoType: random() < 0.8 ? pick([1, 5, 100]) : pick(numbers),
        captureId: random() < 0.8 ? pick([0, 2001]) : pick(numbers),
        nodeName: random() < 0.5 ? undefined : pick(strings),
        authKey: random() < 0.3 ? undefined : pick(strings),
      });
      const cid = pick(strings);
      const known = random() < 0.5 && isPlainJsonString(cid);
      const json = buildProtocolHeader(packet, CTX, cid, known).json;
      expect(json, JSON.stringify({ ...packet, payload: undefined })).toBe(expected(packet, cid));
    }
  });

  it('takes the caller at its word only for the correlation id it vouched for', () => {
    const packet = hepPacket('x', { srcIp: 'a"b' });
    expect(buildProtocolHeader(packet, CTX, 'c', true).json).toBe(expected(packet, 'c'));
  });
});
