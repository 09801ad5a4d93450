import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { transactionBody, type SearchRow } from '../api/homer.js';
import { loadSession } from '../auth/session.js';
import { CallWindow } from '../components/CallWindow.js';
import type { TimeRange } from '../model/time-range.js';
import {
  ResultsView,
  SearchContext,
  WIDGETS,
  type DashboardSearch,
  type SearchQuery,
} from '../widgets/index.js';
import { fetchDashboard, saveDashboard } from './api.js';
import { AddWidgetMenu } from './AddWidgetMenu.js';
import './dashboard.css';
import { DashboardGrid } from './DashboardGrid.js';
import { kindOf, type WidgetKind } from './model/catalogue.js';
import { addWidget, type Dashboard } from './model/dashboard.js';
import { SaveQueue, type SaveStatus } from './model/save-queue.js';
import { SaveIndicator } from './SaveIndicator.js';

export interface DashboardPageProps {
  readonly dashboardId: string;
  /** The top bar's time range, passed to every widget. */
  readonly range: TimeRange;
}

type Load =
  | { readonly state: 'loading' }
  | { readonly state: 'missing' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ready'; readonly owner: string };

interface OpenCall {
  readonly key: number;
  readonly title: string;
  readonly body: unknown;
}

/**
 * One dashboard (`/dashboard/:id`): its widgets on a grid the user edits (add from the catalogue,
 * drag or arrow keys to move, resize, remove), saved through `dashboard/store` shortly after each
 * change. Shared dashboards of other users are shown read-only.
 */
export function DashboardPage({ dashboardId, range }: DashboardPageProps) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [dashboard, setDashboard] = useState<Dashboard>();
  const [status, setStatus] = useState<SaveStatus>({ state: 'saved' });
  const [editing, setEditing] = useState<string>();
  const [query, setQuery] = useState<SearchQuery>();
  const [calls, setCalls] = useState<OpenCall[]>([]);
  const [attempt, setAttempt] = useState(0);

  const queue = useMemo(() => new SaveQueue<Dashboard>(saveDashboard, setStatus), []);
  useEffect(() => {
    const onLeave = (): void => void queue.flush();
    window.addEventListener('pagehide', onLeave);
    return () => {
      window.removeEventListener('pagehide', onLeave);
      void queue.flush();
    };
  }, [queue]);

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    setDashboard(undefined);
    setEditing(undefined);
    setQuery(undefined);
    // Save what is still waiting for the dashboard being left before showing the next one.
    void queue
      .flush()
      .then(() => fetchDashboard(dashboardId))
      .then(
        (found) => {
          if (!live) return;
          if (!found) return setLoad({ state: 'missing' });
          setDashboard(found.dashboard);
          setLoad({ state: 'ready', owner: found.owner });
        },
        (e: Error) => live && setLoad({ state: 'failed', message: e.message }),
      );
    return () => {
      live = false;
    };
  }, [dashboardId, attempt, queue]);

  const me = loadSession()?.username;
  const readOnly = load.state === 'ready' && load.owner !== '' && me !== undefined && load.owner !== me;

  const latest = useRef(dashboard);
  latest.current = dashboard;
  const change = useCallback(
    (edit: (d: Dashboard) => Dashboard): void => {
      const current = latest.current;
      if (!current || readOnly) return;
      const next = edit(current);
      if (next === current) return;
      latest.current = next;
      setDashboard(next);
      queue.schedule(next);
    },
    [queue, readOnly],
  );

  const add = (kind: WidgetKind): void => {
    const current = latest.current;
    if (!current) return;
    const next = addWidget(current, kind);
    change(() => next);
    const added = next.widgets[next.widgets.length - 1];
    if (added && WIDGETS[kind].settings) setEditing(added.id);
  };

  const search: DashboardSearch = useMemo(
    () => ({
      query,
      run: (q) => setQuery((prev) => ({ ...q, serial: (prev?.serial ?? 0) + 1 })),
      openCalls: (key: string, rows: SearchRow[]) => {
        if (rows.length === 0) return;
        const title =
          rows.length === 1 ? `Call ${String(rows[0]?.callid ?? rows[0]?.sid)}` : `${rows.length} calls`;
        setCalls((prev) => [...prev, { key: Date.now(), title, body: transactionBody(key, rows) }]);
      },
    }),
    [query],
  );

  if (load.state === 'loading') return <p className="muted">Loading dashboard {dashboardId}…</p>;
  if (load.state === 'failed') {
    return (
      <div role="alert" className="error">
        <p>{load.message}</p>
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          Retry
        </button>
      </div>
    );
  }
  if (load.state === 'missing' || !dashboard) {
    return <p role="alert">There is no dashboard “{dashboardId}”. Pick one from the dashboards menu.</p>;
  }

  const hasResultWidget = dashboard.widgets.some((w) => kindOf(w) === 'result');
  return (
    <SearchContext.Provider value={search}>
      <div className="dashboard">
        <div className="dashboard-toolbar">
          <h1>{dashboard.name}</h1>
          {readOnly ? (
            <span className="muted">Shared by {load.owner} (read-only)</span>
          ) : (
            <>
              <AddWidgetMenu onAdd={add} />
              <SaveIndicator status={status} onRetry={() => void queue.retry()} />
            </>
          )}
        </div>
        {dashboard.widgets.length === 0 && <p className="muted">This dashboard is empty: add a widget.</p>}
        <DashboardGrid
          dashboard={dashboard}
          range={range}
          readOnly={readOnly}
          editing={editing}
          onEditing={setEditing}
          onChange={change}
        />
        {query && !hasResultWidget && (
          <section className="dashboard-results" aria-label="Results">
            <header>
              <h2>Results</h2>
              <button type="button" onClick={() => setQuery(undefined)}>
                Close results
              </button>
            </header>
            <ResultsView query={query} range={range} />
          </section>
        )}
      </div>
      {calls.map((c) => (
        <CallWindow
          key={c.key}
          title={c.title}
          body={c.body}
          onClose={() => setCalls((prev) => prev.filter((x) => x !== c))}
        />
      ))}
    </SearchContext.Provider>
  );
}
