import { describe, expect, it } from 'vitest';
import type { CaptureRow } from '../../../src/pipeline/row.js';
import { encodeCopyBinary } from '../../../src/storage/sql/copy-binary.js';

function row(i: number): CaptureRow {
  return {
    hepid: 1,
    profile: 'call',
    sid: `call-${i}@example.com`,
    timeSeconds: 1_790_000_000 + i,
    timeUseconds: 123_456,
    protocolHeader: `{"srcIp":"10.0.0.${i % 250}","captureId":"2001"}`,
    dataHeader: `{"callid":"call-${i}@example.com","from_user":"Zoë ${i}"}`,
    raw: `INVITE sip:${i}@example.com SIP/2.0\r\nSubject: ünïcødé ✓\r\n\r\n`,
  };
}

describe('encodeCopyBinary', () => {
  const rows = Array.from({ length: 40 }, (_, i) => row(i));

  it('writes the PGCOPY header, 5 fields per row with jsonb version bytes, and the trailer', () => {
    const out = encodeCopyBinary(rows.slice(0, 1));
    expect(out.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    expect(out.readInt16BE(19)).toBe(5);
    const sidLength = out.readInt32BE(21);
    expect(out.subarray(25, 25 + sidLength).toString()).toBe('call-0@example.com');
    // create_date: int64 microseconds since 2000-01-01 UTC.
    const at = 25 + sidLength;
    expect(out.readInt32BE(at)).toBe(8);
    const micros = out.readBigInt64BE(at + 4);
    expect(micros).toBe(BigInt((1_790_000_000 - 946_684_800) * 1_000_000 + 123_456));
    const protocolLength = out.readInt32BE(at + 12);
    expect(out[at + 16]).toBe(1);
    expect(out.subarray(at + 17, at + 16 + protocolLength).toString()).toBe(rows[0]?.protocolHeader);
    expect(out.readInt16BE(out.length - 2)).toBe(-1);
  });

  it('encodes into a reused buffer exactly as into a fresh one, in the reused memory', () => {
    const fresh = encodeCopyBinary(rows);
    const reuse = Buffer.alloc(fresh.length + 200_000, 0xee);
    const reused = encodeCopyBinary(rows, reuse);
    expect(reused.equals(fresh)).toBe(true);
    expect(reused.buffer).toBe(reuse.buffer);
    // Encoding the next batch over it leaves no bytes of the previous one inside the payload.
    const next = encodeCopyBinary(rows.slice(0, 3), reuse);
    expect(next.equals(encodeCopyBinary(rows.slice(0, 3)))).toBe(true);
  });

  it('ignores a reuse buffer too small for the batch', () => {
    const small = Buffer.alloc(64);
    const out = encodeCopyBinary(rows, small);
    expect(out.buffer).not.toBe(small.buffer);
    expect(out.equals(encodeCopyBinary(rows))).toBe(true);
  });
});
