import { fetchMappings, type MappingRow } from '../api/homer.js';

let cached: Promise<MappingRow[]> | undefined;

/**
 * The protocol mappings, fetched once per page load and shared by every widget (homer-ui does the
 * same); a failed fetch is not cached, so the next widget retries.
 */
export function loadMappings(): Promise<MappingRow[]> {
  cached ??= fetchMappings().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

export async function loadMapping(key: string): Promise<MappingRow> {
  const rows = await loadMappings();
  const found = rows.find((m) => `${m.hepid}_${m.profile}` === key);
  if (!found) throw new Error(`no field mapping for profile ${key} (GET /mapping/protocol)`);
  return found;
}
