import { formatDateTime } from '../model/time-format.js';
import { colorForCallId } from '../model/colors.js';
import type { TransactionData } from '../model/ladder.js';

/** HEP payload types by name, as homer-ui's Messages tab shows them. */
const PAYLOAD_NAMES: Readonly<Record<number, string>> = {
  1: 'SIP',
  5: 'RTCP',
  34: 'RTP report',
  35: 'RTP report',
  38: 'SBC report',
  53: 'DNS',
  54: 'ISUP',
  100: 'LOG',
};

const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 6: 'TCP', 17: 'UDP', 132: 'SCTP' };

export interface MessageRow {
  /** Index in the reply's `messages` (ids repeat across tables, indexes do not). */
  readonly index: number;
  readonly id: number;
  readonly date: string;
  readonly time: string;
  readonly diff: string;
  readonly event: string;
  readonly size: number;
  readonly src: string;
  readonly sport: string;
  readonly dst: string;
  readonly dport: string;
  readonly proto: string;
  readonly type: string;
  readonly callId: string;
  readonly color: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` and `HH:MM:SS.mmmuuu` of a µs timestamp in the user's time zone (IANA name). */
export function formatMicros(microTs: number, timeZone = 'UTC'): { date: string; time: string } {
  const [date = '', time = ''] = formatDateTime(Math.floor(microTs / 1000), timeZone).split(' ');
  const micros = ((microTs % 1_000_000) + 1_000_000) % 1_000_000;
  return { date, time: `${time}.${pad(micros, 6)}` };
}

/** `+0.400000 s` style difference to the previous message (µs precision). */
export function formatDiff(deltaUs: number): string {
  return `+${(deltaUs / 1e6).toFixed(6)} s`;
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/**
 * The Messages tab's rows (Date, Time, Diff, Event, Size, Src, Sport, Dst, Dport, Proto, Type) in
 * time order. Event is the flow's method/status text; Diff is to the previous row.
 */
export function messageRows(data: TransactionData, timeZone = 'UTC'): MessageRow[] {
  const flow = data.calldata;
  const rows = data.messages.map((m, index) => {
    const item = flow[index];
    const micro = Number(m.micro_ts ?? Number(m.create_date) * 1000);
    const payload = Number(m.payloadType ?? String(m.profile ?? '').split('_')[0]);
    const protocol = Number(m.protocol ?? 17);
    const callId = text(m.callid ?? m.sid);
    return {
      index,
      id: Number(m.id),
      micro,
      event: text(item?.method_text ?? item?.method ?? m.method),
      size: text(m.raw).length,
      src: text(m.srcIp),
      sport: text(m.srcPort),
      dst: text(m.dstIp),
      dport: text(m.dstPort),
      proto: PROTOCOL_NAMES[protocol] ?? String(protocol),
      type: PAYLOAD_NAMES[payload] ?? `HEP ${payload}`,
      callId,
      color: colorForCallId(callId),
    };
  });
  rows.sort((a, b) => a.micro - b.micro || a.index - b.index);
  return rows.map(({ micro, ...row }, i) => ({
    ...row,
    ...formatMicros(micro, timeZone),
    diff: i === 0 ? '+0.000000 s' : formatDiff(micro - (rows[i - 1]?.micro ?? micro)),
  }));
}
