import { expect } from 'vitest';
import type { StoredRow } from './capture-rows.js';

const MICROS_PER_SECOND = 1_000_000;

/** `hep_proto_1_call_20250101_0100`: the parent name, the UTC day and the partition's start HHMM. */
export function expectPartitionOf(row: StoredRow, parent: string): void {
  const match = new RegExp(`^${parent}_(\\d{8})_(\\d{4})$`).exec(row.partition);
  expect(match, `partition ${row.partition} of a ${parent} row`).not.toBeNull();
  const iso = new Date(Math.floor(row.createMicros / 1000)).toISOString();
  const day = iso.slice(0, 10).replaceAll('-', '');
  const hhmm = iso.slice(11, 16).replace(':', '');
  expect(match?.[1], `partition day of a row at ${iso}`).toBe(day);
  // The partition starts at or before the row (heplify-server names it by its start, in UTC).
  expect(match?.[2] !== undefined && match[2] <= hhmm, `partition ${row.partition} starts after ${iso}`).toBe(
    true,
  );
}

/**
 * create_date is the HEP timestamp to the microsecond (timeSeconds/timeUseconds in protocol_header)
 * and lies between the start of the run and now: catches a wrong byte order (HEPv2 is
 * little-endian, reference/hep.md §1.7) and a clock lost in milliseconds.
 */
export function expectRecentTimestamp(row: StoredRow, startedAtMs: number): void {
  const seconds = row.protocolHeader.timeSeconds;
  const useconds = row.protocolHeader.timeUseconds;
  expect(typeof seconds).toBe('number');
  expect(typeof useconds).toBe('number');
  expect(row.createMicros).toBe(Number(seconds) * MICROS_PER_SECOND + Number(useconds));
  const ms = row.createMicros / 1000;
  const now = Date.now();
  expect(ms).toBeGreaterThanOrEqual(startedAtMs - 1000);
  expect(ms).toBeLessThanOrEqual(now + 1000);
  expect(Math.abs(now - ms)).toBeLessThan(60_000);
}

/** Every data_header value is a string (heplify-server writes `""`, never null or a number). */
export function expectAllStrings(header: Record<string, unknown>): void {
  const notStrings = Object.entries(header).filter(([, value]) => typeof value !== 'string');
  expect(notStrings, 'data_header values that are not strings').toEqual([]);
}

/** Groups rows by sid, keeping their order. */
export function bySid(rows: readonly StoredRow[]): Map<string, StoredRow[]> {
  const groups = new Map<string, StoredRow[]>();
  for (const row of rows) {
    const group = groups.get(row.sid) ?? [];
    group.push(row);
    groups.set(row.sid, group);
  }
  return groups;
}

/** The SIP start line: the first line of the payload. */
export function startLine(raw: string): string {
  const end = raw.indexOf('\r\n');
  return end < 0 ? raw : raw.slice(0, end);
}
