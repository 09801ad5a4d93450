import { useEffect, useMemo, useState } from 'react';
import { onUnauthorized } from './api/client.js';
import { loadSession, saveSession, type Session } from './auth/session.js';
import { TIME_PRESETS, resolvePreset, type PresetId } from './model/time-range.js';
import { LoginPage } from './pages/LoginPage.js';
import { SearchPage } from './pages/SearchPage.js';

export function App() {
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const [preset, setPreset] = useState<PresetId>('last1h');
  // The range is fixed when the preset changes (not on every render), so a search is repeatable.
  const now = useMemo(() => Date.now(), [preset]);

  useEffect(
    () =>
      onUnauthorized(() => {
        saveSession(undefined);
        setSession(undefined);
      }),
    [],
  );

  if (!session) {
    return (
      <LoginPage
        onLogin={(s) => {
          saveSession(s);
          setSession(s);
        }}
      />
    );
  }
  const range = resolvePreset(preset, now);
  return (
    <div className="shell">
      <header className="topbar">
        <strong>homer-ts</strong>
        <label>
          Time range{' '}
          <select value={preset} onChange={(e) => setPreset(e.target.value as PresetId)}>
            {TIME_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <span className="range">
          {new Date(range.from).toISOString()} → {new Date(range.to).toISOString()}
        </span>
        <span className="user">{session.username}</span>
        <button
          onClick={() => {
            saveSession(undefined);
            setSession(undefined);
          }}
        >
          Log out
        </button>
      </header>
      <main className="content">
        <SearchPage range={range} />
      </main>
    </div>
  );
}
