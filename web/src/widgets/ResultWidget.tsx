import { ResultsView } from './ResultsView.js';
import { DEFAULT_QUERY, useDashboardSearch } from './search-context.js';
import type { WidgetProps } from './types.js';

/**
 * The result grid of the dashboard: shows what the dashboard's search widgets last searched, and
 * before that the latest SIP calls in the range, as homer-ui's RESULT widget does.
 */
export function ResultWidget({ range }: WidgetProps) {
  const { query } = useDashboardSearch();
  return (
    <div className="result-widget">
      <ResultsView query={query ?? DEFAULT_QUERY} range={range} />
    </div>
  );
}
