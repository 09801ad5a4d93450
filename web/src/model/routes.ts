/** The UI's paths (homer-ui's, without the Angular outlet syntax), parsed without a router library. */
export type Route =
  | { readonly page: 'login'; readonly returnUrl?: string }
  | { readonly page: 'dashboard'; readonly id: string }
  | { readonly page: 'search' }
  | { readonly page: 'transaction'; readonly search: string }
  | { readonly page: 'preference'; readonly id: string }
  | { readonly page: 'not-found'; readonly path: string };

export const HOME_PATH = '/dashboard/home';

function segment(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** A path and query string → route. `/` and `/dashboard` mean the home dashboard. */
export function parseRoute(pathname: string, search = ''): Route {
  const parts = pathname.split('/').filter((p) => p !== '');
  const [first, second, ...rest] = parts;
  if (rest.length > 0) return { page: 'not-found', path: pathname };
  switch (first) {
    case undefined:
      return { page: 'dashboard', id: 'home' };
    case 'login': {
      const returnUrl = new URLSearchParams(search).get('returnUrl') ?? undefined;
      return returnUrl !== undefined && isInternalPath(returnUrl)
        ? { page: 'login', returnUrl }
        : { page: 'login' };
    }
    case 'dashboard':
      return { page: 'dashboard', id: segment(second) ?? 'home' };
    case 'search':
      return second === undefined ? { page: 'search' } : { page: 'not-found', path: pathname };
    case 'transaction':
      return { page: 'transaction', search };
    case 'preference': {
      const id = segment(second);
      return id === undefined ? { page: 'preference', id: '' } : { page: 'preference', id };
    }
    default:
      return { page: 'not-found', path: pathname };
  }
}

/** A same-origin path (no scheme, no `//host`): a returnUrl must not send the user elsewhere. */
export function isInternalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}

/** The login path that brings the user back to `path` afterwards. */
export function loginPath(path: string): string {
  return path === '/' || path === '/login' || path.startsWith('/login?')
    ? '/login'
    : `/login?returnUrl=${encodeURIComponent(path)}`;
}

export function dashboardPath(id: string): string {
  return `/dashboard/${encodeURIComponent(id)}`;
}

export function preferencePath(id: string): string {
  return `/preference/${encodeURIComponent(id)}`;
}
