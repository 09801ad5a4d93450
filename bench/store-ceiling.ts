/**
 * The store's ceiling: how many PRE-BUILT capture rows per second the storage writer gets into
 * PostgreSQL (heplify-server schema, 13 SIP indexes per partition), with N connections in flight.
 * No parsing, no network capture: this is the upper bound the ingest benchmark compares against.
 *
 * `--rows-from mix` (the default) pre-builds the rows of the ingest benchmark's own traffic (calls,
 * registrations, OPTIONS, decoded by the server's decoder: bench/lib/mix-rows.ts) and writes each
 * table's rows in full batches, so the ceiling stores exactly what an ingest step stores.
 * `--rows-from invite` is the older synthetic case: ~800-byte INVITEs into hep_proto_1_call only.
 *
 *   npx tsx bench/store-ceiling.ts --url postgres://postgres@127.0.0.1:5432/<db> \
 *     --rows 200000 --conns 2 --method insert|copy|binary [--rows-from mix|invite] [--batch 1000]
 *     [--sync on|off] [--truncate]
 *
 * Prints one JSON line: {rowsPerSec, method, conns, rows, batch, synchronousCommit, seconds,
 * nodeCpuPercent, walBytesPerRow, checkpoints, pgCpuPercent?}. pgCpuPercent (percent of one core:
 * the writer backends plus the server's background processes) needs a local server (/proc).
 */

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { tableOf, type CaptureRow } from '../src/pipeline/row.js';
import { createPostgresStorage, type BatchMethod } from '../src/storage/postgres/postgres-storage.js';
import { buildMixRows } from './lib/mix-rows.js';

const APPLICATION_NAME = 'homer-ts-store-ceiling';

function args(): {
  url: string;
  rows: number;
  conns: number;
  method: BatchMethod;
  batch: number;
  sync: boolean;
  truncate: boolean;
  seconds: number;
  rowsFrom: 'mix' | 'invite';
} {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      rows: { type: 'string', default: '200000' },
      conns: { type: 'string', default: '2' },
      method: { type: 'string', default: 'insert' },
      batch: { type: 'string', default: '1000' },
      sync: { type: 'string', default: 'on' },
      truncate: { type: 'boolean', default: false },
      'rows-from': { type: 'string', default: 'mix' },
      // Sustained mode: cycle through the pre-built rows for this long. A short run (200 k rows ≈
      // 4 s right after a CHECKPOINT) sees no checkpoint; a 60 s ingest step sees several, with
      // their full-page writes, so only a run as long as the step is a fair ceiling for it.
      seconds: { type: 'string', default: '0' },
    },
  });
  if (values.url === undefined) throw new Error('--url postgres://... is required');
  if (values.method !== 'insert' && values.method !== 'copy' && values.method !== 'binary')
    throw new Error('--method must be insert, copy or binary');
  const rowsFrom = values['rows-from'];
  if (rowsFrom !== 'mix' && rowsFrom !== 'invite') throw new Error('--rows-from must be mix or invite');
  return {
    url: values.url,
    rows: Number(values.rows),
    conns: Number(values.conns),
    method: values.method,
    batch: Number(values.batch),
    sync: values.sync !== 'off',
    truncate: values.truncate,
    seconds: Number(values.seconds),
    rowsFrom,
  };
}

