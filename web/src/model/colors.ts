/** A stable, readable color per Call-ID, so every row and arrow of one call has the same color. */
export function colorForCallId(callId: string): string {
  let hash = 2166136261;
  for (let i = 0; i < callId.length; i++) {
    hash ^= callId.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  const hue = (hash >>> 0) % 360;
  return `hsl(${hue} 65% 38%)`;
}
