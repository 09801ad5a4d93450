import { hostPort, mergedRow, portOf, type AliasLookup } from '../data/flatten.js';
import { createDateMs, type DataRow } from '../data/rows.js';

/** homer-app's label for rows that are not SIP, by HEP payload type. */
const METHOD_BY_PAYLOAD: Readonly<Record<number, string>> = {
  5: 'RTCP',
  34: 'Report RTP',
  35: 'Report RTP',
  53: 'DNS',
  54: 'ISUP',
  81: 'CDR',
  100: 'LOG',
  200: 'Loki Data',
};

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** `{hepid}_{profile}` of a `hep_proto_{hepid}_{profile}` table. */
export function profileKey(table: string): string {
  return table.replace(/^hep_proto_/, '');
}

function payloadTypeOf(row: DataRow): number {
  const declared = Number(row.protocolHeader.payloadType);
  return Number.isInteger(declared) ? declared : Number(profileKey(row.table).split('_')[0]);
}

/** `method` of a call-flow arrow: SIP method or status, else by payload type; msg_name/event win. */
export function methodOf(row: DataRow): string {
  for (const key of ['msg_name', 'event'] as const) {
    const value = row.dataHeader[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  const payloadType = payloadTypeOf(row);
  if (payloadType === 1) {
    const method = text(row.dataHeader.method);
    if (method !== '') return method;
  }
  return METHOD_BY_PAYLOAD[payloadType] ?? (text(row.dataHeader.method) || String(payloadType));
}

/** For SIP replies the status line without the version (`200 OK`); otherwise the method. */
function methodText(row: DataRow, method: string): string {
  if (/^\d{3}$/.test(method) && row.raw.startsWith('SIP/')) {
    const newline = row.raw.indexOf('\n');
    const firstLine = row.raw.slice(0, newline < 0 ? 200 : newline).replace(/\r$/, '');
    const status = firstLine.replace(/^SIP\/\d\.\d\s+/, '').trim();
    if (status.startsWith(method)) return status.slice(0, 100);
  }
  return method;
}

/** A stored row as homer-app's call flow and reports return it: the merged headers and `raw`. */
export function flattenRow(row: DataRow): Record<string, unknown> {
  return { ...mergedRow(row), raw: row.raw };
}

export interface TransactionReply {
  readonly total: number;
  readonly keys: string[];
  readonly data: {
    readonly messages: Record<string, unknown>[];
    readonly hosts: Record<string, { host: string[]; position: number }>;
    readonly calldata: Record<string, unknown>[];
    readonly alias: Record<string, string>;
  };
}

/**
 * `call/transaction`'s reply (reference/homer-app.md §1.4) from the messages of a call in time
 * order: every message with all header keys, the hosts in order of first appearance, one call-flow
 * arrow per message, and the alias of every host.
 */
export function buildTransactionReply(rows: readonly DataRow[], resolveAlias: AliasLookup): TransactionReply {
  const messages: Record<string, unknown>[] = [];
  const calldata: Record<string, unknown>[] = [];
  const hosts: Record<string, { host: string[]; position: number }> = {};
  const alias: Record<string, string> = {};
  const keys: string[] = [];
  const seenKeys = new Set<string>();
  let nextPosition = 0;

  const host = (
    ip: string,
    p: number,
    captureId: string,
  ): { id: string; alias: string; position: number } => {
    const id = hostPort(ip, p);
    let entry = hosts[id];
    if (!entry) {
      entry = { host: [id], position: nextPosition++ };
      hosts[id] = entry;
    }
    const name = resolveAlias(ip, p, captureId) ?? id;
    if (alias[id] === undefined) alias[id] = name;
    return { id, alias: name, position: entry.position };
  };

  for (const row of rows) {
    const createMs = createDateMs(row);
    const message: Record<string, unknown> = {
      ...flattenRow(row),
      create_ts: createMs,
      micro_ts: row.createUs,
      profile: profileKey(row.table),
    };
    messages.push(message);
    for (const key of Object.keys(message)) {
      if (!seenKeys.has(key)) {
        seenKeys.add(key);
        keys.push(key);
      }
    }

    const ph = row.protocolHeader;
    const captureId = text(ph.captureId);
    const srcIp = text(ph.srcIp);
    const dstIp = text(ph.dstIp);
    const srcPort = portOf(ph.srcPort);
    const dstPort = portOf(ph.dstPort);
    const src = host(srcIp, srcPort, captureId);
    const dst = host(dstIp, dstPort, captureId);
    const method = methodOf(row);
    calldata.push({
      id: row.id,
      sid: row.sid,
      srcHost: srcIp,
      dstHost: dstIp,
      srcId: src.id,
      dstId: dst.id,
      srcIp,
      dstIp,
      srcPort,
      dstPort,
      aliasSrc: src.alias,
      aliasDst: dst.alias,
      method,
      method_text: methodText(row, method),
      create_date: createMs,
      micro_ts: row.createUs,
      protocol: Number(ph.protocol ?? 17),
      msg_color: 'blue',
      table: row.table,
      ruri_user: row.raw.slice(0, 50),
      destination: dst.position,
    });
  }
  return { total: messages.length, keys, data: { messages, hosts, calldata, alias } };
}
