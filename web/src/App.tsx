import { useEffect, useState } from 'react';
import { onUnauthorized } from './api/client.js';
import { loadSession, saveSession, type Session } from './auth/session.js';
import { TIME_PRESETS, resolvePreset, type PresetId } from './model/time-range.js';
import { LoginPage } from './pages/LoginPage.js';

export function App() {
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const [preset, setPreset] = useState<PresetId>('last15m');

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
  const range = resolvePreset(preset, Date.now());
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
        <p>Dashboards arrive with issue 4.</p>
      </main>
    </div>
  );
}
