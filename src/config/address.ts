/** A listen address; `null` means the listener is disabled (empty setting). */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `host:port`, `[v6]:port` or `:port` (all interfaces). An empty string disables the
 * listener. Returns an error text instead of throwing so the config layer can name the setting.
 */
export function parseListenAddress(text: string): ListenAddress | null | { error: string } {
  const value = text.trim();
  if (value === '') return null;
  let host: string;
  let portText: string;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0 || value[close + 1] !== ':') return { error: `expected [ipv6]:port, got "${text}"` };
    host = value.slice(1, close);
    portText = value.slice(close + 2);
  } else {
    const colon = value.lastIndexOf(':');
    if (colon < 0) return { error: `expected host:port, got "${text}"` };
    host = value.slice(0, colon) || '0.0.0.0';
    portText = value.slice(colon + 1);
    if (host.includes(':')) return { error: `write IPv6 hosts in brackets, like [::]:9060; got "${text}"` };
  }
  if (!/^\d{1,5}$/.test(portText)) return { error: `port must be a number, got "${portText}"` };
  const port = Number(portText);
  if (port > 65535) return { error: `port must be 0..65535, got ${port}` };
  return { host, port };
}

export function formatListenAddress(address: ListenAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
