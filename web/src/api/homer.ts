import type { FieldMapping } from '../model/grid-columns.js';
import type { TransactionData } from '../model/ladder.js';
import type { QosRow } from '../model/qos-series.js';
import type { TimeRange } from '../model/time-range.js';
import { apiBlob, apiJson } from './client.js';

/** The typed calls the UI makes, with the bodies homer-ui sends (homer-ui-calls.md §4). */

export interface MappingRow {
  readonly hepid: number;
  readonly profile: string;
  readonly hep_alias: string | null;
  readonly fields_mapping: readonly FieldMapping[];
}

export type SearchRow = Record<string, unknown> & { id: number; sid: string; create_date: number };

export interface SearchReply {
  readonly total: number;
  readonly totalCapped?: boolean;
  readonly data: SearchRow[];
}

export interface SearchField {
  readonly name: string;
  readonly value: string;
  readonly type?: string;
}

export async function fetchMappings(): Promise<MappingRow[]> {
  return (await apiJson<{ data: MappingRow[] }>('GET', '/mapping/protocol')).data;
}

export function searchCallData(
  key: string,
  fields: readonly SearchField[],
  range: TimeRange,
  limit: number,
  orlogic = false,
): Promise<SearchReply> {
  const hepid = Number(key.split('_')[0]);
  return apiJson<SearchReply>('POST', '/search/call/data', {
    param: {
      transaction: {},
      limit,
      orlogic,
      search: { [key]: fields.map((f) => ({ ...f, func: null, hepid })) },
      location: {},
      timezone: { value: -new Date().getTimezoneOffset(), name: 'Local' },
    },
    timestamp: range,
  });
}

/** The body of `call/transaction` and the calls sharing it (qos, log, exports) for some rows. */
export function transactionBody(key: string, rows: readonly SearchRow[]): unknown {
  const dates = rows.map((r) => r.create_date);
  const callIds = [...new Set(rows.map((r) => String(r.callid ?? r.sid)))];
  return {
    param: {
      transaction: {
        call: key.includes('call'),
        registration: key.includes('registration'),
        rest: key.includes('default'),
      },
      limit: 200,
      orlogic: false,
      search: { [key]: { id: rows[0]?.id, callid: callIds } },
      location: {},
      timezone: { value: -new Date().getTimezoneOffset(), name: 'Local' },
    },
    timestamp: { from: Math.min(...dates) - 300_000, to: Math.max(...dates) + 300_000 },
  };
}

export async function callTransaction(body: unknown): Promise<TransactionData> {
  return (await apiJson<{ data: TransactionData }>('POST', '/call/transaction', body)).data;
}

export async function reportQos(body: unknown): Promise<QosRow[]> {
  return (await apiJson<{ rtcp: { data: QosRow[] } }>('POST', '/call/report/qos', body)).rtcp.data;
}

export async function reportLog(body: unknown): Promise<Record<string, unknown>[]> {
  return (await apiJson<{ data: Record<string, unknown>[] }>('POST', '/call/report/log', body)).data;
}

export function exportPcap(body: unknown): Promise<Blob> {
  return apiBlob('POST', '/export/call/messages/pcap', body);
}

export function exportText(body: unknown): Promise<Blob> {
  return apiBlob('POST', '/export/call/messages/text', body);
}
