/**
 * `timestamptz` literals with exact microseconds. JS `Date` only keeps milliseconds, and HEP carries
 * seconds plus microseconds (chunks 0x0009/0x000a), so the fraction is formatted from the integer
 * microseconds rather than from a Date.
 *
 * Every literal ends in `+00`: PostgreSQL then reads it as UTC whatever the session `TimeZone` is.
 * (heplify-server writes zone-less partition bounds, which a non-UTC session shifts.)
 */

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : String(n);
}

function pad6(n: number): string {
  const s = String(n);
  return s.length >= 6 ? s : '000000'.slice(s.length) + s;
}

/** `YYYY-MM-DD HH:MM:SS` of a whole UTC second (no zone suffix). */
export function formatUtcSecond(sec: number): string {
  const d = new Date(sec * 1000);
  return (
    `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
}

/**
 * Splits a (seconds, microseconds) pair into a normalised one: HEP's microsecond chunk is a full
 * uint32, so values of 1,000,000 and more carry into the seconds (as Go's `time.Unix` does).
 */
function normalise(sec: number, usec: number): [number, number] {
  if (usec >= 0 && usec < 1_000_000) return [sec, usec];
  const carry = Math.floor(usec / 1_000_000);
  return [sec + carry, usec - carry * 1_000_000];
}

/** `'2026-11-26 15:41:00.123456+00'` for the given UTC seconds and microseconds. */
export function formatTimestamptz(sec: number, usec: number): string {
  const [s, us] = normalise(sec, usec);
  return `${formatUtcSecond(s)}.${pad6(us)}+00`;
}

export type TimestampFormatter = (sec: number, usec: number) => string;

/**
 * A `formatTimestamptz` that remembers the date-and-time part of the last second it formatted.
 * Capture rows arrive in time order, so nearly every row of a batch hits the cache and costs one
 * string concatenation. One formatter per writer: the cache is instance state, not module state.
 */
export function createTimestampFormatter(): TimestampFormatter {
  let lastSec = Number.NaN;
  let lastPrefix = '';
  return (sec: number, usec: number): string => {
    const [s, us] = normalise(sec, usec);
    if (s !== lastSec) {
      lastSec = s;
      lastPrefix = formatUtcSecond(s);
    }
    return `${lastPrefix}.${pad6(us)}+00`;
  };
}

/** Milliseconds since the epoch of a (seconds, microseconds) pair, rounded down. */
export function epochMs(sec: number, usec: number): number {
  return sec * 1000 + Math.floor(usec / 1000);
}

/** `'YYYY-MM-DD HH:MM:SS+00'` for a whole-second instant in ms (partition bounds). */
export function formatBoundMs(ms: number): string {
  return `${formatUtcSecond(Math.floor(ms / 1000))}+00`;
}
