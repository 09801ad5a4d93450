import { isPresetId, type RangeChoice } from '../model/time-range.js';

const KEY = 'homer-ts.range';

/** The last range choice, kept across reloads like homer-ui's stored timerange. */
export function loadRangeChoice(): RangeChoice {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Record<string, unknown> | null;
    if (raw && typeof raw.preset === 'string' && isPresetId(raw.preset)) return { preset: raw.preset };
    if (raw && typeof raw.from === 'number' && typeof raw.to === 'number' && raw.from < raw.to)
      return { from: raw.from, to: raw.to };
  } catch {
    // unreadable: fall back to the default
  }
  return { preset: 'last1h' };
}

export function saveRangeChoice(choice: RangeChoice): void {
  localStorage.setItem(KEY, JSON.stringify(choice));
}
