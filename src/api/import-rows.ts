import { tableOf, type CaptureRow } from '../pipeline/row.js';
import type { RowWriter } from '../storage/types.js';
import type { RowImporter } from './deps.js';

/**
 * Writes imported rows (pcap import) table by table through the capture writer, so they get the
 * same partitions, row isolation and JSON as captured packets.
 */
export function createRowImporter(writer: RowWriter): RowImporter {
  return async (rows) => {
    const byTable = new Map<string, CaptureRow[]>();
    for (const row of rows) {
      const table = tableOf(row);
      let list = byTable.get(table);
      if (!list) byTable.set(table, (list = []));
      list.push(row);
    }
    let written = 0;
    let rejected = 0;
    for (const [table, list] of byTable) {
      const outcome = await writer.write(table, list);
      written += outcome.written;
      rejected += outcome.rejected.length;
    }
    return { written, rejected };
  };
}
