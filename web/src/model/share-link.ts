/**
 * Share links: the `call/transaction` request body travels in the URL (`/transaction?req=<base64url
 * JSON>&tab=<tab>`), so opening the link after login shows the same call window. No server state:
 * the link works on any homer-ts that holds the same data.
 */

export const SHARE_PATH = '/transaction';

/** The parts of a transaction request the link must carry for the server to accept it. */
export interface SharedRequest {
  readonly param: { readonly search: Readonly<Record<string, unknown>>; readonly [key: string]: unknown };
  readonly timestamp: { readonly from: number; readonly to: number };
  readonly [key: string]: unknown;
}

export interface SharedView {
  readonly request: SharedRequest;
  /** The tab to open, when the link names one. */
  readonly tab?: string;
  readonly title?: string;
}

export type DecodedShare =
  { readonly ok: true; readonly view: SharedView } | { readonly ok: false; readonly error: string };

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string {
  const b64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSharedRequest(value: unknown): value is SharedRequest {
  if (!isObject(value) || !isObject(value.param) || !isObject(value.timestamp)) return false;
  const { from, to } = value.timestamp;
  return (
    isObject(value.param.search) &&
    Object.keys(value.param.search).length > 0 &&
    typeof from === 'number' &&
    typeof to === 'number' &&
    Number.isFinite(from) &&
    Number.isFinite(to)
  );
}

/** The path (and query) of a link that reopens `view`; prefix it with the origin to share it. */
export function encodeShareLink(view: SharedView): string {
  const query = new URLSearchParams({ req: toBase64Url(JSON.stringify(view.request)) });
  if (view.tab) query.set('tab', view.tab);
  if (view.title) query.set('title', view.title);
  return `${SHARE_PATH}?${query.toString()}`;
}

/** Reads a share link's query string (`?req=…`); says what is wrong when it cannot. */
export function decodeShareLink(search: string): DecodedShare {
  const query = new URLSearchParams(search);
  const req = query.get('req');
  if (!req) return { ok: false, error: 'The link has no "req" parameter.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(req));
  } catch {
    return { ok: false, error: 'The link\'s "req" parameter is not base64url-encoded JSON.' };
  }
  if (!isSharedRequest(parsed))
    return { ok: false, error: "The link's request has no param.search or no timestamp from/to." };
  const tab = query.get('tab') ?? undefined;
  const title = query.get('title') ?? undefined;
  return { ok: true, view: { request: parsed, ...(tab ? { tab } : {}), ...(title ? { title } : {}) } };
}
