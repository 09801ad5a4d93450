import ipaddr from 'ipaddr.js';

/**
 * Parses an allowed-address range for an API token: `a.b.c.d/n`, an IPv6 `x::/n`, or a bare
 * address (one host). Returns it as network/prefix (`10.1.2.3/8` becomes `10.0.0.0/8`), or
 * undefined when it is not a valid range. Only dotted-quad IPv4 is accepted, so `10/8` or `0x0a…`
 * (which inet_aton would read) are refused rather than guessed.
 */
export function normalizeCidr(text: string): string | undefined {
  const value = text.trim();
  if (value === '' || value.length > 64) return undefined;
  const withMask = value.includes('/') ? value : `${value}/${value.includes(':') ? 128 : 32}`;
  const v4 = ipaddr.IPv4.isValidCIDRFourPartDecimal(withMask);
  if (!v4 && !ipaddr.IPv6.isValidCIDR(withMask)) return undefined;
  const [address, prefix] = ipaddr.parseCIDR(withMask);
  const bits = address.kind() === 'ipv4' ? 32 : 128;
  const bytes = address.toByteArray();
  const network = bytes.map((byte, index) => {
    const keep = Math.max(0, Math.min(8, prefix - index * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return `${ipaddr.fromByteArray(network).toString()}/${Math.min(prefix, bits)}`;
}
