import { useEffect, useRef, useState } from 'react';
import { formatDateTime, fromDateTimeInput, toDateTimeInput } from '../model/time-format.js';
import {
  TIME_PRESETS,
  absoluteRange,
  presetLabel,
  type RangeChoice,
  type TimeRange,
} from '../model/time-range.js';

interface Props {
  readonly choice: RangeChoice;
  readonly range: TimeRange;
  readonly timeZone: string;
  readonly onChange: (choice: RangeChoice) => void;
}

/** The top bar's range: a button showing it, opening presets and absolute from/to inputs. */
export function TimeRangePicker({ choice, range, timeZone, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string>();
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const label = presetLabel(choice);
  const shown = `${formatDateTime(range.from, timeZone)} → ${formatDateTime(range.to, timeZone)}`;

  useEffect(() => {
    if (!open) return;
    setFrom(toDateTimeInput(range.from, timeZone));
    setTo(toDateTimeInput(range.to, timeZone));
    setError(undefined);
    panel.current?.querySelector<HTMLElement>('button[aria-pressed="true"], button')?.focus();
    const outside = (e: MouseEvent): void => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !trigger.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
    // Only when opening: a refresh tick must not overwrite what the user is typing.
  }, [open]);

  const close = (): void => {
    setOpen(false);
    trigger.current?.focus();
  };
  const pick = (next: RangeChoice): void => {
    onChange(next);
    close();
  };
  const apply = (): void => {
    const result = absoluteRange(fromDateTimeInput(from, timeZone), fromDateTimeInput(to, timeZone));
    if (typeof result === 'string') setError(result);
    else pick(result);
  };

  return (
    <div className="range-picker">
      <button
        ref={trigger}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => (open ? close() : setOpen(true))}
        title={shown}
        data-testid="time-range"
      >
        {label ?? shown}
      </button>
      {open && (
        <div
          ref={panel}
          className="popover range-panel"
          role="dialog"
          aria-label="Time range"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <div className="presets" role="group" aria-label="Quick ranges">
            {TIME_PRESETS.map((p) => (
              <button
                key={p.id}
                aria-pressed={'preset' in choice && choice.preset === p.id}
                onClick={() => pick({ preset: p.id })}
              >
                {p.label}
              </button>
            ))}
          </div>
          <form
            className="absolute"
            aria-label="Absolute range"
            onSubmit={(e) => {
              e.preventDefault();
              apply();
            }}
          >
            <label>
              From
              <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label>
              To
              <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} />
            </label>
            <p className="hint">Times in {timeZone}</p>
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <button type="submit">Apply range</button>
          </form>
        </div>
      )}
    </div>
  );
}
