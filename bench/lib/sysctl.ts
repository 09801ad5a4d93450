import { readFileSync, writeFileSync } from 'node:fs';

const RMEM_MAX = '/proc/sys/net/core/rmem_max';

/**
 * Raises net.core.rmem_max so the server's 32 MiB SO_RCVBUF request is granted (limits.md §1: the
 * default-sized buffer loses packets at 50 k pps). Returns a function that restores the old value,
 * or undefined when the value was already high enough or could not be changed (not root).
 */
export function raiseRmemMax(bytes: number): { before: number; after: number; restore?: () => void } {
  const before = Number(readFileSync(RMEM_MAX, 'utf8').trim());
  if (before >= bytes) return { before, after: before };
  try {
    writeFileSync(RMEM_MAX, String(bytes));
  } catch {
    return { before, after: before };
  }
  return {
    before,
    after: bytes,
    restore: () => {
      try {
        writeFileSync(RMEM_MAX, String(before));
      } catch {
        // Best effort: the report prints the value to set back by hand.
      }
    },
  };
}
