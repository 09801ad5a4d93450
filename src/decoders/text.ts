/**
 * Payload bytes → text that a PostgreSQL `text`/`varchar` column accepts.
 *
 * PostgreSQL text cannot hold U+0000 and must be valid UTF-8. heplify-server removes invalid bytes
 * and NULs (capture-servers.md §1.2). We decode with `Buffer#toString('utf8')`, which replaces each
 * invalid sequence with U+FFFD (WHATWG "maximal subpart" rule) instead of dropping it: the result is
 * equally storable, keeps a visible trace that the sender put bad bytes there, and costs nothing
 * extra. NUL bytes are then removed. A NUL byte can only ever decode to U+0000 (UTF-8 never uses
 * 0x00 inside a multi-byte sequence), so a byte search decides whether the slower path is needed.
 */
export function payloadText(payload: Buffer): string {
  // No arguments: Node's toString then skips its encoding/range handling (UTF-8 is the default).
  const text = payload.toString();
  // Fast path: a native memchr over the bytes is far cheaper than scanning the string.
  if (payload.indexOf(0) === -1) return text;
  return text.replaceAll('\u0000', '');
}
