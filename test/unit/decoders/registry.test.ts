import { describe, expect, it } from 'vitest';
import {
  BUILTIN_DECODERS,
  createDecoderRegistry,
  DECODER_FAILED,
  type DecoderEntry,
} from '../../../src/decoders/registry.js';
import { tableOf } from '../../../src/pipeline/row.js';
import { CTX, hepPacket, loadSipFixture, sipOptions } from './helpers.js';

describe('decoder registry', () => {
  const registry = createDecoderRegistry({ sip: sipOptions() });

  it('sends type 1 to the SIP decoder', () => {
    const result = registry.decode(hepPacket(loadSipFixture('invite.sip')), CTX);
    expect(tableOf(result.row)).toBe('hep_proto_1_call');
    expect(result.sip?.callId).toBe('a84b4c76e66710@pc33.atlanta.com');
  });

  it.each([
    [0, 'hep_proto_0_default', '{"node":"2001","proto":"0"}'],
    [2, 'hep_proto_2_default', '{"node":"2001","proto":"2"}'],
    [9999, 'hep_proto_9999_default', '{"node":"2001","proto":"9999"}'],
  ])('sends type %i to the generic decoder → %s', (protoType, table, dataHeader) => {
    const result = registry.decode(hepPacket('{"a":1}', { protoType, correlationId: 'cid-1' }), CTX);
    expect(tableOf(result.row)).toBe(table);
    expect(result.row.sid).toBe('cid-1');
    expect(result.row.dataHeader).toBe(dataHeader);
    expect(result.sip).toBeUndefined();
  });

  it.each([
    // type, payload, table (quality reports share hep_proto_35_default as in heplify-server), a data_header key
    [5, '{"report_blocks":[{"fraction_lost":0,"ia_jitter":0}]}', 'hep_proto_5_default', 'mos'],
    [34, '{"MOS":4.1}', 'hep_proto_35_default', 'mos'],
    [35, 'VQSessionReport: CallTerm\r\nPacketLoss: NLR=1.0', 'hep_proto_35_default', 'nlr'],
    [38, '{"NAME":"sbc"}', 'hep_proto_35_default', 'sbc_name'],
    [53, '{"id":1,"questions":[{"name":"a.example","type":1}]}', 'hep_proto_53_default', 'qname'],
    [54, '{"opc":1,"dpc":2,"cic":3}', 'hep_proto_54_default', 'callid'],
    [100, '{"level":"info"}', 'hep_proto_100_default', 'level'],
  ])('sends type %i to its own decoder', (protoType, payload, table, key) => {
    const result = registry.decode(hepPacket(payload, { protoType, correlationId: 'cid-1' }), CTX);
    expect(result.parseError).toBeUndefined();
    expect(tableOf(result.row)).toBe(table);
    expect(JSON.parse(result.row.dataHeader)).toHaveProperty(key);
  });

  it('lists the built-in decoders by HEP type', () => {
    expect(BUILTIN_DECODERS.map((e) => e.hepid)).toEqual([1, 5, 34, 35, 38, 53, 54, 100]);
  });

  it('lets a new decoder register by HEP type', () => {
    const custom = createDecoderRegistry({ sip: sipOptions() }, [
      ...BUILTIN_DECODERS,
      {
        hepid: 54,
        create: () => (packet) => ({
          row: {
            hepid: 54,
            profile: 'default',
            sid: 'isup',
            timeSeconds: packet.timeSeconds,
            timeUseconds: packet.timeUseconds,
            protocolHeader: '{}',
            dataHeader: '{}',
            raw: '',
          },
        }),
      },
    ]);
    expect(custom.decode(hepPacket('x', { protoType: 54 }), CTX).row.sid).toBe('isup');
    expect(tableOf(custom.decode(hepPacket(loadSipFixture('bye.sip')), CTX).row)).toBe('hep_proto_1_call');
  });

  it('finds decoders of types above one byte too, and never one of another type', () => {
    const tagged = (hepid: number): DecoderEntry => ({
      hepid,
      create: () => (packet) => ({
        row: {
          hepid,
          profile: 'default',
          sid: `decoder-${hepid}`,
          timeSeconds: packet.timeSeconds,
          timeUseconds: packet.timeUseconds,
          protocolHeader: '{}',
          dataHeader: '{}',
          raw: '',
        },
      }),
    });
    const registry = createDecoderRegistry({ sip: sipOptions() }, [
      tagged(0),
      tagged(255),
      tagged(256),
      tagged(1087),
    ]);
    for (const type of [0, 255, 256, 1087]) {
      expect(registry.decode(hepPacket('x', { protoType: type }), CTX).row.sid).toBe(`decoder-${type}`);
    }
    // Not registered, though 511 and 0x10000 share their low byte with 255 and 0, and -1 is 255 as a byte.
    for (const type of [1, 1.5, -1, 511, 0x10000]) {
      expect(registry.decode(hepPacket('x', { protoType: type }), CTX).row.sid).not.toMatch(/^decoder-/);
    }
  });

  it('stores the packet generically when a decoder throws', () => {
    const broken = createDecoderRegistry({ sip: sipOptions() }, [
      {
        hepid: 1,
        create: () => () => {
          throw new Error('bug');
        },
      },
    ]);
    const result = broken.decode(hepPacket('INVITE sip:a@b SIP/2.0\r\n\r\n'), CTX);
    expect(result.parseError).toBe(DECODER_FAILED);
    expect(tableOf(result.row)).toBe('hep_proto_1_default');
    expect(result.row.dataHeader).toBe('{"node":"2001","proto":"sip"}');
  });
});
