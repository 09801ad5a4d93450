import { apiBlob, apiCall } from '../api/client.js';
import { LogReply, QosReply as QosReplySchema, TransactionReply } from '../api/schemas.js';
import type { TransactionData } from '../model/ladder.js';
import type { QosRow, RtpReportRow } from '../model/qos-series.js';

/**
 * The call window's requests. All take the same body homer-ui sends (the transaction request).
 * `call/report/qos` carries RTCP and RTP reports; the shared api/homer.ts keeps only RTCP.
 */
export async function fetchTransaction(body: unknown): Promise<TransactionData> {
  return (await apiCall('POST', '/call/transaction', TransactionReply, body))
    .data as unknown as TransactionData;
}

export interface QosReply {
  readonly rtcp: QosRow[];
  readonly rtp: RtpReportRow[];
}

export async function fetchQos(body: unknown): Promise<QosReply> {
  const reply = await apiCall('POST', '/call/report/qos', QosReplySchema, body);
  return {
    rtcp: reply.rtcp.data as unknown as QosRow[],
    rtp: (reply.rtp?.data ?? []) as unknown as RtpReportRow[],
  };
}

export async function fetchLogs(body: unknown): Promise<Record<string, unknown>[]> {
  return (await apiCall('POST', '/call/report/log', LogReply, body)).data;
}

export function fetchPcap(body: unknown): Promise<Blob> {
  return apiBlob('POST', '/export/call/messages/pcap', body);
}

export function fetchText(body: unknown): Promise<Blob> {
  return apiBlob('POST', '/export/call/messages/text', body);
}
