import { randomBytes } from 'node:crypto';
import type { CaptureRow } from '../../../src/pipeline/row.js';

export interface RowOptions {
  readonly sid?: string;
  /** Microseconds within the millisecond of `timeMs` (0–999), or a full override below. */
  readonly timeUseconds?: number;
  readonly timeSeconds?: number;
  readonly dataHeader?: string;
  readonly protocolHeader?: string;
  readonly raw?: string;
}

/** A heplify-style row for `table` at `timeMs` (ms since the epoch). */
export function makeRow(table: string, timeMs: number, options: RowOptions = {}): CaptureRow {
  const match = /^hep_proto_(\d+)_(.+)$/.exec(table);
  if (match === null) throw new Error(`not a data table: ${table}`);
  const hepid = Number(match[1]);
  const profile = match[2] as string;
  const timeSeconds = options.timeSeconds ?? Math.floor(timeMs / 1000);
  const timeUseconds = options.timeUseconds ?? (timeMs - Math.floor(timeMs / 1000) * 1000) * 1000;
  const sid = options.sid ?? `sid-${randomBytes(6).toString('hex')}@test`;
  return {
    hepid,
    profile,
    sid,
    timeSeconds,
    timeUseconds,
    protocolHeader:
      options.protocolHeader ??
      JSON.stringify({
        protocolFamily: 2,
        protocol: 17,
        srcIp: '10.0.0.1',
        dstIp: '10.0.0.2',
        srcPort: 5060,
        dstPort: 5060,
        timeSeconds,
        timeUseconds,
        payloadType: hepid,
        captureId: '2001',
        correlation_id: '',
      }),
    dataHeader:
      options.dataHeader ??
      JSON.stringify({ callid: sid, method: 'INVITE', from_user: 'alice', to_user: 'bob', cseq: '1 INVITE' }),
    raw: options.raw ?? `INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: ${sid}\r\nCSeq: 1 INVITE\r\n\r\n`,
  };
}

/** Random alphanumerics: incompressible enough that PostgreSQL cannot shrink it below a btree page. */
export function incompressible(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
