import { describe, expect, it } from 'vitest';
import type { HepPacket } from '../../../src/hep/types.js';
import { TargetNames } from '../../../src/analytics/targets.js';
import { MethodResponseCounter } from '../../../src/pipeline/method-response.js';
import { createMetrics } from '../../../src/telemetry/metrics.js';

const packet = {} as HepPacket;

async function value(
  metrics: ReturnType<typeof createMetrics>,
  response: string,
  method: string,
): Promise<number> {
  const data = await metrics.methodResponse.get();
  return data.values.find((v) => v.labels.response === response && v.labels.method === method)?.value ?? 0;
}

describe('MethodResponseCounter', () => {
  it('counts each Call-ID + response + CSeq method once, ignoring the _b2b-1 leg suffix', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const counter = new MethodResponseCounter(metrics);
    const invite = { methodOrStatus: 'INVITE', cseqMethod: 'INVITE', callId: 'a@x', isRequest: true };
    counter.observe(invite, packet, '2001');
    counter.observe(invite, packet, '2001');
    counter.observe({ ...invite, callId: 'a@x_b2b-1' }, packet, '2001');
    counter.observe(
      { methodOrStatus: '200', cseqMethod: 'INVITE', callId: 'a@x', isRequest: false },
      packet,
      '2001',
    );
    counter.observe({ ...invite, callId: 'b@x' }, packet, '2001');
    expect(await value(metrics, 'INVITE', 'INVITE')).toBe(2);
    expect(await value(metrics, '200', 'INVITE')).toBe(1);
  });

  it('stays bounded: after two generations an old key counts again', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const counter = new MethodResponseCounter(metrics, 10);
    const msg = (n: number) => ({
      methodOrStatus: 'BYE',
      cseqMethod: 'BYE',
      callId: `c${n}`,
      isRequest: true,
    });
    for (let i = 0; i < 25; i++) counter.observe(msg(i), packet, '1');
    expect(await value(metrics, 'BYE', 'BYE')).toBe(25);
    counter.observe(msg(24), packet, '1');
    expect(await value(metrics, 'BYE', 'BYE')).toBe(25);
    counter.observe(msg(0), packet, '1');
    expect(await value(metrics, 'BYE', 'BYE')).toBe(26);
  });

  it('remembers each key for two generations even when one Call-ID spans a rotation', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const counter = new MethodResponseCounter(metrics, 3);
    const msg = (callId: string, response: string) => ({
      methodOrStatus: response,
      cseqMethod: 'INVITE',
      callId,
      isRequest: response === 'INVITE',
    });
    for (const r of ['INVITE', '100', '180']) counter.observe(msg('a', r), packet, '1');
    counter.observe(msg('a', '200'), packet, '1'); // the first generation is full: a new one starts
    counter.observe(msg('a', 'INVITE'), packet, '1');
    counter.observe(msg('a', '200'), packet, '1');
    expect(await value(metrics, 'INVITE', 'INVITE')).toBe(1);
    expect(await value(metrics, '200', 'INVITE')).toBe(1);
    for (const c of ['b', 'c']) counter.observe(msg(c, 'INVITE'), packet, '1');
    counter.observe(msg('d', 'INVITE'), packet, '1'); // third generation: the first is forgotten
    counter.observe(msg('a', 'INVITE'), packet, '1');
    counter.observe(msg('a', '200'), packet, '1');
    expect(await value(metrics, 'INVITE', 'INVITE')).toBe(5);
    expect(await value(metrics, '200', 'INVITE')).toBe(1);
  });

  it('with targets counts every message to or from a target, per side, without de-duplication', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const counter = new MethodResponseCounter(metrics, 10, new TargetNames(['10.0.0.1=pbx']));
    const invite = { methodOrStatus: 'INVITE', cseqMethod: 'INVITE', callId: 'a@x', isRequest: true };
    const toPbx = { srcIp: '10.0.0.9', dstIp: '10.0.0.1' } as HepPacket;
    const fromPbx = { srcIp: '10.0.0.1', dstIp: '10.0.0.9' } as HepPacket;
    counter.observe(invite, toPbx, '7');
    counter.observe(invite, toPbx, '7');
    counter.observe(invite, fromPbx, '7');
    counter.observe(invite, { srcIp: '10.0.0.8', dstIp: '10.0.0.9' } as HepPacket, '7');
    const { values } = await metrics.methodResponse.get();
    expect(values.map((v) => [v.labels.target_name, v.labels.direction, v.value])).toEqual([
      ['pbx', 'dst', 2],
      ['pbx', 'src', 1],
    ]);
  });
});
