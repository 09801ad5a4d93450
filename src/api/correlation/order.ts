import type { DataRow } from '../data/rows.js';

/** Time order by microsecond, then id, then table (stable for equal timestamps). */
export function sortByTime(rows: DataRow[]): DataRow[] {
  return rows.sort(
    (a, b) => a.createUs - b.createUs || a.id - b.id || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0),
  );
}

/**
 * Global de-duplication (global_settings `transaction`/`deduplicate` with `{"global": true}`):
 * the same message captured by several agents is stored once per capture id; keep the copies of the
 * first capture id that delivered a given `raw` and drop the others. Retransmissions seen by one
 * agent (same raw, same capture id) stay. Rows must be in time order.
 */
export function dedupeAcrossCaptureIds(rows: readonly DataRow[]): DataRow[] {
  const firstCapture = new Map<string, string>();
  return rows.filter((row) => {
    if (row.raw === '') return true;
    const key = `${row.table}\u0000${row.raw}`;
    const captureId = String(row.protocolHeader.captureId ?? '');
    const first = firstCapture.get(key);
    if (first === undefined) {
      firstCapture.set(key, captureId);
      return true;
    }
    return first === captureId;
  });
}
