import { describe, expect, it } from 'vitest';
import { BUILTIN_DECODERS, createDecoderRegistry, DECODER_FAILED } from '../../../src/decoders/registry.js';
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
    [0, 'hep_proto_0_default'],
    [5, 'hep_proto_5_default'],
    [34, 'hep_proto_34_default'],
    [53, 'hep_proto_53_default'],
    [54, 'hep_proto_54_default'],
    [100, 'hep_proto_100_default'],
    [9999, 'hep_proto_9999_default'],
  ])('sends type %i to the generic decoder → %s', (protoType, table) => {
    const result = registry.decode(hepPacket('{"a":1}', { protoType, correlationId: 'cid-1' }), CTX);
    expect(tableOf(result.row)).toBe(table);
    expect(result.row.sid).toBe('cid-1');
    expect(result.sip).toBeUndefined();
  });

  it('lists the built-in decoders by HEP type', () => {
    expect(BUILTIN_DECODERS.map((e) => e.hepid)).toEqual([1]);
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
