/**
 * Dot paths into a JSON payload, as a mapped protocol's field descriptors name them
 * (`callid`, `leg.a.callid`, `legs[0].callid`, `legs.0.callid`, optionally prefixed `$.`).
 * Compiled once per mapping load; reading is a walk over the segments, no allocation.
 */

/** One step: an object key or an array index. */
export type PathSegment = string | number;

/** At most this many segments: bounds the walk and rejects nonsense paths. */
const MAX_SEGMENTS = 16;
const SEGMENT_RE = /^([^.[\]]+)?((?:\[\d{1,6}\])*)$/;

/**
 * Parses a path into segments, or `undefined` when it is not a path we understand. A purely numeric
 * dot segment indexes an array when the value there is an array and is a key otherwise (see read).
 */
export function parseJsonPath(path: string): readonly PathSegment[] | undefined {
  let text = path.trim();
  if (text.startsWith('$.')) text = text.slice(2);
  else if (text === '$') return undefined;
  if (text === '') return undefined;
  const out: PathSegment[] = [];
  for (const part of text.split('.')) {
    const m = SEGMENT_RE.exec(part);
    if (m === null || (m[1] === undefined && m[2] === '')) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    for (const index of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
    if (out.length > MAX_SEGMENTS) return undefined;
  }
  return out;
}

/** The value at `path` in `root`, or `undefined` when any step is missing. */
export function readJsonPath(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    if (Array.isArray(value)) {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
      if (index < 0 || index >= value.length) return undefined;
      value = value[index] as unknown;
    } else {
      const key = String(segment);
      if (!Object.hasOwn(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
  }
  return value;
}
