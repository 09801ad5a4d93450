import { describe, expect, it } from 'vitest';
import { buildTransactionReply, methodOf } from '../../../../src/api/correlation/flow.js';
import { hostPort as hostId } from '../../../../src/api/data/flatten.js';
import { row, sip, T0 } from './fixtures.js';

describe('transaction reply', () => {
  it('labels non-SIP rows by payload type, msg_name and event first', () => {
    const labels = [5, 34, 35, 54, 81, 100, 200, 77].map((pt) =>
      methodOf(row(`hep_proto_${pt}_default`, 's', T0, {}, { payloadType: pt })),
    );
    expect(labels).toEqual(['RTCP', 'Report RTP', 'Report RTP', 'ISUP', 'CDR', 'LOG', 'Loki Data', '77']);
    expect(methodOf(row('hep_proto_54_default', 's', T0, { msg_name: 'IAM' }, { payloadType: 54 }))).toBe(
      'IAM',
    );
    expect(methodOf(row('hep_proto_100_default', 's', T0, { event: 'hangup' }, { payloadType: 100 }))).toBe(
      'hangup',
    );
  });

  it('numbers hosts in order of first appearance, writes IPv6 as [ip]:port and resolves aliases', () => {
    const rows = [
      sip('c', 'INVITE', T0, { srcIp: '2001:db8::1', srcPort: 5062, dstIp: '10.0.0.9', dstPort: 5060 }),
      sip('c', '200', T0 + 1, { srcIp: '10.0.0.9', srcPort: 5060, dstIp: '10.0.0.7', dstPort: 5070 }),
    ];
    const reply = buildTransactionReply(rows, (ip) => (ip === '10.0.0.9' ? 'PBX' : undefined));
    expect(hostId('2001:db8::1', 5062)).toBe('[2001:db8::1]:5062');
    expect(reply.data.hosts).toEqual({
      '[2001:db8::1]:5062': { host: ['[2001:db8::1]:5062'], position: 0 },
      '10.0.0.9:5060': { host: ['10.0.0.9:5060'], position: 1 },
      '10.0.0.7:5070': { host: ['10.0.0.7:5070'], position: 2 },
    });
    expect(reply.data.alias).toEqual({
      '[2001:db8::1]:5062': '[2001:db8::1]:5062',
      '10.0.0.9:5060': 'PBX',
      '10.0.0.7:5070': '10.0.0.7:5070',
    });
    expect(reply.data.calldata[1]).toMatchObject({ srcId: '10.0.0.9:5060', aliasSrc: 'PBX', destination: 2 });
    expect(reply.data.messages[0]).toMatchObject({ profile: '1_call', micro_ts: T0 * 1000, create_ts: T0 });
    expect(reply.total).toBe(2);
  });
});
