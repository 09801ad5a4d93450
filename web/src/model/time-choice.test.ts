import { describe, expect, it } from 'vitest';
import { absoluteRange, isPresetId, presetLabel, resolveChoice } from './time-range.js';

const NOW = Date.UTC(2026, 10, 26, 18, 30, 0);

describe('range choice', () => {
  it('re-resolves a preset at each now, keeps an absolute range as it is', () => {
    expect(resolveChoice({ preset: 'last5m' }, NOW)).toEqual({ from: NOW - 300_000, to: NOW });
    expect(resolveChoice({ preset: 'last5m' }, NOW + 5000).to).toBe(NOW + 5000);
    expect(resolveChoice({ from: 1, to: 2 }, NOW)).toEqual({ from: 1, to: 2 });
  });

  it('places Today in the given zone offset', () => {
    expect(resolveChoice({ preset: 'today' }, NOW, 120).from).toBe(Date.UTC(2026, 10, 25, 22));
  });

  it('labels presets only', () => {
    expect(presetLabel({ preset: 'last7d' })).toBe('Last 7 days');
    expect(presetLabel({ from: 1, to: 2 })).toBeUndefined();
    expect(isPresetId('yesterday')).toBe(true);
    expect(isPresetId('last2y')).toBe(false);
  });

  it('refuses incomplete or inverted absolute ranges', () => {
    expect(absoluteRange(1, 2)).toEqual({ from: 1, to: 2 });
    expect(absoluteRange(undefined, 2)).toBe('From is not a date');
    expect(absoluteRange(1, undefined)).toBe('To is not a date');
    expect(absoluteRange(2, 2)).toBe('From must be before To');
  });
});
