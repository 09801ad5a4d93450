/**
 * A capture row ready for storage: one row of `hep_proto_{hepid}_{profile}` in heplify-server's
 * schema (reference/capture-servers.md §2–3). JSON columns are pre-serialised so the key order
 * matches heplify-server byte for byte and the writer does no extra work.
 */
export interface CaptureRow {
  readonly hepid: number;
  readonly profile: string;
  readonly sid: string;
  /** Timestamp split in whole seconds and microseconds: JS Date only has milliseconds. */
  readonly timeSeconds: number;
  readonly timeUseconds: number;
  /** JSON text of protocol_header. */
  readonly protocolHeader: string;
  /** JSON text of data_header. */
  readonly dataHeader: string;
  /** Payload as text, valid UTF-8 without NUL bytes (PostgreSQL text cannot hold NUL). */
  readonly raw: string;
}

/** The table a row belongs to: `hep_proto_{hepid}_{profile}`. */
export function tableOf(row: Pick<CaptureRow, 'hepid' | 'profile'>): string {
  return `hep_proto_${row.hepid}_${row.profile}`;
}
