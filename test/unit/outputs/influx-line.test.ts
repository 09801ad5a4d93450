import { describe, expect, it } from 'vitest';
import { formatPoint } from '../../../src/outputs/influx-line.js';

describe('formatPoint (InfluxDB line protocol)', () => {
  it('escapes each position by its own rules and sorts tags', () => {
    const line = formatPoint({
      measurement: 'hep 1,x',
      tags: { z: 'a b', a: 'k=v,w', empty: '' },
      fields: { 'sip method': 'say "hi" \\ there', n: { int: 42.9 }, r: 0.5, ok: true, skip: undefined },
      timeNs: 1_700_000_000_123_456_789n,
    });
    expect(line).toBe(
      'hep\\ 1\\,x,a=k\\=v\\,w,z=a\\ b sip\\ method="say \\"hi\\" \\\\ there",n=42i,r=0.5,ok=t 1700000000123456789',
    );
  });

  it('gives nothing for a point without fields', () => {
    expect(formatPoint({ measurement: 'm', tags: {}, fields: { a: undefined }, timeNs: 1n })).toBeUndefined();
  });
});
