import { useEffect, useState } from 'react';
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
import { SipSearchForm } from '../widgets/SipSearchForm.js';
import type { SearchQuery } from '../widgets/search-context.js';

const PROFILE = '1_call';

interface OpenCall {
  readonly key: number;
  readonly title: string;
  readonly body: unknown;
}

/** SIP search (form from the profile's fields_mapping), the result grid and the call windows. */
export function SearchPage({ range }: { range: TimeRange }) {
  const [mapping, setMapping] = useState<MappingRow>();
  const [query, setQuery] = useState<SearchQuery>();
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
  const grid = useSavedColumns(PROFILE, mapping?.fields_mapping);

  // A new query, a new range (another preset, or an auto-refresh tick) runs the search.
  useEffect(() => {
    if (!query) return;
    let live = true;
    setBusy(true);
    setError(undefined);
    searchCallData(query.key, query.fields, range, query.limit, query.orlogic)
      .then(
        (r) => live && setReply(r),
        (err: Error) => live && setError(err.message),
      )
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [query, range]);

  const open = (rows: SearchRow[]): void => {
    if (rows.length === 0) return;
    const title =
      rows.length === 1 ? `Call ${String(rows[0]?.callid ?? rows[0]?.sid)}` : `${rows.length} calls`;
    setCalls((prev) => [...prev, { key: Date.now(), title, body: transactionBody(PROFILE, rows) }]);
  };

  return (
    <div className="search-page">
      {mapping ? (
        <SipSearchForm
          profileKey={PROFILE}
          mapping={mapping.fields_mapping}
          busy={busy}
          onSearch={(q) => setQuery({ ...q, serial: Date.now() })}
        />
      ) : (
        !error && <p>Loading search fields…</p>
      )}
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
