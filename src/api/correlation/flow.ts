import { createDateMs, type DataRow } from '../data/rows.js';

/** Resolves `ip:port` (and capture id) to an alias name; `AliasResolver.snapshot()`. */
export type AliasLookup = (ip: string, port: number, captureId?: string) => string | undefined;

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

/** The node name homer-app reports for rows of its (only) local database. */
const NODE = 'localnode';

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function port(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/** `ip:port`, IPv6 as `[ip]:port`. */
export function hostId(ip: string, portNumber: number): string {
  return ip.includes(':') ? `[${ip}]:${portNumber}` : `${ip}:${portNumber}`;
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

/** A stored row as homer-app flattens it: data_header + protocol_header + the row's own columns. */
export function flattenRow(row: DataRow): Record<string, unknown> {
  const dataHeader = { ...row.dataHeader };
  delete dataHeader.node;
  return {
    ...dataHeader,
    ...row.protocolHeader,
    id: row.id,
    sid: row.sid,
    create_date: createDateMs(row),
    raw: row.raw,
    dbnode: NODE,
    node: NODE,
    table: row.table,
  };
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
    const id = hostId(ip, p);
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
    const srcPort = port(ph.srcPort);
    const dstPort = port(ph.dstPort);
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