/** A realistic INVITE with SDP, ≈ 800 bytes, unique per Call-ID. */
function invite(callId: string, srcIp: string, fromUser: string, toUser: string, tag: string): string {
  return [
    `INVITE sip:${toUser}@example.com SIP/2.0`,
    `Via: SIP/2.0/UDP ${srcIp}:5060;branch=z9hG4bK-${tag}-1;rport`,
    'Max-Forwards: 70',
    `From: "Alice ${fromUser}" <sip:${fromUser}@example.com>;tag=${tag}`,
    `To: <sip:${toUser}@example.com>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    `Contact: <sip:${fromUser}@${srcIp}:5060>`,
    'User-Agent: bench',
    'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK, REFER, INFO, NOTIFY',
    'Supported: replaces, timer, 100rel',
    'Content-Type: application/sdp',
    'Content-Length: 245',
    '',
    'v=0',
    `o=- 3869 3869 IN IP4 ${srcIp}`,
    's=bench',
    `c=IN IP4 ${srcIp}`,
    't=0 0',
    'm=audio 40000 RTP/AVP 0 8 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

function buildRows(count: number, prefix: string): CaptureRow[] {
  const now = Date.now();
  const rows = new Array<CaptureRow>(count);
  for (let i = 0; i < count; i++) {
    const ms = now - 240_000 + Math.floor((i / count) * 240_000); // the last 4 minutes, in order
    const timeSeconds = Math.floor(ms / 1000);
    const timeUseconds = (ms % 1000) * 1000 + (i % 1000);
    const srcIp = `10.${(i % 250) >> 4}.${i % 250}.${1 + (i % 7)}`;
    const dstIp = '192.168.1.10';
    const callId = `${prefix}-${i}-${timeSeconds}@${srcIp}`;
    const fromUser = `1${String(100000 + (i % 100000))}`;
    const toUser = `2${String(100000 + ((i * 7) % 100000))}`;
    const tag = `t${i.toString(36)}`;
    rows[i] = {
      hepid: 1,
      profile: 'call',
      sid: callId,
      timeSeconds,
      timeUseconds,
      protocolHeader: JSON.stringify({
        protocolFamily: 2,
        protocol: 17,
        srcIp,
        dstIp,
        srcPort: 5060,
        dstPort: 5060,
        timeSeconds,
        timeUseconds,
        payloadType: 1,
        captureId: '2001',
        capturePass: 'myHep',
        correlation_id: '',
      }),
      dataHeader: JSON.stringify({
        ruri_user: toUser,
        ruri_domain: 'example.com',
        from_user: fromUser,
        from_tag: tag,
        to_user: toUser,
        to_tag: '',
        callid: callId,
        cseq: '1 INVITE',
        method: 'INVITE',
        user_agent: 'bench',
      }),
      raw: invite(callId, srcIp, fromUser, toUser, tag),
    };
  }
  return rows;
}

interface TableBatch {
  readonly table: string;
  readonly rows: CaptureRow[];
}

/**
 * Rows cut into full per-table batches in arrival order (a table's batch is emitted when it fills),
 * the shape the capture writer sends at a rate high enough to fill batches before they age out.
 */
function batchByTable(rows: readonly CaptureRow[], size: number): TableBatch[] {
  const out: TableBatch[] = [];
  const pending = new Map<string, CaptureRow[]>();
  for (const row of rows) {
    const table = tableOf(row);
    let list = pending.get(table);
    if (!list) pending.set(table, (list = []));
    list.push(row);
    if (list.length >= size) {
      out.push({ table, rows: list });
      pending.set(table, []);
    }
  }
  for (const [table, list] of pending) if (list.length > 0) out.push({ table, rows: list });
  return out;
}

/** CPU ticks (utime + stime) per pid from /proc, for the pids that still exist. */
function cpuTicks(pids: readonly number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12])); // utime, stime (fields 14, 15)
    } catch {
      // not visible (remote server) or gone
    }
  }
  return ticks;
}

/** Ticks spent between two samples by the pids present in both (a pid that came or went is ignored). */
function ticksBetween(before: Map<number, number>, after: Map<number, number>): number | undefined {
  let total = 0;
  let seen = 0;
  for (const [pid, t] of after) {
    const t0 = before.get(pid);
    if (t0 === undefined) continue;
    total += t - t0;
    seen++;
  }
  return seen > 0 ? total : undefined;
}

function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]' || host === '';
}

async function main(): Promise<void> {
  const opt = args();
  const storage = await createPostgresStorage({
    url: opt.url,
    poolSize: opt.conns,
    method: opt.method,
    maxRowsPerStatement: opt.batch,
    synchronousCommit: opt.sync,
    applicationName: APPLICATION_NAME,
  });
  try {
    await storage.migrate();
    const tag = Date.now();
    const build = (count: number, prefix: string, runTag: number): CaptureRow[] =>
      opt.rowsFrom === 'mix' ? buildMixRows(count, runTag) : buildRows(count, `${prefix}${tag.toString(36)}`);
    const rows = build(opt.rows, 'bench', tag % 0x7fffffff);
    // Warm-up rows get other Call-IDs: the run tag is far from the timed rows' passes.
    const warmup = build(opt.conns * opt.batch * 4, 'warm', (tag + 0x40000000) % 0x7fffffff);
    const batches = batchByTable(rows, opt.batch);
    const warmupBatches = batchByTable(warmup, opt.batch);
    const tables = [...new Set(rows.map(tableOf))];
    if (opt.truncate) for (const table of tables) await storage.sql.exec(`TRUNCATE ${table}`);
    await storage.maintain(Date.now());
    for (const b of [...batches, ...warmupBatches]) await storage.partitions.ensureForRows(b.table, b.rows);

    // Warm-up: open every connection and prepare the statements on each.
    let w = 0;
    await Promise.all(
      Array.from({ length: opt.conns }, async () => {
        while (w < warmupBatches.length) {
          const b = warmupBatches[w++];
          if (b) await storage.writer.write(b.table, b.rows);
        }
      }),
    );
    await storage.sql.exec('CHECKPOINT').catch(() => undefined);

    const walAndCheckpoints = async (): Promise<{ lsn: string; checkpoints: number }> => {
      const { rows: r } = await storage.sql.query<{ lsn: string; checkpoints: number }>(
        'SELECT pg_current_wal_lsn()::text AS lsn, (checkpoints_timed + checkpoints_req)::int AS checkpoints FROM pg_stat_bgwriter',
      );
      return r[0] as { lsn: string; checkpoints: number };
    };
    const before = await walAndCheckpoints();
    // Our writer backends plus the server's own processes (WAL writer, checkpointer, ...), not
    // other clients of a shared server.
    const { rows: procs } = await storage.sql.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = $1 OR backend_type <> 'client backend'",
      [APPLICATION_NAME],
    );
    const pids = isLocal(opt.url) ? procs.map((p) => p.pid) : [];
    const pgBefore = cpuTicks(pids);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    let written = 0;
    const deadline = started + opt.seconds * 1000;
    const more = (): boolean => (opt.seconds > 0 ? performance.now() < deadline : next < batches.length);
    await Promise.all(
      Array.from({ length: opt.conns }, async () => {
        while (more()) {
          if (next >= batches.length) next = 0;
          const b = batches[next++];
          if (!b) break;
          const out = await storage.writer.write(b.table, b.rows);
          written += out.written;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const pgTicks = ticksBetween(pgBefore, cpuTicks(pids));
    const after = await walAndCheckpoints();
    const { rows: wal } = await storage.sql.query<{ bytes: string }>(
      'SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::bigint::text AS bytes',
      [after.lsn, before.lsn],
    );
    const result: Record<string, unknown> = {
      rowsPerSec: Math.round(written / seconds),
      method: opt.method,
      rowsFrom: opt.rowsFrom,
      tables: Object.fromEntries(tables.map((t) => [t, rows.filter((r) => tableOf(r) === t).length])),
      conns: opt.conns,
      rows: written,
      batch: opt.batch,
      synchronousCommit: opt.sync,
      seconds: Number(seconds.toFixed(2)),
      nodeCpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100),
      walBytesPerRow: Math.round(Number(wal[0]?.bytes ?? 0) / Math.max(1, written)),
      // Checkpoints during the run (WAL-triggered ones add full-page writes): explains outliers.
      checkpoints: after.checkpoints - before.checkpoints,
    };
    if (pgTicks !== undefined) result['pgCpuPercent'] = Math.round((pgTicks / 100 / seconds) * 100);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await storage.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`store-ceiling: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
