/**
 * InfluxDB line protocol (https://docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/):
 * `measurement,tag=v field=1i,text="x" <ns>`. Escaping differs per position, so each has its own
 * function.
 */

const escapeMeasurement = (s: string): string =>
  s.replace(/[,\s\\]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
const escapeKey = (s: string): string => s.replace(/[,=\s\\]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
const escapeString = (s: string): string => s.replace(/["\\]/g, (c) => `\\${c}`);

export type FieldValue = number | string | boolean | { readonly int: number };

/** One point; tags with empty values are left out (line protocol forbids empty tag values). */
export interface Point {
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, FieldValue | undefined>>;
  /** Nanoseconds since the epoch, as a bigint so microsecond timestamps stay exact. */
  readonly timeNs: bigint;
}

function formatField(value: FieldValue): string {
  if (typeof value === 'object') return `${Math.trunc(value.int)}i`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return `"${escapeString(value)}"`;
}

/** The line for `point`, or undefined when it has no field (a point needs at least one). */
export function formatPoint(point: Point): string | undefined {
  const tags = Object.keys(point.tags)
    .sort()
    .filter((k) => point.tags[k] !== '')
    .map((k) => `,${escapeKey(k)}=${escapeKey(point.tags[k] as string)}`)
    .join('');
  const fields = Object.entries(point.fields)
    .filter((entry): entry is [string, FieldValue] => entry[1] !== undefined)
    .map(([k, v]) => `${escapeKey(k)}=${formatField(v)}`)
    .join(',');
  if (fields === '') return undefined;
  return `${escapeMeasurement(point.measurement)}${tags} ${fields} ${point.timeNs}`;
}
