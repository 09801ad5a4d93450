import { describe, expect, it } from 'vitest';
import { HEPLIFY_INDEX_SETS, indexesFor } from '../../../src/storage/schema/indexes.js';
import { partitionDdl, parentTableDdl } from '../../../src/storage/schema/data-tables.js';
import { normalizeStepMinutes } from '../../../src/storage/schema/steps.js';
import { classifyError } from '../../../src/storage/sql/classify-error.js';
import { copyText, escapeCopyText, multiRowInsertSql } from '../../../src/storage/sql/statements.js';
import {
  STANDARD_DATA_TABLES,
  assertDataTableName,
  isDataTableName,
  isPartitionNameOf,
  partitionName,
} from '../../../src/storage/table-names.js';
import { createTimestampFormatter, formatTimestamptz } from '../../../src/storage/timestamp.js';
import { StorageUnavailableError } from '../../../src/storage/errors.js';
import { makeRow } from './rows.js';

describe('formatTimestamptz', () => {
  it('formats UTC with exact microseconds', () => {
    const sec = Date.UTC(2026, 10, 26, 15, 41, 0) / 1000;
    expect(formatTimestamptz(sec, 123456)).toBe('2026-11-26 15:41:00.123456+00');
    expect(formatTimestamptz(sec, 0)).toBe('2026-11-26 15:41:00.000000+00');
    expect(formatTimestamptz(sec, 7)).toBe('2026-11-26 15:41:00.000007+00');
    expect(formatTimestamptz(sec, 999999)).toBe('2026-11-26 15:41:00.999999+00');
  });

  it('carries microseconds of a second or more into the seconds (HEP usec is a uint32)', () => {
    const sec = Date.UTC(1999, 11, 31, 23, 59, 59) / 1000;
    expect(formatTimestamptz(sec, 1_000_001)).toBe('2000-01-01 00:00:00.000001+00');
  });

  it('gives the same text from the caching formatter', () => {
    const format = createTimestampFormatter();
    const sec = Date.UTC(2030, 0, 1, 0, 0, 0) / 1000;
    for (const usec of [1, 2, 500000, 999999, 1_500_000]) {
      expect(format(sec, usec)).toBe(formatTimestamptz(sec, usec));
      expect(format(sec + 1, usec)).toBe(formatTimestamptz(sec + 1, usec));
    }
  });
});

describe('data table names', () => {
  it('accepts hep_proto_{hepid}_{profile} and nothing else', () => {
    for (const t of STANDARD_DATA_TABLES) expect(isDataTableName(t)).toBe(true);
    expect(isDataTableName('hep_proto_9999_default')).toBe(true);
    for (const bad of [
      'users',
      'hep_proto_1_Call',
      'hep_proto__call',
      'hep_proto_1_call;drop',
      'hep_proto_123456_x',
      'hep_proto_1_9x',
    ]) {
      expect(isDataTableName(bad)).toBe(false);
    }
    expect(() => assertDataTableName('hep_proto_1_call"')).toThrow(/not an allowed/);
  });

  it('refuses names whose partition index names would exceed 63 bytes', () => {
    expect(isDataTableName(`hep_proto_12345_${'a'.repeat(18)}`)).toBe(true);
    expect(isDataTableName(`hep_proto_12345_${'a'.repeat(19)}`)).toBe(false);
    const longest = `hep_proto_12345_${'a'.repeat(18)}`;
    const p = partitionName(longest, 0);
    for (const set of Object.values(HEPLIFY_INDEX_SETS)) {
      for (const ix of set) expect(`${p}_${ix.suffix}`.length).toBeLessThanOrEqual(63);
    }
  });

  it('names partitions <table>_YYYYMMDD_HHMM in UTC', () => {
    expect(partitionName('hep_proto_1_call', Date.UTC(2025, 0, 1, 1, 0))).toBe(
      'hep_proto_1_call_20250101_0100',
    );
    expect(partitionName('hep_proto_5_default', Date.UTC(1999, 11, 31, 18, 0))).toBe(
      'hep_proto_5_default_19991231_1800',
    );
    expect(isPartitionNameOf('hep_proto_1_call', 'hep_proto_1_call_20250101_0100')).toBe(true);
    expect(isPartitionNameOf('hep_proto_1_call', 'hep_proto_1_call_archive')).toBe(false);
    expect(isPartitionNameOf('hep_proto_1_call', 'hep_proto_1_call_20250101_0100_old')).toBe(false);
    expect(isPartitionNameOf('hep_proto_1_call', 'hep_proto_1_callx20250101_0100')).toBe(false);
  });
});

