/**
 * A copy of `s` that does not keep a larger string alive. V8 makes a substring of 13 or more
 * characters a view of its parent, so a Call-ID or header value cut from a SIP message and kept as a
 * map key or label would keep the whole message in memory. Concatenating then slicing yields a view
 * of a fresh flat copy instead (the slice flattens the concatenation first). Costs a copy: for
 * values about to be kept, not for lookups.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : `${s} `.slice(0, -1);
}
