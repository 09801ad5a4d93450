import { searchCallData } from '../api/homer.js';
import { ResultGrid } from '../components/ResultGrid.js';
import { useSavedColumns } from '../components/use-saved-columns.js';
import type { TimeRange } from '../model/time-range.js';
import { loadMapping } from './mappings.js';
import { useDashboardSearch, type SearchQuery } from './search-context.js';
import { useAsync } from './useAsync.js';

/**
 * Runs a query over the range and shows the rows in the result grid: columns from fields_mapping
 * with the user's saved column choice (the same setting as the search page's grid).
 */
export function ResultsView({
  query,
  range,
}: {
  query: Omit<SearchQuery, 'serial'> & { serial?: number };
  range: TimeRange;
}) {
  const { openCalls } = useDashboardSearch();
  const mapping = useAsync(() => loadMapping(query.key), [query.key]);
  const grid = useSavedColumns(
    query.key,
    mapping.state === 'done' ? mapping.value.fields_mapping : undefined,
  );
  const reply = useAsync(
    () => searchCallData(query.key, query.fields, range, query.limit, query.orlogic),
    [query.serial, query.key, JSON.stringify(query.fields), query.limit, query.orlogic, range.from, range.to],
  );
  const failed = [mapping, reply].flatMap((r) => (r.state === 'failed' ? [r.message] : []));
  if (grid.error) failed.push(grid.error);
  if (failed.length > 0) {
    return (
      <div role="alert" className="error">
        {failed.map((m) => (
          <p key={m}>{m}</p>
        ))}
      </div>
    );
  }
  if (mapping.state !== 'done' || reply.state !== 'done') return <p className="muted">Searching…</p>;
  return (
    <ResultGrid
      columns={grid.columns}
      rows={reply.value.data}
      total={reply.value.total}
      totalCapped={reply.value.totalCapped}
      onOpen={(rows) => openCalls(query.key, rows)}
      onColumnsChange={grid.save}
    />
  );
}
