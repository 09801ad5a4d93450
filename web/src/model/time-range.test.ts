import { describe, expect, it } from 'vitest';
import { resolvePreset } from './time-range.js';

const NOW = Date.UTC(2026, 10, 26, 18, 30, 0);

describe('resolvePreset', () => {
  it('gives relative ranges ending now', () => {
    expect(resolvePreset('last15m', NOW)).toEqual({ from: NOW - 15 * 60_000, to: NOW });
    expect(resolvePreset('last7d', NOW).from).toBe(NOW - 7 * 86_400_000);
  });

  it('resolves Today and Yesterday in the chosen zone, not UTC', () => {
    expect(resolvePreset('today', NOW, 0)).toEqual({
      from: Date.UTC(2026, 10, 26),
      to: Date.UTC(2026, 10, 27) - 1,
    });
    // UTC+10: at 18:30 UTC it is already the 27th, 04:30 local.
    expect(resolvePreset('today', NOW, 600).from).toBe(Date.UTC(2026, 10, 26, 14));
    expect(resolvePreset('yesterday', NOW, -300)).toEqual({
      from: Date.UTC(2026, 10, 25, 5),
      to: Date.UTC(2026, 10, 26, 5) - 1,
    });
  });
});
