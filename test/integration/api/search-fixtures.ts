import type { CaptureRow } from '../../../src/pipeline/row.js';

/** An hour boundary an hour ago: every fixture row lands in recent partitions. */
export const T = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
/** A window covering every fixture row. */
export const WINDOW = { from: T, to: T + 1_200_000 };
/** The window of the millisecond-bound test. */
export const EDGE = { from: T + 600_000, to: T + 700_000 };

export interface SipRowSpec {
  readonly profile?: string;
  readonly callid: string;
  readonly method: string;
  readonly from: string;
  readonly to: string;
  readonly src: readonly [string, number];
  readonly dst: readonly [string, number];
  readonly captureId?: string;
  /** undefined: the key is absent. */
  readonly userAgent?: string;
  /** Capture time: epoch ms plus extra µs. */
  readonly ms: number;
  readonly us?: number;
  readonly raw?: string;
}

/** A SIP row with the JSON heplify-server writes (key order as heplify). */
export function sipRow(spec: SipRowSpec): CaptureRow {
  const totalUs = spec.ms * 1000 + (spec.us ?? 0);
  const timeSeconds = Math.floor(totalUs / 1_000_000);
  const timeUseconds = totalUs % 1_000_000;
  const v6 = spec.src[0].includes(':') || spec.dst[0].includes(':');
  const protocolHeader = {
    protocolFamily: v6 ? 10 : 2,
    protocol: 17,
    srcIp: spec.src[0],
    dstIp: spec.dst[0],
    srcPort: spec.src[1],
    dstPort: spec.dst[1],
    timeSeconds,
    timeUseconds,
    payloadType: 1,
    captureId: spec.captureId ?? '2001',
    capturePass: 'myHep',
    correlation_id: '',
  };
  const dataHeader: Record<string, string> = {
    callid: spec.callid,
    method: spec.method,
    ruri_user: spec.to,
    ruri_domain: 'example.com',
    from_user: spec.from,
    from_domain: 'example.com',
    from_tag: `tag-${spec.callid}`,
    to_user: spec.to,
    to_domain: 'example.com',
    cseq: `1 ${/^\d+$/.test(spec.method) ? 'INVITE' : spec.method}`,
    protocol: 'UDP',
    node: 'heplify-node',
  };
  if (spec.userAgent !== undefined) dataHeader.user_agent = spec.userAgent;
  const raw =
    spec.raw ??
    `${/^\d+$/.test(spec.method) ? `SIP/2.0 ${spec.method} OK` : `${spec.method} sip:${spec.to}@example.com SIP/2.0`}\r\n` +
      `Call-ID: ${spec.callid}\r\nFrom: <sip:${spec.from}@example.com>;tag=tag-${spec.callid}\r\n` +
      `To: <sip:${spec.to}@example.com>\r\nCSeq: ${dataHeader.cseq}\r\nContent-Length: 0\r\n\r\n`;
  return {
    hepid: 1,
    profile: spec.profile ?? 'call',
    sid: spec.callid,
    timeSeconds,
    timeUseconds,
    protocolHeader: JSON.stringify(protocolHeader),
    dataHeader: JSON.stringify(dataHeader),
    raw,
  };
}

const A: readonly [string, number] = ['10.0.0.1', 5060];
const B: readonly [string, number] = ['10.0.0.2', 5060];
const C: readonly [string, number] = ['10.0.0.3', 5080];
const V6: readonly [string, number] = ['2001:db8::1', 5062];

/** The 1_call rows every search test runs against. */
export const CALL_ROWS: readonly CaptureRow[] = [
  sipRow({
    callid: 'c1@host',
    method: 'INVITE',
    from: '1001',
    to: '2002',
    src: A,
    dst: B,
    userAgent: 'Phone A',
    ms: T + 1000,
  }),
  sipRow({
    callid: 'c1@host',
    method: '200',
    from: '1001',
    to: '2002',
    src: B,
    dst: A,
    userAgent: 'SBC',
    ms: T + 2000,
  }),
  sipRow({
    callid: 'c2@host',
    method: 'INVITE',
    from: '1002',
    to: '2003',
    src: C,
    dst: B,
    captureId: '2002',
    userAgent: '',
    ms: T + 3000,
    raw: 'INVITE sip:2003@example.com SIP/2.0\r\nCall-ID: c2@host\r\nX-Reason: 486 Busy Here 100%\r\n\r\n',
  }),
  sipRow({ callid: 'c3@host', method: 'BYE', from: 'alice', to: 'bob', src: V6, dst: B, ms: T + 4000 }),
  // Ten rows of one user, one second apart: for limit, order and total.
  ...Array.from({ length: 10 }, (_, i) =>
    sipRow({
      callid: `bulk-${i}@host`,
      method: 'OPTIONS',
      from: 'bulkuser',
      to: 'probe',
      src: A,
      dst: C,
      userAgent: 'Pinger',
      ms: T + 10_000 + i * 1000,
    }),
  ),
  // Around EDGE: 1 ms before, exactly at from, the last µs of to's millisecond, 1 ms after.
  sipRow({ callid: 'edge-before', method: 'INFO', from: 'edge', to: 'x', src: A, dst: B, ms: EDGE.from - 1 }),
  sipRow({ callid: 'edge-from', method: 'INFO', from: 'edge', to: 'x', src: A, dst: B, ms: EDGE.from }),
  sipRow({ callid: 'edge-to', method: 'INFO', from: 'edge', to: 'x', src: A, dst: B, ms: EDGE.to, us: 999 }),
  sipRow({ callid: 'edge-after', method: 'INFO', from: 'edge', to: 'x', src: A, dst: B, ms: EDGE.to + 1 }),
];

/** One row in 1_default (smart input profile) and one LOG row. */
export const OTHER_ROWS: readonly CaptureRow[] = [
  sipRow({
    profile: 'default',
    callid: 'opt@host',
    method: 'OPTIONS',
    from: 'mon',
    to: 'sbc',
    src: A,
    dst: B,
    ms: T + 5000,
  }),
  {
    hepid: 100,
    profile: 'default',
    sid: 'c1@host',
    timeSeconds: Math.floor((T + 6000) / 1000),
    timeUseconds: 0,
    protocolHeader: JSON.stringify({
      protocolFamily: 2,
      protocol: 17,
      srcIp: '10.0.0.1',
      dstIp: '10.0.0.2',
      srcPort: 5060,
      dstPort: 5060,
      timeSeconds: Math.floor((T + 6000) / 1000),
      timeUseconds: 0,
      payloadType: 100,
      captureId: '2001',
      capturePass: 'myHep',
      correlation_id: 'c1@host',
    }),
    dataHeader: JSON.stringify({ protocol: 'LOG', node: 'heplify-node' }),
    raw: 'call c1@host routed to SBC',
  },
];

/** homer-ui's search body (homer-ui-calls.md §4.4) for the given fields and window. */
export function uiSearchBody(
  fields: readonly { name: string; value: unknown; type?: string }[],
  window: { from: number; to: number } = WINDOW,
  key = '1_call',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    config: {
      protocol_id: { name: 'SIP', value: 1 },
      protocol_profile: { name: 'call', value: 'call' },
      searchbutton: false,
      title: 'CALL 2 SIP SEARCH',
    },
    param: {
      transaction: {},
      limit: 200,
      orlogic: false,
      search: {
        [key]: fields.map((f) => ({
          name: f.name,
          value: f.value,
          func: null,
          type: f.type ?? 'string',
          hepid: 1,
        })),
      },
      location: {},
      timezone: { value: -180, name: 'Local' },
      ...extra,
    },
    timestamp: window,
  };
}
