import { expect } from 'vitest';
import type { PartitionBounds, StoredRow } from './capture-rows.js';

const MICROS_PER_SECOND = 1_000_000;

/** `20250101_0100`: a UTC instant as heplify-server writes it in partition names. */
function partitionSuffix(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}_${iso.slice(11, 16).replace(':', '')}`;
}

/**
 * The row's partition is named `<parent>_YYYYMMDD_HHMM` after the UTC start of its range (as
 * heplify-server names them, capture-servers.md §2), and that range, read from the catalog, holds the row.
 */
export function expectPartitionOf(
  row: StoredRow,
  parent: string,
  partitions: ReadonlyMap<string, PartitionBounds>,
): void {
  expect(row.partition, 'partition name').toMatch(new RegExp(`^${parent}_\\d{8}_\\d{4}$`));
  const bounds = partitions.get(row.partition);
  expect(bounds, `catalog bounds of ${row.partition}`).toBeDefined();
  if (!bounds) return;
  expect(row.partition, 'partition named after the UTC start of its range').toBe(
    `${parent}_${partitionSuffix(bounds.fromMicros)}`,
  );
  expect(row.createMicros).toBeGreaterThanOrEqual(bounds.fromMicros);
  expect(row.createMicros).toBeLessThan(bounds.toMicros);
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
