/**
 * How search widgets hand a query to the result widgets of the same dashboard (homer-ui does it
 * through a dashboard event and localStorage). The dashboard page provides it.
 */
import { createContext, useContext } from 'react';
import type { SearchField, SearchRow } from '../api/homer.js';

export interface SearchQuery {
  /** `<hepid>_<profile>`. */
  readonly key: string;
  readonly fields: readonly SearchField[];
  readonly limit: number;
  readonly orlogic: boolean;
  /** Bumped on every run, so the same query searched twice runs twice. */
  readonly serial: number;
}

export interface DashboardSearch {
  readonly query: SearchQuery | undefined;
  readonly run: (query: Omit<SearchQuery, 'serial'>) => void;
  /** Opens the calls of these rows in a call window. */
  readonly openCalls: (key: string, rows: SearchRow[]) => void;
}

export const SearchContext = createContext<DashboardSearch>({
  query: undefined,
  run: () => undefined,
  openCalls: () => undefined,
});

export function useDashboardSearch(): DashboardSearch {
  return useContext(SearchContext);
}

/** homer-ui's RESULT widget runs an empty search of the SIP call profile when nothing was searched yet. */
export const DEFAULT_QUERY: Omit<SearchQuery, 'serial'> = {
  key: '1_call',
  fields: [],
  limit: 200,
  orlogic: false,
};
