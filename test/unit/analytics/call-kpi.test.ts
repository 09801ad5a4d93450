import { describe, expect, it } from 'vitest';
import {
  CallKpiTracker,
  DEFAULT_CALL_KPI_LIMITS,
  type SipObservation,
} from '../../../src/analytics/call-kpi.js';
import { TargetNames } from '../../../src/analytics/targets.js';
import { createMetrics, type Metrics } from '../../../src/telemetry/metrics.js';

const T0 = Date.UTC(2026, 10, 26, 12) * 1000;
const S = 1_000_000;

function msg(
  callId: string,
  methodOrStatus: string,
  cseqMethod: string,
  atUs: number,
  src = '10.0.0.1',
  dst = '10.0.0.2',
): SipObservation {
  return {
    sip: { methodOrStatus, cseqMethod, callId, isRequest: !/^\d+$/.test(methodOrStatus) },
    timeUs: atUs,
    srcIp: src,
    dstIp: dst,
    nodeId: 'edge-1',
  };
}

async function value(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  const found = metric?.values.find((v) =>
    Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l),
  );
  return found?.value ?? 0;
}

function setup(limits = DEFAULT_CALL_KPI_LIMITS): { metrics: Metrics; tracker: CallKpiTracker } {
  const metrics = createMetrics({ defaultMetrics: false });
  const tracker = new CallKpiTracker(metrics.calls, new TargetNames(['10.0.0.2=pbx-1']), limits);
  return { metrics, tracker };
}