describe('schema DDL', () => {
  it("writes heplify-server's parent table", () => {
    const ddl = parentTableDdl('hep_proto_1_call');
    expect(ddl).toContain('CREATE TABLE IF NOT EXISTS hep_proto_1_call (');
    expect(ddl).toContain('id BIGSERIAL NOT NULL');
    expect(ddl).toContain('create_date timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL');
    expect(ddl).toContain('PARTITION BY RANGE (create_date)');
  });

  it('writes partitions with explicit UTC bounds and per-partition indexes', () => {
    const from = Date.UTC(2025, 0, 1, 23, 0);
    const ddl = partitionDdl('hep_proto_1_call', from, from + 3_600_000);
    expect(ddl.name).toBe('hep_proto_1_call_20250101_2300');
    expect(ddl.sql).toContain(
      "PARTITION OF hep_proto_1_call FOR VALUES FROM ('2025-01-01 23:00:00+00') TO ('2025-01-02 00:00:00+00')",
    );
    expect(ddl.sql).toContain(
      "CREATE INDEX IF NOT EXISTS hep_proto_1_call_20250101_2300_srcip ON hep_proto_1_call_20250101_2300 ((protocol_header->>'srcIp'))",
    );
    expect(ddl.sql.match(/CREATE INDEX/g)).toHaveLength(13);
  });

  it('chooses the index set by hepid', () => {
    expect(indexesFor('hep_proto_1_call')).toHaveLength(13);
    expect(indexesFor('hep_proto_1_custom')).toHaveLength(13);
    expect(indexesFor('hep_proto_54_default')).toHaveLength(10);
    for (const t of [
      'hep_proto_5_default',
      'hep_proto_35_default',
      'hep_proto_100_default',
      'hep_proto_9999_default',
    ]) {
      expect(indexesFor(t).map((i) => i.suffix)).toEqual([
        'create_date',
        'sid',
        'srcip',
        'dstip',
        'correlation_id',
      ]);
    }
  });

  it('normalises steps the way heplify-server maps them', () => {
    const cases: [number, number][] = [
      [5, 5],
      [10, 10],
      [15, 15],
      [20, 20],
      [25, 30],
      [30, 30],
      [35, 45],
      [45, 45],
      [50, 60],
      [60, 60],
      [90, 120],
      [120, 120],
      [180, 360],
      [360, 360],
      [420, 720],
      [720, 720],
      [1440, 1440],
      [10_000, 1440],
      [1, 5],
    ];
    for (const [given, used] of cases) expect(normalizeStepMinutes(given)).toBe(used);
    expect(normalizeStepMinutes(0)).toBe(60);
    expect(normalizeStepMinutes(Number.NaN, 120)).toBe(120);
  });
});

describe('statements', () => {
  it('builds multi-row INSERT text', () => {
    expect(multiRowInsertSql('hep_proto_1_call', 2)).toBe(
      'INSERT INTO hep_proto_1_call (sid, create_date, protocol_header, data_header, raw) VALUES ($1,$2,$3,$4,$5),($6,$7,$8,$9,$10)',
    );
    expect(() => multiRowInsertSql('hep_proto_1_call', 20_000)).toThrow(RangeError);
  });

  it('escapes COPY text', () => {
    expect(escapeCopyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(escapeCopyText('plain')).toBe('plain');
    const row = makeRow('hep_proto_1_call', Date.UTC(2025, 0, 1), { sid: 's\t1', raw: 'x\r\ny' });
    const line = copyText([row], createTimestampFormatter());
    expect(line.endsWith('\tx\\r\\ny\n')).toBe(true);
    expect(line.startsWith('s\\t1\t2025-01-01 00:00:00.000000+00\t')).toBe(true);
    expect(line.split('\t')).toHaveLength(5);
  });
});

describe('classifyError', () => {
  const pgError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

  it('separates connection trouble, row data, missing partitions and the rest', () => {
    expect(
      classifyError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })),
    ).toEqual({
      kind: 'unavailable',
    });
    expect(classifyError(pgError('57P01', 'terminating connection due to administrator command')).kind).toBe(
      'unavailable',
    );
    expect(classifyError(pgError('08006', 'connection failure')).kind).toBe('unavailable');
    expect(classifyError(new Error('timeout exceeded when trying to connect')).kind).toBe('unavailable');
    expect(classifyError(new Error('Connection terminated unexpectedly')).kind).toBe('unavailable');
    expect(classifyError(new StorageUnavailableError('x')).kind).toBe('unavailable');
    expect(classifyError(pgError('22P02', 'invalid input syntax for type json'))).toEqual({
      kind: 'data',
      reason: 'invalid_json',
    });
    expect(classifyError(pgError('22P05', 'unsupported Unicode escape sequence'))).toEqual({
      kind: 'data',
      reason: 'invalid_json',
    });
    expect(classifyError(pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'))).toEqual({
      kind: 'data',
      reason: 'encoding',
    });
    expect(classifyError(pgError('54000', 'index row requires 10016 bytes'))).toEqual({
      kind: 'data',
      reason: 'value_too_long',
    });
    expect(classifyError(pgError('22008', 'timestamp out of range'))).toEqual({
      kind: 'data',
      reason: 'other',
    });
    expect(
      classifyError(pgError('23514', 'no partition of relation "hep_proto_1_call" found for row')).kind,
    ).toBe('missing_relation');
    expect(classifyError(pgError('42501', 'permission denied for table hep_proto_1_call')).kind).toBe(
      'fatal',
    );
    expect(classifyError(new TypeError('bug')).kind).toBe('fatal');
  });
});
