/**
 * COPY … FROM STDIN (FORMAT binary) for capture rows, hand-written because it is the writer's hot
 * path. Compared with the prepared multi-row INSERT, the `pg` driver no longer measures and copies
 * 5 000 bind parameters per batch (`Buffer.byteLength` + `write` per value: 16 % of the capture
 * server's busy time in a profile at steady load). Here each string is UTF-8-encoded once, straight
 * into one buffer, and PostgreSQL reads the timestamp as an int64 instead of parsing text.
 *
 * The column types must be heplify-server's: varchar/text, timestamptz, jsonb, jsonb, varchar/text
 * (binary input is type-exact); `binaryCopyColumnsMatch` checks a table before this format is used.
 */

import type { CaptureRow } from '../../pipeline/row.js';
import { DATA_COLUMNS } from '../schema/data-tables.js';
import type { SqlClient } from '../types.js';

/** Signature, flags (no OIDs) and an empty header extension (PostgreSQL docs, "Binary Format"). */
const HEADER = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);
const FIELDS_PER_ROW = 5;
/** jsonb's binary input starts with a format version byte. */
const JSONB_VERSION = 1;
/** Seconds from the Unix epoch to PostgreSQL's (2000-01-01 UTC). */
const PG_EPOCH_UNIX_SECONDS = 946_684_800;
const TWO_POW_32 = 4_294_967_296;
/** Worst case UTF-8 bytes per UTF-16 code unit. */
const MAX_UTF8_PER_UNIT = 3;

export function copyBinarySql(table: string): string {
  return `COPY ${table} (${DATA_COLUMNS}) FROM STDIN (FORMAT binary)`;
}

/** Grows by doubling; strings are encoded straight into it (one pass, no byteLength). */
class CopyBuffer {
  buf: Buffer;
  off = 0;

  constructor(size: number, reuse?: Buffer) {
    this.buf = reuse !== undefined && reuse.length >= size ? reuse : Buffer.allocUnsafe(size);
  }

  ensure(extra: number): void {
    const need = this.off + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.off);
    this.buf = next;
  }

  /** int32 length, then the UTF-8 bytes of `value` (preceded by `prefixByte` when given). */
  text(value: string, prefixByte = -1): void {
    const lengthAt = this.off;
    const prefix = prefixByte >= 0 ? 1 : 0;
    this.ensure(4 + prefix + value.length * MAX_UTF8_PER_UNIT);
    this.off += 4;
    if (prefix === 1) this.buf[this.off++] = prefixByte;
    const written = this.buf.write(value, this.off);
    this.off += written;
    this.buf.writeInt32BE(written + prefix, lengthAt);
  }
}

/**
 * The whole COPY payload for `rows`. Microseconds since 2000-01-01 stay below 2^53 until the year
 * 2255, so the int64 is computed exactly in a double and written as two 32-bit halves.
 */
export function encodeCopyBinary(rows: readonly CaptureRow[], reuse?: Buffer): Buffer {
  const out = new CopyBuffer(HEADER.length + 2 + rows.length * 2048, reuse);
  HEADER.copy(out.buf, 0);
  out.off = HEADER.length;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as CaptureRow;
    out.ensure(2);
    out.buf.writeInt16BE(FIELDS_PER_ROW, out.off);
    out.off += 2;
    out.text(row.sid);
    const micros = (row.timeSeconds - PG_EPOCH_UNIX_SECONDS) * 1_000_000 + row.timeUseconds;
    const high = Math.floor(micros / TWO_POW_32);
    out.ensure(12);
    out.buf.writeInt32BE(8, out.off);
    out.buf.writeInt32BE(high, out.off + 4);
    out.buf.writeUInt32BE(micros - high * TWO_POW_32, out.off + 8);
    out.off += 12;
    out.text(row.protocolHeader, JSONB_VERSION);
    out.text(row.dataHeader, JSONB_VERSION);
    out.text(row.raw);
  }
  out.ensure(2);
  out.buf.writeInt16BE(-1, out.off);
  out.off += 2;
  return out.buf.subarray(0, out.off);
}

/** The types each column's binary input must be, as `regtype` names them. */
const BINARY_TYPES: Readonly<Record<string, readonly string[]>> = {
  sid: ['character varying', 'text'],
  create_date: ['timestamp with time zone'],
  protocol_header: ['jsonb'],
  data_header: ['jsonb'],
  raw: ['character varying', 'text'],
};

/**
 * True when `table` (already allowlisted) has heplify-server's column types, so binary COPY fits;
 * undefined when the table does not exist (yet).
 */
export async function binaryCopyColumnsMatch(sql: SqlClient, table: string): Promise<boolean | undefined> {
  const { rows } = await sql.query<{ name: string; type: string }>(
    `SELECT attname AS name, atttypid::regtype::text AS type FROM pg_attribute
      WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`,
    [table],
  );
  if (rows.length === 0) return undefined;
  const types = new Map(rows.map((r) => [r.name, r.type]));
  return Object.entries(BINARY_TYPES).every(([column, allowed]) => allowed.includes(types.get(column) ?? ''));
}
