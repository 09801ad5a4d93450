import { describe, expect, it } from 'vitest';
import type { HepPacket } from '../../../src/hep/types.js';
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
});
