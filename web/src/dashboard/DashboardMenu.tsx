import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { loadSession } from '../auth/session.js';
import { deleteDashboard, listDashboards, saveDashboard, type DashboardEntry } from './api.js';
import { dashboardIdFor, newDashboard } from './model/dashboard.js';
import './dashboard.css';

export interface DashboardMenuProps {
  /** The dashboard shown now (highlighted; the one "Delete" removes). */
  readonly currentId: string;
  /** Show another dashboard (the caller routes to `/dashboard/:id`). */
  readonly onNavigate: (id: string) => void;
}

type Mode = 'list' | 'create' | 'confirm-delete';

/**
 * The top bar's dashboards menu (`dashboard/info`: own and shared dashboards), with "New dashboard"
 * and "Delete this dashboard". Links are real `/dashboard/:id` hrefs, so they open in a new tab too.
 */
export function DashboardMenu({ currentId, onNavigate }: DashboardMenuProps) {
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<Mode>('list');
  const [entries, setEntries] = useState<DashboardEntry[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();

  const refresh = useCallback((): Promise<void> => {
    setError(undefined);
    return listDashboards().then(setEntries, (e: Error) => setError(e.message));
  }, []);
  useEffect(() => void refresh(), [refresh]);
  useEffect(() => {
    if (open) void refresh();
  }, [open, refresh]);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent): void => {
      if (!panel.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const current = entries?.find((e) => e.id === currentId);
  const me = loadSession()?.username;
  const canDelete =
    current !== undefined && currentId !== 'home' && (current.owner === '' || current.owner === me);

  const close = (): void => {
    setOpen(false);
    setMode('list');
    button.current?.focus();
  };
  const go = (target: string): void => {
    close();
    onNavigate(target);
  };
  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const title = name.trim();
    if (title === '') return;
    setBusy(true);
    setError(undefined);
    try {
      const taken = new Set((entries ?? []).map((d) => d.id));
      const dashboard = newDashboard(dashboardIdFor(title, taken), title);
      await saveDashboard(dashboard);
      setName('');
      await refresh();
      go(dashboard.id);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await deleteDashboard(currentId);
      await refresh();
      go('home');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') close();
  };

  return (
    <div className="menu-anchor dashboard-menu">
      <button
        ref={button}
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Dashboard: {current?.name ?? currentId} ▾
      </button>
      {open && (
        <div ref={panel} id={`${id}-panel`} className="menu" onKeyDown={onKeyDown}>
          {!entries && !error && <p className="muted">Loading dashboards…</p>}
          {entries && (
            <nav aria-label="Dashboards">
              <ul>
                {entries.map((d) => (
                  <li key={d.id}>
                    <a
                      href={`/dashboard/${encodeURIComponent(d.id)}`}
                      aria-current={d.id === currentId ? 'page' : undefined}
                      onClick={(e) => {
                        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
                        e.preventDefault();
                        go(d.id);
                      }}
                    >
                      {d.name}
                      {d.shared && <small> shared{d.owner && d.owner !== me ? ` by ${d.owner}` : ''}</small>}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {mode === 'create' ? (
            <form onSubmit={(e) => void create(e)} className="menu-form">
              <label htmlFor={`${id}-name`}>New dashboard name</label>
              <input
                id={`${id}-name`}
                value={name}
                onChange={(e) => setName(e.target.value)}
                autoFocus
                required
              />
              <button type="submit" disabled={busy || name.trim() === ''}>
                {busy ? 'Creating…' : 'Create'}
              </button>
              <button type="button" onClick={() => setMode('list')}>
                Cancel
              </button>
            </form>
          ) : mode === 'confirm-delete' ? (
            <div className="menu-form">
              <p>Delete “{current?.name ?? currentId}” and its widgets?</p>
              <button type="button" onClick={() => void remove()} disabled={busy} autoFocus>
                {busy ? 'Deleting…' : 'Delete'}
              </button>
              <button type="button" onClick={() => setMode('list')}>
                Cancel
              </button>
            </div>
          ) : (
            <div className="menu-actions">
              <button type="button" onClick={() => setMode('create')}>
                New dashboard…
              </button>
              {canDelete && (
                <button type="button" onClick={() => setMode('confirm-delete')}>
                  Delete this dashboard…
                </button>
              )}
            </div>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
