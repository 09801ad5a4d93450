/**
 * The request mix of bench:search: what homer-ui sends for a Call-ID search, a From-user prefix
 * search and a call flow, with Call-IDs, users and windows drawn at random from the loaded data so
 * neither PostgreSQL's buffers nor any cache sees the same key twice in a row. Each request also
 * carries the SQL stock homer-app would run for it (`SELECT * ... WHERE create_date BETWEEN ...
 * AND (...) LIMIT n`, reference/homer-app.md §1.3), to time the database alone.
 */

import { DATA_ROW_COLUMNS } from '../../src/api/data/rows.js';
import type { SqlClient } from '../../src/storage/types.js';

const HOUR_MS = 3_600_000;
export const SEARCH_LIMIT = 200;

export interface Sample {
  readonly callId: string;
  readonly fromUser: string;
  readonly createMs: number;
}

export interface Dataset {
  readonly startMs: number;
  readonly endMs: number;
  readonly samples: readonly Sample[];
  readonly knownCall: { readonly callId: string; readonly firstMs: number; readonly lastMs: number };
}

export interface SqlStatement {
  readonly text: string;
  readonly params: readonly unknown[];
}

export interface BuiltRequest {
  readonly path: string;
  readonly body: unknown;
  /** What stock homer-app runs for it; several statements for a call flow. */
  readonly sql: readonly SqlStatement[];
}

export interface RequestKind {
  readonly id: string;
  readonly label: string;
  /** p95 target in ms (issue 3), if any. */
  readonly targetP95Ms?: number;
  build(data: Dataset, rnd: () => number): BuiltRequest;
}

/** mulberry32: a seeded stream, so two runs draw the same keys. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], rnd: () => number): T {
  const item = items[Math.floor(rnd() * items.length)];
  if (item === undefined) throw new Error('no samples');
  return item;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The body homer-ui's search form posts (reference §1.3), for one field of `1_call`. */
function searchBody(name: string, value: string, fromMs: number, toMs: number): unknown {
  return {
    config: { protocol_id: { name: 'SIP', value: 1 }, protocol_profile: { name: 'call', value: 'call' } },
    param: {
      transaction: {},
      limit: SEARCH_LIMIT,
      orlogic: false,
      search: { '1_call': [{ name, value, type: 'string', hepid: 1 }] },
      location: { node: ['localnode'] },
      timezone: { value: 0, name: 'UTC' },
    },
    timestamp: { from: fromMs, to: toMs },
  };
}

/** homer-app's statement: `SELECT * FROM t WHERE create_date BETWEEN $1 AND $2 AND (<cond>) LIMIT n`. */
function homerSelect(
  table: string,
  condition: string,
  fromMs: number,
  toMs: number,
  values: unknown[],
): SqlStatement {
  return {
    text: `SELECT ${DATA_ROW_COLUMNS} FROM ${table} WHERE create_date BETWEEN $1 AND $2 AND (${condition}) LIMIT ${SEARCH_LIMIT}`,
    params: [iso(fromMs), iso(toMs), ...values],
  };
}

/** A 1 h window holding `ms` at a random place. */
function hourAround(ms: number, rnd: () => number): [number, number] {
  const from = ms - Math.floor(rnd() * HOUR_MS);
  return [from, from + HOUR_MS - 1];
}

function randomHour(data: Dataset, rnd: () => number): [number, number] {
  const from = data.startMs + Math.floor(rnd() * (data.endMs - data.startMs - HOUR_MS));
  return [from, from + HOUR_MS - 1];
}

/** The smallest string above every string starting with `prefix` in byte order (C collation). */
export function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

function callIdKind(field: 'sid' | 'data_header.callid', hours: 1 | 24): RequestKind {
  const column = field === 'sid' ? 'sid' : "data_header->>'callid'";
  return {
    id: `callid-${field === 'sid' ? 'sid' : 'dh'}-${hours}h`,
    label: `Call-ID (${field}), ${hours} h`,
    targetP95Ms: 20,
    build(data, rnd) {
      const s = pick(data.samples, rnd);
      const [from, to] = hours === 1 ? hourAround(s.createMs, rnd) : [data.startMs, data.endMs - 1];
      return {
        path: '/api/v3/search/call/data',
        body: searchBody(field, s.callId, from, to),
        sql: [homerSelect('hep_proto_1_call', `${column} = $3`, from, to, [s.callId])],
      };
    },
  };
}

/**
 * From-user prefix (`value: "1234%"`). The hand-written SQL adds the range that lets a B-tree
 * serve LIKE under a non-C collation: `>= '1234' AND < '1235'`.
 */
