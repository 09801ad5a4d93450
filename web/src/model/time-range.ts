/** Time range presets of the top bar (homer-ui's list), resolved to epoch milliseconds. */
export const TIME_PRESETS = [
  { id: 'last5m', label: 'Last 5 minutes' },
  { id: 'last15m', label: 'Last 15 minutes' },
  { id: 'last30m', label: 'Last 30 minutes' },
  { id: 'last1h', label: 'Last 1 hour' },
  { id: 'last3h', label: 'Last 3 hours' },
  { id: 'last6h', label: 'Last 6 hours' },
  { id: 'last12h', label: 'Last 12 hours' },
  { id: 'last24h', label: 'Last 24 hours' },
  { id: 'today', label: 'Today' },
  { id: 'yesterday', label: 'Yesterday' },
  { id: 'last7d', label: 'Last 7 days' },
] as const;

export type PresetId = (typeof TIME_PRESETS)[number]['id'];

export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

const MINUTE = 60_000;
const RELATIVE: Partial<Record<PresetId, number>> = {
  last5m: 5 * MINUTE,
  last15m: 15 * MINUTE,
  last30m: 30 * MINUTE,
  last1h: 60 * MINUTE,
  last3h: 180 * MINUTE,
  last6h: 360 * MINUTE,
  last12h: 720 * MINUTE,
  last24h: 1440 * MINUTE,
  last7d: 7 * 1440 * MINUTE,
};

/** Start of the day containing `ms` in a zone given as minutes east of UTC. */
function startOfDay(ms: number, offsetMinutes: number): number {
  const local = ms + offsetMinutes * MINUTE;
  return local - (local % (1440 * MINUTE)) - offsetMinutes * MINUTE;
}

/**
 * Resolves a preset at `now`. "Today"/"Yesterday" follow the user's zone (`offsetMinutes` east of
 * UTC), not the browser's: homer-ui mixed the two (homer-app #391).
 */
export function resolvePreset(id: PresetId, now: number, offsetMinutes = 0): TimeRange {
  const span = RELATIVE[id];
  if (span !== undefined) return { from: now - span, to: now };
  const today = startOfDay(now, offsetMinutes);
  if (id === 'today') return { from: today, to: today + 1440 * MINUTE - 1 };
  return { from: today - 1440 * MINUTE, to: today - 1 };
}

/** The top bar's choice: a preset (re-resolved on every refresh) or a fixed absolute range. */
export type RangeChoice = { readonly preset: PresetId } | { readonly from: number; readonly to: number };

export function isPresetId(value: string): value is PresetId {
  return TIME_PRESETS.some((p) => p.id === value);
}

/** The range of a choice at `now`; `offsetMinutes` (east of UTC) places Today/Yesterday. */
export function resolveChoice(choice: RangeChoice, now: number, offsetMinutes = 0): TimeRange {
  return 'preset' in choice ? resolvePreset(choice.preset, now, offsetMinutes) : choice;
}

/** The label of a choice: the preset's name, or undefined for an absolute range (shown as dates). */
export function presetLabel(choice: RangeChoice): string | undefined {
  return 'preset' in choice ? TIME_PRESETS.find((p) => p.id === choice.preset)?.label : undefined;
}

/**
 * An absolute range from the picker's inputs, or the reason it is not one. Both ends are required
 * and `from` must be earlier, so a search never runs over an empty or inverted window.
 */
export function absoluteRange(from: number | undefined, to: number | undefined): TimeRange | string {
  if (from === undefined) return 'From is not a date';
  if (to === undefined) return 'To is not a date';
  if (from >= to) return 'From must be before To';
  return { from, to };
}

/** Auto-refresh intervals of the top bar, in milliseconds (0 = off). */
export const REFRESH_INTERVALS = [
  { ms: 0, label: 'Off' },
  { ms: 5_000, label: '5 s' },
  { ms: 10_000, label: '10 s' },
  { ms: 30_000, label: '30 s' },
  { ms: 60_000, label: '1 min' },
  { ms: 300_000, label: '5 min' },
] as const;
