import type { DataRow } from '../../../../src/api/data/rows.js';
import type { LookupQuery, RowSource } from '../../../../src/api/correlation/engine.js';

let nextId = 1;

export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

/** A stored row for fixtures; `atMs` is the capture time. */
export function row(
  table: string,
  sid: string,
  atMs: number,
  dataHeader: Record<string, unknown> = {},
  protocolHeader: Record<string, unknown> = {},
  raw = '',
): DataRow {
  return {
    id: nextId++,
    sid,
    createUs: atMs * 1000,
    dataHeader,
    protocolHeader: { srcIp: '10.0.0.1', srcPort: 5060, dstIp: '10.0.0.2', dstPort: 5060, ...protocolHeader },
    raw,
    table,
  };
}

export function sip(
  sid: string,
  method: string,
  atMs: number,
  protocolHeader: Record<string, unknown> = {},
): DataRow {
  return row(
    'hep_proto_1_call',
    sid,
    atMs,
    { callid: sid, method },
    { payloadType: 1, ...protocolHeader },
    `${method} sip:x`,
  );
}

/**
 * An in-memory RowSource that evaluates lookups the way the SQL does (table, expression, window,
 * values, limit) and records every query, so tests can check what the engine asked for.
 */
export class FixtureSource implements RowSource {
  readonly queries: LookupQuery[] = [];

  constructor(private readonly rows: readonly DataRow[]) {}

  async lookup(query: LookupQuery): Promise<DataRow[]> {
    this.queries.push(query);
    const values = new Set(query.values);
    const read = expressionReader(query.expression);
    return this.rows
      .filter(
        (r) =>
          r.table === query.table &&
          r.createUs / 1000 >= query.fromMs &&
          r.createUs / 1000 <= query.toMs &&
          values.has(String(read(r) ?? '\u0000none')),
      )
      .slice(0, query.limit);
  }
}

function expressionReader(expression: string): (r: DataRow) => unknown {
  if (expression === 'sid') return (r) => r.sid;
  const match = /^(data_header|protocol_header)->>'([A-Za-z0-9_]+)'$/.exec(expression);
  if (!match) throw new Error(`fixture source got an unexpected expression: ${expression}`);
  const key = match[2] as string;
  return match[1] === 'data_header' ? (r) => r.dataHeader[key] : (r) => r.protocolHeader[key];
}
