import { useEffect, useId, useState } from 'react';
import { widgetTitle } from '../dashboard/model/dashboard.js';
import { clockFace, clockZones, isTimeZone } from './model/clock.js';
import { SettingsForm } from './SettingsForm.js';
import type { WidgetProps } from './types.js';

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function ClockSettings({ widget, onConfigChange, onCloseSettings }: WidgetProps) {
  const [text, setText] = useState(clockZones(widget.config).join('\n'));
  const id = useId();
  const zones = text
    .split(/[\n,]/)
    .map((z) => z.trim())
    .filter((z) => z !== '');
  const invalid = zones.filter((z) => !isTimeZone(z));
  return (
    <SettingsForm
      title={widgetTitle(widget, 'World Clock')}
      onSave={(title) => {
        if (invalid.length > 0 || zones.length === 0) return;
        onConfigChange({ title, zones });
        onCloseSettings();
      }}
      onCancel={onCloseSettings}
    >
      <label htmlFor={`${id}-zones`}>
        Time zones, one per line (IANA names: UTC, Europe/Berlin, America/New_York)
      </label>
      <textarea
        id={`${id}-zones`}
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={invalid.length > 0}
      />
      {invalid.length > 0 && (
        <p role="alert" className="error">
          Unknown time zone: {invalid.join(', ')}
        </p>
      )}
    </SettingsForm>
  );
}

function Faces({ zones }: { zones: readonly string[] }) {
  const now = useNow();
  return (
    <ul className="clock-faces">
      {zones.map((zone) => {
        const face = clockFace(now, zone);
        return (
          <li key={zone}>
            <span className="clock-zone">
              {zone} <small>{face.offset}</small>
            </span>
            <time className="clock-time" dateTime={new Date(now).toISOString()}>
              {face.time}
            </time>
            <span className="clock-date">{face.date}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** A digital clock per time zone (homer-ui's World Clock; its single `location` is read too). */
export function ClockWidget(props: WidgetProps) {
  if (props.editing) return <ClockSettings {...props} />;
  return <Faces zones={clockZones(props.widget.config)} />;
}
