/**
 * Calls to services the API fronts (Prometheus, InfluxDB, HEPSUB agents) with homer-app's 10 s
 * client timeout. Failures become one `UpstreamError` with a message fit for the client: which
 * service, which host, what went wrong — never a stack or a body dump.
 */

export const UPSTREAM_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export class UpstreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamError';
  }
}

export interface UpstreamReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

/** Where a URL points, for messages (no credentials, no query). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

export async function callUpstream(
  what: string,
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  timeoutMs = UPSTREAM_TIMEOUT_MS,
): Promise<UpstreamReply> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const reason =
      (err as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : (cause ?? (err as Error).message);
    throw new UpstreamError(`${what} at ${describeUrl(url)} is unreachable: ${reason}`);
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > MAX_BODY_BYTES) throw new UpstreamError(`${what} answered more than 32 MB`);
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body };
}

/** Parses an upstream body as JSON or throws an UpstreamError naming the service. */
export function upstreamJson(what: string, reply: UpstreamReply): unknown {
  try {
    return JSON.parse(reply.body.toString('utf8')) as unknown;
  } catch {
    throw new UpstreamError(`${what} answered HTTP ${reply.status} without JSON`);
  }
}
