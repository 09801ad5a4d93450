import type { z } from 'zod';
import { loadSession } from '../auth/session.js';
import { parseReply } from './schemas.js';

/** A failed API call, with the method, path and the server's message, shown as is to the user. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called on any 401: the session is over (expired or revoked), as homer-ui logs out. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function request(method: string, path: string, body?: unknown): Promise<Response> {
  const session = loadSession();
  const headers: Record<string, string> = {};
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v3${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (err) {
    throw new ApiRequestError(0, path, `${method} ${path}: server unreachable (${(err as Error).message})`);
  }
  if (res.status === 401 && path !== '/auth') for (const l of unauthorizedListeners) l();
  if (!res.ok) {
    let message = res.statusText;
    try {
      const json = (await res.json()) as { message?: string };
      if (json.message) message = json.message;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiRequestError(res.status, path, `${method} ${path} failed (${res.status}): ${message}`);
  }
  return res;
}

/**
 * Calls `/api/v3{path}` and returns the JSON reply checked against `schema`: a reply of the wrong
 * shape fails here, naming the call and the field, instead of deep inside a component.
 */
export async function apiCall<S extends z.ZodType>(
  method: string,
  path: string,
  schema: S,
  body?: unknown,
): Promise<z.infer<S>> {
  const res = await request(method, path, body);
  const call = `${method} ${path}`;
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ApiRequestError(res.status, path, `${call}: the reply is not JSON`);
  }
  try {
    return parseReply(call, schema, json);
  } catch (err) {
    throw new ApiRequestError(res.status, path, (err as Error).message);
  }
}

/** Calls `/api/v3{path}` and returns the reply as a Blob (pcap/text exports). */
export async function apiBlob(method: string, path: string, body?: unknown): Promise<Blob> {
  return (await request(method, path, body)).blob();
}
