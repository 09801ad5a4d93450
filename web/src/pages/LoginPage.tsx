import { useEffect, useState, type FormEvent } from 'react';
import { fetchAuthMethods, login, type AuthMethod } from '../api/homer.js';
import { createSession, type Session } from '../auth/session.js';

/** Internal login; the method list comes from `auth/type/list` (a choice appears when several are on). */
export function LoginPage({ onLogin }: { onLogin: (session: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [methods, setMethods] = useState<AuthMethod[]>();
  const [methodsError, setMethodsError] = useState<string>();
  const [type, setType] = useState('internal');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetchAuthMethods().then(
      (list) => {
        setMethods(list);
        if (list[0] && !list.some((m) => m.type === 'internal')) setType(list[0].type);
      },
      (err: Error) => setMethodsError(err.message),
    );
  }, []);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const reply = await login(username, password, type);
      onLogin(createSession(reply.token, reply.user.username ?? username, reply.user.admin));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form onSubmit={(e) => void submit(e)} aria-label="Log in">
        <h1>homer-ts</h1>
        {!methods && !methodsError && (
          <p role="status" className="muted">
            Loading sign-in methods…
          </p>
        )}
        {methodsError && (
          <p role="alert" className="error">
            {methodsError} — signing in with internal users.
          </p>
        )}
        {methods && methods.length > 1 ? (
          <label>
            Sign-in method
            <select value={type} onChange={(e) => setType(e.target.value)}>
              {methods.map((m) => (
                <option key={m.type} value={m.type}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          methods && <p className="muted">Sign in with {methods[0]?.name ?? 'Internal'} user</p>
        )}
        <label>
          Username
          <input
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            required
            autoFocus
          />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
