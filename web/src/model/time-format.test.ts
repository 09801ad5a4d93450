import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  fromDateTimeInput,
  isValidTimeZone,
  timeZoneNames,
  toDateTimeInput,
  zoneOffsetMinutes,
} from './time-format.js';

const WINTER = Date.UTC(2026, 0, 15, 12, 0, 5, 42);
const SUMMER = Date.UTC(2026, 6, 15, 12, 0, 5);

describe('formatDateTime', () => {
  it('shows wall-clock time of the chosen zone', () => {
    expect(formatDateTime(WINTER, 'UTC')).toBe('2026-01-15 12:00:05');
    expect(formatDateTime(WINTER, 'Europe/Berlin')).toBe('2026-01-15 13:00:05');
    expect(formatDateTime(SUMMER, 'Europe/Berlin')).toBe('2026-07-15 14:00:05');
    expect(formatDateTime(WINTER, 'America/New_York', true)).toBe('2026-01-15 07:00:05.042');
  });

  it('rolls the date over across midnight', () => {
    expect(formatDateTime(Date.UTC(2026, 0, 15, 23, 30), 'Asia/Tokyo')).toBe('2026-01-16 08:30:00');
  });
});

describe('zoneOffsetMinutes', () => {
  it('follows daylight saving time', () => {
    expect(zoneOffsetMinutes(WINTER, 'Europe/Berlin')).toBe(60);
    expect(zoneOffsetMinutes(SUMMER, 'Europe/Berlin')).toBe(120);
    expect(zoneOffsetMinutes(WINTER, 'Asia/Kolkata')).toBe(330);
    expect(zoneOffsetMinutes(WINTER, 'UTC')).toBe(0);
  });
});

describe('datetime-local inputs', () => {
  it('round-trips a time through the input value in a zone', () => {
    const ms = Date.UTC(2026, 6, 15, 12, 0, 5);
    expect(toDateTimeInput(ms, 'Europe/Berlin')).toBe('2026-07-15T14:00:05');
    expect(fromDateTimeInput('2026-07-15T14:00:05', 'Europe/Berlin')).toBe(ms);
    expect(fromDateTimeInput('2026-01-15T13:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 0, 15, 12));
  });

  it('rejects text that is not a date', () => {
    expect(fromDateTimeInput('', 'UTC')).toBeUndefined();
    expect(fromDateTimeInput('yesterday', 'UTC')).toBeUndefined();
  });
});

describe('zone names', () => {
  it('offers UTC first and knows real zones', () => {
    expect(timeZoneNames()[0]).toBe('UTC');
    expect(timeZoneNames()).toContain('Europe/Berlin');
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
