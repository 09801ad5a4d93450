import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CounterTally, GaugeTally } from '../../../src/telemetry/tally.js';

function counter(registry: Registry, maxCells?: number): CounterTally<'a' | 'b'> {
  return new CounterTally(
    { name: 'test_total', help: 'test', labelNames: ['a', 'b'], registers: [registry] },
    maxCells,
  );
}

function gauge(registry: Registry, maxCells?: number): GaugeTally<'a'> {
  return new GaugeTally(
    { name: 'test_gauge', help: 'test', labelNames: ['a'], registers: [registry] },
    maxCells,
  );
}

async function values(tally: {
  metric: { get(): Promise<{ values: { labels: object; value: number }[] }> };
}) {
  return (await tally.metric.get()).values.map((v) => ({ labels: v.labels, value: v.value }));
}

describe('CounterTally', () => {
  it('is exact whenever the counter is read, and reading twice does not count twice', async () => {
    const registry = new Registry();
    const tally = counter(registry);
    const cell = tally.cell({ a: 'x', b: 'y' });
    cell.inc();
    cell.inc(41);
    expect(await values(tally)).toEqual([{ labels: { a: 'x', b: 'y' }, value: 42 }]);
    expect(await registry.metrics()).toContain('test_total{a="x",b="y"} 42');
    cell.inc();
    expect(await registry.metrics()).toContain('test_total{a="x",b="y"} 43');
    expect(await values(tally)).toEqual([{ labels: { a: 'x', b: 'y' }, value: 43 }]);
  });

  it('hands out one cell per label set, whatever the key order', () => {
    const tally = counter(new Registry());
    expect(tally.cell({ a: 'x', b: 'y' })).toBe(tally.cell({ b: 'y', a: 'x' }));
    expect(tally.cell({ a: 'x', b: 'y' })).not.toBe(tally.cell({ a: 'x', b: 'z' }));
  });

  it('creates the series with the cell, so series keep the order of their first update', async () => {
    const registry = new Registry();
    const tally = counter(registry);
    const first = tally.cell({ a: '1', b: '' });
    tally.metric.inc({ a: '2', b: '' });
    first.inc();
    tally.metric.inc({ a: '1', b: '' }, 5);
    expect(await values(tally)).toEqual([
      { labels: { a: '1', b: '' }, value: 6 },
      { labels: { a: '2', b: '' }, value: 1 },
    ]);
  });

  it('past maxCells label sets hands out cells that write through', async () => {
    const tally = counter(new Registry(), 1);
    tally.cell({ a: '1', b: '' }).inc();
    const direct = tally.cell({ a: '2', b: '' });
    direct.inc(3);
    expect(tally.cell({ a: '2', b: '' })).not.toBe(direct);
    expect(await values(tally)).toEqual([
      { labels: { a: '1', b: '' }, value: 1 },
      { labels: { a: '2', b: '' }, value: 3 },
    ]);
  });
});

describe('GaugeTally', () => {
  it('keeps the last value set, exact when read', async () => {
    const registry = new Registry();
    const tally = gauge(registry);
    const cell = tally.cell({ a: 'x' });
    cell.set(5);
    cell.set(7);
    expect(await values(tally)).toEqual([{ labels: { a: 'x' }, value: 7 }]);
    cell.set(0);
    expect(await registry.metrics()).toContain('test_gauge{a="x"} 0');
  });

  it('has no series before the first cell and writes through past maxCells', async () => {
    const tally = gauge(new Registry(), 1);
    expect(await values(tally)).toEqual([]);
    tally.cell({ a: '1' }).set(1);
    tally.cell({ a: '2' }).set(2);
    tally.cell({ a: '2' }).set(3);
    expect(await values(tally)).toEqual([
      { labels: { a: '1' }, value: 1 },
      { labels: { a: '2' }, value: 3 },
    ]);
  });
});
