import type { StoredRow } from './capture-rows.js';

/** The loopback ports of one scenario: each SIP hop is identified by its source and destination port. */
export interface ScenarioPorts {
  /** Kamailio's SIP port. */
  readonly sip: number;
  /** sipp UAS (Kamailio relays every request here). */
  readonly uas: number;
  /** sipp UAC making the INVITE calls. */
  readonly uac: number;
  /** sipp UAC sending the OPTIONS. */
  readonly options: number;
  /** homer-ts's HEP listener. */
  readonly hep: number;
}

/** A SIP row reduced to what identifies its place in a call flow: `method cseq src->dst`. */
export function hop(method: string, cseq: string, srcPort: number, dstPort: number): string {
  return `${method.padEnd(6)} ${cseq.padEnd(9)} ${srcPort}->${dstPort}`;
}

export function hopOf(row: StoredRow): string {
  return hop(
    String(row.dataHeader.method),
    String(row.dataHeader.cseq),
    Number(row.protocolHeader.srcPort),
    Number(row.protocolHeader.dstPort),
  );
}

/**
 * What Kamailio's siptrace (trace_mode=1) mirrors for one call of sipp's built-in uac/uas scenarios,
 * in time order: each message once as received and once as sent, except the 100 Trying that tm
 * creates itself (reference/hep.md §3.2 "What arrived", confirmed by a HEP dump of this setup).
 * Responses carry their status code as `method` (heplify-server data_header, capture-servers.md §3).
 */
export function expectedCallFlow(p: ScenarioPorts): string[] {
  return [
    hop('INVITE', '1 INVITE', p.uac, p.sip),
    // tm answers 100 Trying before it relays.
    hop('100', '1 INVITE', p.sip, p.uac),
    hop('INVITE', '1 INVITE', p.sip, p.uas),
    hop('180', '1 INVITE', p.uas, p.sip),
    hop('180', '1 INVITE', p.sip, p.uac),
    hop('200', '1 INVITE', p.uas, p.sip),
    hop('200', '1 INVITE', p.sip, p.uac),
    hop('ACK', '1 ACK', p.uac, p.sip),
    hop('ACK', '1 ACK', p.sip, p.uas),
    hop('BYE', '2 BYE', p.uac, p.sip),
    hop('BYE', '2 BYE', p.sip, p.uas),
    hop('200', '2 BYE', p.uas, p.sip),
    hop('200', '2 BYE', p.sip, p.uac),
  ];
}

/** The OPTIONS is answered by Kamailio itself: one in, one 200 out. */
export function expectedOptionsFlow(p: ScenarioPorts): string[] {
  return [hop('OPTIONS', '1 OPTIONS', p.options, p.sip), hop('200', '1 OPTIONS', p.sip, p.options)];
}

/** sipp Call-IDs are `<call number>-<sipp pid>@<local ip>` (sipp's default `[call_id]`). */
export function sippCallId(callNumber: number, sippPid: number): string {
  return `${callNumber}-${sippPid}@127.0.0.1`;
}
