import { REFRESH_INTERVALS } from '../model/time-range.js';

/** Auto-refresh: every tick re-resolves a relative range so pages load the newest data. */
export function RefreshSelect({ value, onChange }: { value: number; onChange: (ms: number) => void }) {
  return (
    <select aria-label="Auto-refresh" value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {REFRESH_INTERVALS.map((r) => (
        <option key={r.ms} value={r.ms}>
          {r.ms === 0 ? 'Refresh: off' : `Refresh: ${r.label}`}
        </option>
      ))}
    </select>
  );
}
