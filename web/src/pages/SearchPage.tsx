import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  fetchMappings,
  searchCallData,
  transactionBody,
  type MappingRow,
  type SearchReply,
  type SearchRow,
} from '../api/homer.js';
import { CallWindow } from '../components/CallWindow.js';
import { ResultGrid } from '../components/ResultGrid.js';
import { useSavedColumns } from '../components/use-saved-columns.js';
import type { TimeRange } from '../model/time-range.js';

const PROFILE = '1_call';

interface OpenCall {
  readonly key: number;
  readonly title: string;
  readonly body: unknown;
}

/** SIP search (form from the profile's fields_mapping), the result grid and the call windows. */
export function SearchPage({ range }: { range: TimeRange }) {
  const [mapping, setMapping] = useState<MappingRow>();
  const [values, setValues] = useState<Record<string, string>>({});
  const [limit, setLimit] = useState(200);
  const [reply, setReply] = useState<SearchReply>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [calls, setCalls] = useState<OpenCall[]>([]);

  useEffect(() => {
    fetchMappings().then(
      (rows) => setMapping(rows.find((m) => `${m.hepid}_${m.profile}` === PROFILE)),
      (e: Error) => setError(e.message),
    );
  }, []);

  const formFields = useMemo(
    () =>
      (mapping?.fields_mapping ?? []).filter(
        (f) => !f.skip && !f.system_param && !f.profile && f.form_type !== 'smart-input' && f.id !== 'raw',
      ),
    [mapping],
  );
  const grid = useSavedColumns(PROFILE, mapping?.fields_mapping);

  async function search(event?: FormEvent): Promise<void> {
    event?.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const fields = formFields
        .filter((f) => (values[f.id] ?? '').trim() !== '')
        .map((f) => ({ name: f.id, value: (values[f.id] as string).trim(), type: f.type ?? 'string' }));
      setReply(await searchCallData(PROFILE, fields, range, limit));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  // A new range (another preset, or an auto-refresh tick) runs the last search again.
  const searched = useRef(false);
  if (reply) searched.current = true;
  const rerun = useRef(search);
  rerun.current = search;
  useEffect(() => {
    if (searched.current) void rerun.current();
  }, [range]);

  const open = (rows: SearchRow[]): void => {
    if (rows.length === 0) return;
    const title =
      rows.length === 1 ? `Call ${String(rows[0]?.callid ?? rows[0]?.sid)}` : `${rows.length} calls`;
    setCalls((prev) => [...prev, { key: Date.now(), title, body: transactionBody(PROFILE, rows) }]);
  };

  return (
    <div className="search-page">
      <form className="search-form" onSubmit={(e) => void search(e)} aria-label="SIP search">
        {!mapping && !error && <p>Loading search fields…</p>}
        {formFields.map((f) => (
          <label key={f.id}>
            {f.name ?? f.id}
            <input
              name={f.id}
              value={values[f.id] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f.id]: e.target.value }))}
            />
          </label>
        ))}
        <label>
          Limit
          <input
            type="number"
            min={1}
            max={100000}
            value={limit}
            onChange={(e) => setLimit(Number(e.target.value))}
          />
        </label>
        <button type="submit" disabled={busy || !mapping}>
          {busy ? 'Searching…' : 'Search'}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {grid.error && (
        <p role="alert" className="error">
          {grid.error}
        </p>
      )}
      {reply && (
        <ResultGrid
          columns={grid.columns}
          rows={reply.data}
          total={reply.total}
          totalCapped={reply.totalCapped}
          onOpen={open}
          onColumnsChange={grid.save}
        />
      )}
      {calls.map((c) => (
        <CallWindow
          key={c.key}
          title={c.title}
          body={c.body}
          onClose={() => setCalls((prev) => prev.filter((x) => x !== c))}
        />
      ))}
    </div>
  );
}