function prefixKind(digits: number, hours: 1 | 24): RequestKind {
  return {
    id: `from-prefix${digits}-${hours}h`,
    label: `from_user ${digits}-digit prefix, ${hours} h`,
    targetP95Ms: 50,
    build(data, rnd) {
      const s = pick(data.samples, rnd);
      const prefix = s.fromUser.slice(0, digits);
      const [from, to] = hours === 1 ? randomHour(data, rnd) : [data.startMs, data.endMs - 1];
      const col = "data_header->>'from_user'";
      return {
        path: '/api/v3/search/call/data',
        body: searchBody('data_header.from_user', `${prefix}%`, from, to),
        sql: [
          homerSelect('hep_proto_1_call', `${col} LIKE $3 AND ${col} >= $4 AND ${col} < $5`, from, to, [
            `${prefix}%`,
            prefix,
            prefixUpperBound(prefix),
          ]),
        ],
      };
    },
  };
}

/** LIKE alone, as stock homer-app writes it: for the EXPLAIN comparison only (no HTTP twin). */
export function plainLikeSql(data: Dataset, rnd: () => number, digits: number, hours: 1 | 24): SqlStatement {
  const s = pick(data.samples, rnd);
  const [from, to] = hours === 1 ? randomHour(data, rnd) : [data.startMs, data.endMs - 1];
  return homerSelect('hep_proto_1_call', "data_header->>'from_user' LIKE $3", from, to, [
    `${s.fromUser.slice(0, digits)}%`,
  ]);
}

/**
 * The call flow of the known call as homer-ui asks for it (reference §1.4: its sid, window padded
 * by 5 min each side). The SQL is what the seeded correlation of 1_call implies: the Call-ID in
 * 1_call, then logs (100) and RTCP (5) by sid, other legs by correlation_id, the B2B leg by
 * `<callid>_b2b-1` (lookup range −300 s / +200 s).
 */
export const transactionKind: RequestKind = {
  id: 'transaction',
  label: 'call/transaction, 30-msg call + 12 RTCP + 6 logs',
  targetP95Ms: 50,
  build(data) {
    const k = data.knownCall;
    const from = k.firstMs - 300_000;
    const to = k.lastMs + 300_000;
    const ids = [k.callId];
    const cols = DATA_ROW_COLUMNS;
    const lookFrom = iso(from - 300_000);
    const lookTo = iso(to + 200_000);
    return {
      path: '/api/v3/call/transaction',
      body: {
        param: {
          limit: SEARCH_LIMIT,
          orlogic: false,
          whitelist: [],
          search: { '1_call': { id: 1, callid: ids } },
          location: { node: ['localnode'] },
          transaction: { call: true, registration: false, rest: false },
          timezone: { value: 0, name: 'UTC' },
        },
        timestamp: { from, to },
      },
      sql: [
        {
          text: `SELECT ${cols} FROM hep_proto_1_call WHERE create_date BETWEEN $1 AND $2 AND sid = ANY($3)`,
          params: [iso(from), iso(to), ids],
        },
        {
          text: `SELECT ${cols} FROM hep_proto_100_default WHERE create_date BETWEEN $1 AND $2 AND sid = ANY($3)`,
          params: [lookFrom, lookTo, ids],
        },
        {
          text: `SELECT ${cols} FROM hep_proto_5_default WHERE create_date BETWEEN $1 AND $2 AND sid = ANY($3)`,
          params: [lookFrom, lookTo, ids],
        },
        {
          text: `SELECT ${cols} FROM hep_proto_1_call WHERE create_date BETWEEN $1 AND $2 AND sid = ANY($3)`,
          params: [lookFrom, lookTo, ids],
        },
        {
          text: `SELECT ${cols} FROM hep_proto_1_call WHERE create_date BETWEEN $1 AND $2 AND data_header->>'callid' = ANY($3)`,
          params: [lookFrom, lookTo, ids.map((id) => `${id}_b2b-1`)],
        },
      ],
    };
  },
};

export function requestKinds(prefixDigits: readonly number[]): RequestKind[] {
  return [
    callIdKind('sid', 1),
    callIdKind('sid', 24),
    callIdKind('data_header.callid', 1),
    callIdKind('data_header.callid', 24),
    ...prefixDigits.flatMap((d) => [prefixKind(d, 1), prefixKind(d, 24)]),
    transactionKind,
  ];
}

/**
 * Random INVITEs of the loaded calls: TABLESAMPLE SYSTEM reads a fraction of the pages (not the
 * table), then a random order picks `n` of them.
 */
export async function sampleCalls(sql: SqlClient, callRows: number, n: number): Promise<Sample[]> {
  const pct = Math.min(100, Math.max(0.01, ((n * 40) / Math.max(1, callRows)) * 100));
  const { rows } = await sql.query<{ sid: string; from_user: string; ms: string }>(
    `SELECT sid, data_header->>'from_user' AS from_user, (extract(epoch FROM create_date) * 1000)::bigint::text AS ms
       FROM hep_proto_1_call TABLESAMPLE SYSTEM ($1)
      WHERE data_header->>'method' = 'INVITE' AND sid NOT LIKE 'bench-known-%'
      ORDER BY random() LIMIT $2`,
    [pct, n],
  );
  return rows.map((r) => ({ callId: r.sid, fromUser: r.from_user, createMs: Number(r.ms) }));
}
