import { useEffect, useState } from 'react';
import { onUnauthorized } from './api/client.js';
import { loadSession, saveSession, type Session } from './auth/session.js';
import { HOME_PATH, loginPath, parseRoute } from './model/routes.js';
import { LoginPage } from './pages/LoginPage.js';
import { navigate, useLocation } from './shell/router.js';
import { Shell } from './shell/Shell.js';

/** Login gate and routing: `/login`, `/dashboard/:id`, `/search`, `/transaction`, `/preference/:page`. */
export function App() {
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const { pathname, search } = useLocation();
  const route = parseRoute(pathname, search);

  const logout = (): void => {
    saveSession(undefined);
    setSession(undefined);
  };
  useEffect(() => onUnauthorized(logout), []);

  // Logged out anywhere → /login, remembering where to come back; logged in on /login → onwards.
  const redirect = !session
    ? route.page === 'login'
      ? undefined
      : loginPath(pathname + search)
    : route.page === 'login'
      ? (route.returnUrl ?? HOME_PATH)
      : pathname === '/'
        ? HOME_PATH
        : undefined;
  useEffect(() => {
    if (redirect) navigate(redirect, true);
  }, [redirect]);

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
  if (route.page === 'login') return null;
  return <Shell session={session} route={route} onLogout={logout} />;
}
