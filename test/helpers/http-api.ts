/** A client for a homer-ts started by a test (real HTTP), as scripts and the UI call it. */

export interface HttpReply {
  readonly status: number;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly contentType: string;
  readonly bytes: number;
}

export class HttpApi {
  /** Login token sent as `Authorization: Bearer` once set (by `login` or by the test). */
  token = '';

  constructor(readonly base: string) {}

  /** Calls `/api/v3{path}`. */
  async call(method: string, path: string, body?: unknown): Promise<HttpReply> {
    const res = await fetch(`${this.base}/api/v3${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const buffer = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? '';
    let json: unknown;
    if (buffer.length > 0 && contentType.includes('json')) json = JSON.parse(buffer.toString('utf8'));
    return { status: res.status, json, contentType, bytes: buffer.length };
  }

  post(path: string, body: unknown): Promise<HttpReply> {
    return this.call('POST', path, body);
  }

  /** Logs in and keeps the token; returns the login reply. */
  async login(username: string, password: string): Promise<HttpReply> {
    const reply = await this.post('/auth', { username, password, type: 'internal' });
    if (reply.status === 201) this.token = reply.json.token;
    return reply;
  }
}

/** The `call/transaction` body homer-ui sends (homer-ui-calls.md §4.5), also used by qos/log/exports. */
export function transactionRequest(
  callIds: readonly string[],
  window: { from: number; to: number },
  options: { key?: string; id?: number } = {},
): unknown {
  const key = options.key ?? '1_call';
  return {
    param: {
      transaction: { call: key.includes('call'), registration: key.includes('registration'), rest: false },
      limit: 200,
      orlogic: false,
      search: { [key]: { id: options.id ?? 1, callid: [...callIds] } },
      location: {},
      timezone: { value: 0, name: 'UTC' },
    },
    timestamp: window,
  };
}
