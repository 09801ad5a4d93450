import { formatMicros } from './message-rows.js';

export interface DetailRow {
  readonly key: string;
  readonly value: string;
}

/** Fields holding epoch milliseconds / microseconds / seconds, shown as dates. */
const MS_FIELDS = new Set(['create_date', 'create_ts']);
const US_FIELDS = new Set(['micro_ts']);
const S_FIELDS = new Set(['timeSeconds']);

function formatted(key: string, value: unknown, timeZone: string): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (Number.isFinite(n) && n > 0) {
    const us = MS_FIELDS.has(key)
      ? n * 1000
      : US_FIELDS.has(key)
        ? n
        : S_FIELDS.has(key)
          ? n * 1e6
          : undefined;
    if (us !== undefined) {
      const { date, time } = formatMicros(us, timeZone);
      return `${date} ${time} ${timeZone} (${String(value)})`;
    }
  }
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Every protocol_header/data_header field of a message (the reply merges them into the row), sorted
 * by name, with times formatted; the raw payload is shown apart and left out.
 */
export function detailRows(message: Readonly<Record<string, unknown>>, timeZone = 'UTC'): DetailRow[] {
  return Object.keys(message)
    .filter((k) => k !== 'raw')
    .sort((a, b) => a.localeCompare(b))
    .map((key) => ({ key, value: formatted(key, message[key], timeZone) }));
}

/** The payload pretty-printed when it is JSON (RTCP, reports, events), else undefined. */
export function prettyJson(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return undefined;
  }
}
