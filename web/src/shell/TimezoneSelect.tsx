import { useMemo } from 'react';
import { timeZoneNames } from '../model/time-format.js';

interface Props {
  readonly value: string;
  readonly onChange: (zone: string) => void;
  readonly loading: boolean;
  readonly saving: boolean;
  readonly error?: string;
}

/** The zone times are shown in, saved in user settings (`system/timezone`). */
export function TimezoneSelect({ value, onChange, loading, saving, error }: Props) {
  const names = useMemo(() => {
    const all = timeZoneNames();
    return all.includes(value) ? all : [value, ...all];
  }, [value]);
  return (
    <span className="tz">
      <select
        aria-label="Timezone"
        value={value}
        disabled={loading}
        onChange={(e) => onChange(e.target.value)}
        title={error ?? (saving ? 'Saving timezone…' : 'Timezone of displayed times')}
      >
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      {(loading || saving) && (
        <span role="status" className="muted">
          {loading ? 'loading…' : 'saving…'}
        </span>
      )}
      {error && (
        <span role="alert" className="error" title={error}>
          ⚠ timezone not saved
        </span>
      )}
    </span>
  );
}
