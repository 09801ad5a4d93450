import { useId, useMemo, useState, type FormEvent } from 'react';
import type { FieldMapping } from '../model/grid-columns.js';
import { formFields, searchEntries } from './model/search-fields.js';
import type { SearchQuery } from './search-context.js';

export interface SipSearchFormProps {
  /** `<hepid>_<profile>`. */
  readonly profileKey: string;
  readonly mapping: readonly FieldMapping[];
  /** A homer-ui widget's chosen fields (`config.fields`); all searchable fields when absent. */
  readonly chosen?: readonly { readonly field_name?: unknown }[];
  readonly busy?: boolean;
  readonly onSearch: (query: Omit<SearchQuery, 'serial'>) => void;
}

/** The SIP search form built from the profile's fields_mapping (as the search page's form). */
export function SipSearchForm({ profileKey, mapping, chosen, busy, onSearch }: SipSearchFormProps) {
  const fields = useMemo(() => formFields(mapping, chosen), [mapping, chosen]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [limit, setLimit] = useState(200);
  const [orlogic, setOrlogic] = useState(false);
  const id = useId();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    onSearch({ key: profileKey, fields: searchEntries(fields, values), limit, orlogic });
  };
  return (
    <form className="sip-search" onSubmit={submit} aria-label="SIP search">
      {fields.map((f) => (
        <div className="field" key={f.id}>
          <label htmlFor={`${id}-${f.id}`}>{f.label}</label>
          <input
            id={`${id}-${f.id}`}
            name={f.id}
            inputMode={f.type === 'integer' ? 'numeric' : undefined}
            value={values[f.id] ?? ''}
            onChange={(e) => setValues((v) => ({ ...v, [f.id]: e.target.value }))}
          />
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${id}-limit`}>Limit</label>
        <input
          id={`${id}-limit`}
          type="number"
          min={1}
          max={100000}
          value={limit}
          onChange={(e) => setLimit(Math.max(1, Math.min(100000, Number(e.target.value) || 1)))}
        />
      </div>
      <label className="check">
        <input type="checkbox" checked={orlogic} onChange={(e) => setOrlogic(e.target.checked)} /> Match any
        field (OR)
      </label>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Search
        </button>
        <button type="button" onClick={() => setValues({})}>
          Clear
        </button>
      </div>
    </form>
  );
}
