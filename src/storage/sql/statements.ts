/**
 * Statement text and parameters for batch inserts, shared by the PostgreSQL and PGlite writers.
 * Table names reach this file already checked against the allowlist.
 */

import type { CaptureRow } from '../../pipeline/row.js';
import { DATA_COLUMNS } from '../schema/data-tables.js';
import type { TimestampFormatter } from '../timestamp.js';

/** Columns per row in a multi-row INSERT. */
export const PARAMS_PER_ROW = 5;

/** PostgreSQL's protocol limit on bind parameters (Int16 count). */
export const MAX_BIND_PARAMS = 65_535;

/** `INSERT INTO <table> (...) VALUES ($1,...,$5),($6,...)` for `rows` rows. */
export function multiRowInsertSql(table: string, rows: number): string {
  if (rows < 1 || rows * PARAMS_PER_ROW > MAX_BIND_PARAMS) {
    throw new RangeError(`multi-row insert of ${rows} rows is out of range`);
  }
  const groups = new Array<string>(rows);
  for (let i = 0, p = 1; i < rows; i++, p += PARAMS_PER_ROW) {
    groups[i] = `($${p},$${p + 1},$${p + 2},$${p + 3},$${p + 4})`;
  }
  return `INSERT INTO ${table} (${DATA_COLUMNS}) VALUES ${groups.join(',')}`;
}

/** Flat parameter list matching `multiRowInsertSql(table, rows.length)`. */
export function multiRowInsertParams(rows: readonly CaptureRow[], format: TimestampFormatter): string[] {
  const params = new Array<string>(rows.length * PARAMS_PER_ROW);
  let p = 0;
  for (const row of rows) {
    params[p++] = row.sid;
    params[p++] = format(row.timeSeconds, row.timeUseconds);
    params[p++] = row.protocolHeader;
    params[p++] = row.dataHeader;
    params[p++] = row.raw;
  }
  return params;
}

export function copyFromStdinSql(table: string): string {
  return `COPY ${table} (${DATA_COLUMNS}) FROM STDIN`;
}

const COPY_SPECIAL_RE = /[\\\t\n\r]/;
const COPY_SPECIAL_GLOBAL_RE = /[\\\t\n\r]/g;
const COPY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/**
 * Escapes one value for COPY text format: backslash, tab, newline and carriage return. NUL cannot
 * be represented in PostgreSQL text at all; it is left in so the server rejects that one row.
 */
export function escapeCopyText(value: string): string {
  return COPY_SPECIAL_RE.test(value)
    ? value.replace(COPY_SPECIAL_GLOBAL_RE, (c) => COPY_ESCAPES[c] ?? c)
    : value;
}

/** The COPY text payload of `rows`: one tab-separated, newline-terminated line per row. */
export function copyText(rows: readonly CaptureRow[], format: TimestampFormatter): string {
  const lines = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as CaptureRow;
    lines[i] =
      `${escapeCopyText(row.sid)}\t${format(row.timeSeconds, row.timeUseconds)}\t` +
      `${escapeCopyText(row.protocolHeader)}\t${escapeCopyText(row.dataHeader)}\t${escapeCopyText(row.raw)}\n`;
  }
  return lines.join('');
}

/** Splits `rows` into consecutive slices of at most `size`. */
export function chunk<T>(rows: readonly T[], size: number): (readonly T[])[] {
  if (rows.length <= size) return [rows];
  const out: (readonly T[])[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
