/** The logged-in user, kept in localStorage like homer-ui's `currentUser`. */
export interface Session {
  readonly token: string;
  readonly username: string;
  readonly admin: boolean;
  /** JWT expiry, epoch seconds. */
  readonly exp: number;
}

const KEY = 'homer-ts.session';

function decodeExp(token: string): number {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: number;
    };
    return typeof payload.exp === 'number' ? payload.exp : 0;
  } catch {
    return 0;
  }
}

export function createSession(token: string, username: string, admin: boolean): Session {
  return { token, username, admin, exp: decodeExp(token) };
}

/** The stored session, or undefined when there is none or it has expired. */
export function loadSession(now = Date.now()): Session | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    return session.exp * 1000 > now ? session : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}
