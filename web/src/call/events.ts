import { colorForCallId } from '../model/colors.js';
import type { TransactionData } from '../model/ladder.js';
import { formatMicros } from './message-rows.js';

/** One JSON event (Janus, mediasoup, an application's event handler) of the call. */
export interface CallEvent {
  readonly id: number;
  /** Epoch ms. */
  readonly t: number;
  readonly time: string;
  readonly source: string;
  readonly event: string;
  /** The event's JSON, pretty-printed. */
  readonly detail: string;
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function eventName(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'object' || first === null) return undefined;
  const e = (first as Record<string, unknown>).event;
  if (typeof e === 'string' && e !== '') return e;
  if (typeof e === 'object' && e !== null) {
    const inner = e as Record<string, unknown>;
    const name = inner.name ?? inner.event;
    return typeof name === 'string' ? name : 'event';
  }
  return undefined;
}

/**
 * The Events tab: LOG rows (HEP 100) whose payload is JSON with an `event` — the decoder names it
 * in data_header (`event`, `source`: janus/mediasoup), read from the JSON when it did not. Plain
 * text logs stay in the Logs tab. Time order.
 */
export function callEvents(
  logs: readonly Readonly<Record<string, unknown>>[],
  timeZone = 'UTC',
): CallEvent[] {
  const events: CallEvent[] = [];
  for (const row of logs) {
    const raw = String(row.raw ?? '');
    const json = parse(raw);
    if (json === undefined) continue;
    const name = typeof row.event === 'string' && row.event !== '' ? row.event : eventName(json);
    if (name === undefined) continue;
    const t = Number(row.create_date);
    const { time } = formatMicros(t * 1000, timeZone);
    events.push({
      id: Number(row.id),
      t,
      time,
      source: typeof row.source === 'string' ? row.source : 'json',
      event: name,
      detail: JSON.stringify(json, null, 2),
    });
  }
  return events.sort((a, b) => a.t - b.t || a.id - b.id);
}

export type TimelineRow =
  | {
      readonly kind: 'sip';
      readonly key: string;
      readonly t: number;
      readonly time: string;
      readonly label: string;
      readonly color: string;
    }
  | {
      readonly kind: 'event';
      readonly key: string;
      readonly t: number;
      readonly time: string;
      readonly label: string;
      readonly source: string;
      readonly detail: string;
    };

/** SIP messages of the flow (not its LOG/RTCP rows) and the events, merged in time order. */
export function timeline(
  data: TransactionData,
  events: readonly CallEvent[],
  timeZone = 'UTC',
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  data.calldata.forEach((c, i) => {
    if (/^(LOG|RTCP|Report RTP)$/.test(c.method)) return;
    const t = c.micro_ts / 1000;
    rows.push({
      kind: 'sip',
      key: `s${i}`,
      t,
      time: formatMicros(c.micro_ts, timeZone).time,
      label: c.method_text || c.method,
      color: colorForCallId(c.sid),
    });
  });
  for (const e of events)
    rows.push({
      kind: 'event',
      key: `e${e.id}-${e.t}`,
      t: e.t,
      time: e.time,
      label: e.event,
      source: e.source,
      detail: e.detail,
    });
  // Stable sort: at the same millisecond SIP stays before the event it caused.
  return rows.sort((a, b) => a.t - b.t);
}
