/** A SIP message of the call as the flow lists it (method or status code, µs time). */
export interface SipEvent {
  readonly method: string;
  readonly cseqMethod: string;
  readonly microTs: number;
}

export type CallStatus =
  'Init' | 'Ringing' | 'Connected' | 'Completed' | 'Busy' | 'Canceled' | 'Declined' | 'Failed';

export interface SessionInfo {
  readonly status: CallStatus;
  /** INVITE → first 18x or final response (RFC 6076 session request delay), ms. */
  readonly requestDelayMs?: number;
  /** INVITE → 200 OK, ms. */
  readonly setupDelayMs?: number;
  /** First 18x → 200 OK, ms. */
  readonly ringingMs?: number;
  /** 200 OK → BYE, ms. */
  readonly durationMs?: number;
  /** BYE → its 200 OK, ms (RFC 6076 session disconnect delay). */
  readonly disconnectDelayMs?: number;
  /** The last 4xx–6xx answer to the INVITE. */
  readonly lastBadReply?: string;
}

const ms = (from: number | undefined, to: number | undefined): number | undefined =>
  from === undefined || to === undefined ? undefined : (to - from) / 1000;

/** Call KPIs computed from the flow, as homer-ui's Session Info tab (RFC 6076 names). */
export function sessionInfo(events: readonly SipEvent[]): SessionInfo {
  const sorted = [...events].sort((a, b) => a.microTs - b.microTs);
  let invite: number | undefined;
  let firstAnswer: number | undefined;
  let ringing: number | undefined;
  let answered: number | undefined;
  let bye: number | undefined;
  let byeOk: number | undefined;
  let lastBad: string | undefined;
  let cancelled = false;
  for (const e of sorted) {
    const status = /^\d{3}$/.test(e.method) ? Number(e.method) : undefined;
    if (e.cseqMethod === 'INVITE') {
      if (status === undefined) invite ??= e.microTs;
      else if (status > 100) {
        firstAnswer ??= e.microTs;
        if (status >= 180 && status < 200) ringing ??= e.microTs;
        if (status >= 200 && status < 300) answered ??= e.microTs;
        if (status >= 400) lastBad = e.method;
      }
    } else if (e.cseqMethod === 'CANCEL' && status === undefined) cancelled = true;
    else if (e.cseqMethod === 'BYE') {
      if (status === undefined) bye ??= e.microTs;
      else if (status >= 200 && status < 300) byeOk ??= e.microTs;
    }
  }
  let status: CallStatus = 'Init';
  if (answered !== undefined) status = bye !== undefined ? 'Completed' : 'Connected';
  else if (lastBad === '486' || lastBad === '600') status = 'Busy';
  else if (cancelled || lastBad === '487') status = 'Canceled';
  else if (lastBad === '603') status = 'Declined';
  else if (lastBad !== undefined) status = 'Failed';
  else if (ringing !== undefined) status = 'Ringing';
  return {
    status,
    requestDelayMs: ms(invite, firstAnswer),
    setupDelayMs: ms(invite, answered),
    ringingMs: ms(ringing, answered),
    durationMs: ms(answered, bye),
    disconnectDelayMs: ms(bye, byeOk),
    lastBadReply: lastBad,
  };
}
