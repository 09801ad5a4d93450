import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/telemetry/metrics.js';

const ROOT = join(import.meta.dirname, '../../..');

/** Metric names referenced by a PromQL text (identifiers followed by `{`, `[` or `)` or a space). */
function metricNames(promql: string): string[] {
  return [...promql.matchAll(/\b((?:heplify|homer)_[a-z0-9_]+)/g)].map((m) => m[1] as string);
}

describe('examples reference only metrics homer-ts exposes', () => {
  const exposed = new Set<string>();
  for (const metric of createMetrics({ defaultMetrics: false }).registry.getMetricsAsArray()) {
    const name = metric.name;
    exposed.add(name);
    for (const suffix of ['_bucket', '_sum', '_count']) exposed.add(name + suffix);
  }

  it('Grafana dashboard', () => {
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'examples/grafana/homer-overview.json'), 'utf8'));
    const exprs: string[] = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) =>
      p.targets.map((t) => t.expr),
    );
    expect(exprs.length).toBeGreaterThan(10);
    for (const name of exprs.flatMap(metricNames)) expect(exposed, name).toContain(name);
  });

  it('alert rules', () => {
    const rules = readFileSync(join(ROOT, 'examples/prometheus/homer-alerts.yml'), 'utf8');
    const names = metricNames(rules);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(exposed, name).toContain(name);
  });
});
