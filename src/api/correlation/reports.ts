import type { SqlClient } from '../../storage/types.js';
import type { DataRow } from '../data/rows.js';
import { parseTransactionBody, type TransactionBody } from './body.js';
import { sqlRowSource } from './sql-source.js';
import { DEFAULT_LEG_TAIL_SECONDS, DEFAULT_RANGE_SECONDS } from './rules.js';
import { sortByTime } from './order.js';
import { flattenRow } from './flow.js';

/** At most this many rows per report table. */
export const MAX_REPORT_ROWS = 20_000;

export interface ReportList {
  readonly total: number;
  readonly data: Record<string, unknown>[];
}

/**
 * Rows of `tables` whose sid is one of the body's Call-IDs. The window is the request's, opened
 * like a call leg (lookup_range before, the leg tail after), because RTCP and logs run for the
 * whole call while the UI's window only surrounds the clicked message.
 */
async function rowsBySid(
  sql: SqlClient,
  tables: readonly string[],
  body: TransactionBody,
): Promise<DataRow[]> {
  const request = parseTransactionBody(body);
  const callids = [...new Set(request.seeds.flatMap((seed) => seed.callids))];
  if (callids.length === 0) return [];
  const source = sqlRowSource(sql);
  const excluded = new Set(request.whitelist);
  const rows: DataRow[] = [];
  for (const table of tables) {
    const found = await source.lookup({
      table,
      expression: 'sid',
      values: callids,
      fromMs: request.fromMs + DEFAULT_RANGE_SECONDS[0] * 1000,
      toMs: request.toMs + DEFAULT_LEG_TAIL_SECONDS * 1000,
      limit: MAX_REPORT_ROWS,
    });
    rows.push(
      ...found.filter(
        (r) =>
          !excluded.has(String(r.protocolHeader.srcIp ?? '')) &&
          !excluded.has(String(r.protocolHeader.dstIp ?? '')),
      ),
    );
  }
  return sortByTime(rows);
}

function list(rows: readonly DataRow[]): ReportList {
  const data = rows.map(flattenRow);
  return { total: data.length, data };
}

/** `call/report/qos`: RTCP (HEP 5) and RTP reports (HEP 34/35) of the Call-IDs. */
export async function qosReport(
  sql: SqlClient,
  body: TransactionBody,
): Promise<{ rtcp: ReportList; rtp: ReportList }> {
  const rtcp = await rowsBySid(sql, ['hep_proto_5_default'], body);
  const rtp = await rowsBySid(sql, ['hep_proto_34_default', 'hep_proto_35_default'], body);
  return { rtcp: list(rtcp), rtp: list(rtp) };
}

/** `call/report/log`: LOG rows (HEP 100) of the Call-IDs. */
export async function logReport(sql: SqlClient, body: TransactionBody): Promise<ReportList> {
  return list(await rowsBySid(sql, ['hep_proto_100_default'], body));
}
