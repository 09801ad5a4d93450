import { formatDateTime } from './time-format.js';
import { colorForCallId } from './colors.js';

/** The parts of a `call/transaction` reply the ladder needs (homer-app shape). */
export interface TransactionData {
  readonly messages: readonly Record<string, unknown>[];
  readonly hosts: Readonly<Record<string, { host: string[]; position: number }>>;
  readonly calldata: readonly CallDataItem[];
  readonly alias: Readonly<Record<string, string>>;
}

export interface CallDataItem {
  readonly id: number;
  readonly sid: string;
  readonly srcId: string;
  readonly dstId: string;
  readonly method: string;
  readonly method_text?: string;
  readonly micro_ts: number;
  readonly create_date?: number;
  readonly table?: string;
  readonly [key: string]: unknown;
}

export interface LadderColumn {
  readonly id: string;
  readonly label: string;
  readonly x: number;
}

export type ArrowKind = 'request' | 'response' | 'rtcp' | 'log' | 'other';

export interface LadderArrow {
  readonly index: number;
  readonly id: number;
  /** Position in the reply's `calldata`/`messages` (row ids repeat across tables, this does not). */
  readonly messageIndex: number;
  readonly from: number;
  readonly to: number;
  readonly y: number;
  readonly label: string;
  readonly kind: ArrowKind;
  readonly color: string;
  readonly callId: string;
  readonly microTs: number;
  /** Milliseconds since the previous message (0 for the first). */
  readonly deltaMs: number;
  /** The message carries SDP (marker on the arrow). */
  readonly sdp: boolean;
}

export interface LadderLayout {
  readonly columns: readonly LadderColumn[];
  readonly arrows: readonly LadderArrow[];
  readonly width: number;
  readonly height: number;
}

export const LADDER = { columnWidth: 220, rowHeight: 44, top: 56, margin: 110 } as const;

function kindOf(method: string, table: string | undefined): ArrowKind {
  // The table says what a non-SIP row is even when its label is an event name (`producer.new`).
  if (table && /^hep_proto_100_/.test(table)) return 'log';
  if (table && /^hep_proto_(5|34|35)_/.test(table)) return 'rtcp';
  if (/^\d{3}$/.test(method)) return 'response';
  if (method === 'RTCP' || method === 'Report RTP') return 'rtcp';
  if (method === 'LOG') return 'log';
  if (/^[A-Z]+$/.test(method)) return 'request';
  return 'other';
}

/**
 * Ladder layout: one column per host in the reply's `position` order (alias as the label), one row
 * per message in time order, arrows colored per Call-ID. Pure, so it is unit-tested and the SVG
 * only draws what it returns (and only the visible rows of a long call).
 */
export function layoutLadder(data: TransactionData): LadderLayout {
  const hostIds = Object.entries(data.hosts)
    .sort((a, b) => a[1].position - b[1].position)
    .map(([id]) => id);
  const index = new Map<string, number>();
  const columns: LadderColumn[] = [];
  const column = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = columns.length;
      index.set(id, i);
      columns.push({ id, label: data.alias[id] ?? id, x: LADDER.margin + i * LADDER.columnWidth });
    }
    return i;
  };
  for (const id of hostIds) column(id);
  const sorted = data.calldata
    .map((item, messageIndex) => ({ item, messageIndex }))
    .sort((a, b) => a.item.micro_ts - b.item.micro_ts || a.item.id - b.item.id);
  const arrows: LadderArrow[] = sorted.map(({ item, messageIndex }, i) => {
    const previous = sorted[i - 1]?.item;
    const callId = item.sid;
    const message = data.messages[messageIndex];
    // messages and calldata are parallel in homer-app's reply; fall back to the id when they are not.
    const raw = String(
      (message && Number(message.id) === item.id
        ? message
        : data.messages.find((m) => Number(m.id) === item.id)
      )?.raw ?? '',
    );
    return {
      index: i,
      id: item.id,
      messageIndex,
      from: column(item.srcId),
      to: column(item.dstId),
      y: LADDER.top + i * LADDER.rowHeight,
      label: item.method_text || item.method,
      kind: kindOf(item.method, item.table),
      color: colorForCallId(callId),
      callId,
      microTs: item.micro_ts,
      deltaMs: previous ? (item.micro_ts - previous.micro_ts) / 1000 : 0,
      sdp: /\r?\nContent-Type:\s*application\/sdp/i.test(raw),
    };
  });
  return {
    columns,
    arrows,
    width: LADDER.margin * 2 + Math.max(0, columns.length - 1) * LADDER.columnWidth,
    height: LADDER.top + arrows.length * LADDER.rowHeight + 20,
  };
}

/** The badge an arrow carries: SDP offer/answer, an RTCP/RTP report or a log line. */
export function arrowMarker(arrow: LadderArrow): 'SDP' | 'RTCP' | 'LOG' | undefined {
  const marker =
    arrow.kind === 'rtcp' ? 'RTCP' : arrow.kind === 'log' ? 'LOG' : arrow.sdp ? 'SDP' : undefined;
  // An arrow already labelled RTCP or LOG needs no badge saying so again.
  return marker === arrow.label ? undefined : marker;
}

/** `HH:MM:SS.mmm` of an arrow in the user's time zone, as its time label. */
export function arrowTime(arrow: LadderArrow, timeZone = 'UTC'): string {
  return formatDateTime(Math.floor(arrow.microTs / 1000), timeZone, true).slice(11, 23);
}

/** The arrows whose rows intersect [scrollTop, scrollTop + viewport] (virtualised drawing). */
export function visibleArrows(
  layout: LadderLayout,
  scrollTop: number,
  viewport: number,
): readonly LadderArrow[] {
  const first = Math.max(0, Math.floor((scrollTop - LADDER.top) / LADDER.rowHeight) - 2);
  const last = Math.ceil((scrollTop + viewport - LADDER.top) / LADDER.rowHeight) + 2;
  return layout.arrows.slice(first, Math.max(first, last));
}