describe('CallKpiTracker', () => {
  it('measures SRD, setup delay, duration and counts an answered call once across capture points', async () => {
    const { metrics, tracker } = setup();
    const steps = [
      msg('c1', 'INVITE', 'INVITE', T0),
      msg('c1', 'INVITE', 'INVITE', T0 + 1000, '10.0.0.9', '10.0.0.2'), // second capture point
      msg('c1', '100', 'INVITE', T0 + 0.05 * S, '10.0.0.2', '10.0.0.1'),
      msg('c1', '180', 'INVITE', T0 + 0.5 * S, '10.0.0.2', '10.0.0.1'),
      msg('c1', '200', 'INVITE', T0 + 3 * S, '10.0.0.2', '10.0.0.1'),
      msg('c1', '200', 'INVITE', T0 + 3 * S + 500, '10.0.0.2', '10.0.0.9'),
      msg('c1', 'ACK', 'ACK', T0 + 3.1 * S),
      msg('c1', 'BYE', 'BYE', T0 + 63 * S),
    ];
    for (const s of steps) tracker.observe(s);
    expect(await value(metrics, 'homer_call_attempts_total', { target_name: 'pbx-1' })).toBe(1);
    expect(
      await value(metrics, 'homer_call_outcomes_total', { outcome: 'answered', target_name: 'pbx-1' }),
    ).toBe(1);
    expect(await value(metrics, 'heplify_kpi_srd', { target_name: 'pbx-1', node_id: 'edge-1' })).toBeCloseTo(
      0.5e9,
    );
    expect(await value(metrics, 'homer_call_setup_delay_seconds', { le: '3' } as never)).toBe(1);
    expect(await value(metrics, 'homer_call_setup_delay_seconds', { le: '2' } as never)).toBe(0);
    expect(await value(metrics, 'homer_call_duration_seconds', { le: '30' } as never)).toBe(0);
    expect(await value(metrics, 'homer_call_duration_seconds', { le: '60' } as never)).toBe(1);
  });

  it('classifies busy, cancelled and failed calls and computes ASR and NER', async () => {
    const { metrics, tracker } = setup();
    tracker.observe(msg('a', 'INVITE', 'INVITE', T0));
    tracker.observe(msg('a', '200', 'INVITE', T0 + S));
    tracker.observe(msg('b', 'INVITE', 'INVITE', T0));
    tracker.observe(msg('b', '486', 'INVITE', T0 + S));
    tracker.observe(msg('c', 'INVITE', 'INVITE', T0));
    tracker.observe(msg('c', '487', 'INVITE', T0 + S));
    tracker.observe(msg('d', 'INVITE', 'INVITE', T0));
    tracker.observe(msg('d', '503', 'INVITE', T0 + S));
    tracker.observe(msg('d', '503', 'INVITE', T0 + 2 * S)); // retransmitted final: counted once
    for (const outcome of ['answered', 'busy', 'cancelled', 'failed']) {
      expect(await value(metrics, 'homer_call_outcomes_total', { outcome }), outcome).toBe(1);
    }
    expect(await value(metrics, 'homer_call_asr_ratio', { target_name: 'pbx-1' })).toBeCloseTo(0.25);
    expect(await value(metrics, 'homer_call_ner_ratio', { target_name: 'pbx-1' })).toBeCloseTo(0.75);
  });

  it('measures the registration request delay', async () => {
    const { metrics, tracker } = setup();
    tracker.observe(msg('r1', 'REGISTER', 'REGISTER', T0));
    tracker.observe(msg('r1', '401', 'REGISTER', T0 + 0.02 * S, '10.0.0.2', '10.0.0.1'));
    expect(await value(metrics, 'heplify_kpi_rrd', { target_name: 'pbx-1' })).toBeCloseTo(0.02e9);
  });

  it('bounds memory: unanswered calls expire and a full tracker counts overflow', async () => {
    const { metrics, tracker } = setup({ ...DEFAULT_CALL_KPI_LIMITS, maxCalls: 2 });
    tracker.observe(msg('x1', 'INVITE', 'INVITE', T0));
    tracker.observe(msg('x2', 'INVITE', 'INVITE', T0));
    tracker.observe(msg('x3', 'INVITE', 'INVITE', T0));
    expect(tracker.trackedCalls).toBe(2);
    expect(await value(metrics, 'homer_call_tracker_overflow_total')).toBe(1);
    tracker.sweep(T0 + 301 * S);
    expect(tracker.trackedCalls).toBe(0);
  });

  it('strips the _b2b-1 suffix so both legs of a B2BUA are one call', async () => {
    const { metrics, tracker } = setup();
    tracker.observe(msg('leg', 'INVITE', 'INVITE', T0));
    tracker.observe(msg('leg_b2b-1', 'INVITE', 'INVITE', T0 + 1000));
    expect(await value(metrics, 'homer_call_attempts_total', { target_name: 'pbx-1' })).toBe(1);
  });

  it('gives the same /metrics whether scraped after every message or once, via observe or observeMessage', async () => {
    const a = setup();
    const b = setup();
    const steps = [
      msg('s1', 'INVITE', 'INVITE', T0),
      msg('s1', '180', 'INVITE', T0 + 0.3 * S, '10.0.0.2', '10.0.0.1'),
      msg('s1', '486', 'INVITE', T0 + S, '10.0.0.2', '10.0.0.1'),
      msg('s2', 'INVITE', 'INVITE', T0 + S),
      msg('s2', '200', 'INVITE', T0 + 2 * S, '10.0.0.2', '10.0.0.1'),
      msg('s2', 'BYE', 'BYE', T0 + 9 * S),
      msg('r1', 'REGISTER', 'REGISTER', T0 + 9 * S),
      msg('r1', '200', 'REGISTER', T0 + 9.1 * S, '10.0.0.2', '10.0.0.1'),
    ];
    for (const s of steps) {
      a.tracker.observe(s);
      await a.metrics.registry.metrics();
      b.tracker.observeMessage(s.sip, s.timeUs, s.srcIp, s.dstIp, s.nodeId);
    }
    const text = await b.metrics.registry.metrics();
    expect(await a.metrics.registry.metrics()).toBe(text);
    expect(text).toContain('homer_call_outcomes_total{outcome="busy",target_name="pbx-1"} 1');
    expect(text).not.toContain('outcome="failed"');
  });
});
