import { useId, useMemo, useState } from 'react';
import { fetchMappings, updateMapping, type MappingRow } from '../api/homer.js';
import { checkCorrelationMapping, checkFieldsMapping, toJsonText } from '../model/json-edit.js';
import { Status } from '../shell/Status.js';
import { useLoad } from '../shell/use-load.js';
import { useAction } from './use-action.js';

const keyOf = (m: MappingRow): string => `${m.hepid}_${m.profile}`;

/** Mapping (admin): a row's fields_mapping and correlation_mapping edited as JSON, checked as typed. */
export function MappingPage() {
  const mappings = useLoad(fetchMappings, []);
  const [selected, setSelected] = useState<string>();
  const row = mappings.data?.find((m) => m.guid === selected) ?? mappings.data?.[0];

  return (
    <>
      <h1>Mapping</h1>
      <Status loading={mappings.loading} error={mappings.error} what="mappings" />
      {mappings.data && row && (
        <>
          <label>
            Protocol mapping{' '}
            <select value={row.guid} onChange={(e) => setSelected(e.target.value)}>
              {mappings.data.map((m) => (
                <option key={m.guid} value={m.guid}>
                  {keyOf(m)} {m.hep_alias ? `(${m.hep_alias})` : ''}
                </option>
              ))}
            </select>
          </label>
          <MappingEditor key={`${row.guid}:${String(row.create_date)}`} row={row} onSaved={mappings.reload} />
        </>
      )}
    </>
  );
}

function MappingEditor({ row, onSaved }: { row: MappingRow; onSaved: () => void }) {
  const [fieldsText, setFieldsText] = useState(() => toJsonText(row.fields_mapping));
  const [correlationText, setCorrelationText] = useState(() => toJsonText(row.correlation_mapping));
  const [saved, setSaved] = useState(false);
  const fields = useMemo(() => checkFieldsMapping(fieldsText), [fieldsText]);
  const correlation = useMemo(() => checkCorrelationMapping(correlationText), [correlationText]);
  const save = useAction();
  const valid = fields.ok && correlation.ok;

  async function submit(): Promise<void> {
    if (!fields.ok || !correlation.ok) return;
    setSaved(false);
    const next = {
      ...row,
      fields_mapping: fields.value,
      correlation_mapping: correlation.value,
    } as MappingRow;
    if (await save.run(() => updateMapping(next))) {
      setSaved(true);
      onSaved();
    }
  }

  const edit = (set: (s: string) => void) => (text: string) => {
    setSaved(false);
    set(text);
  };

  return (
    <form
      className="form json-form"
      aria-label={`Mapping ${keyOf(row)}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <JsonArea
        label="fields_mapping"
        value={fieldsText}
        onChange={edit(setFieldsText)}
        error={fields.ok ? undefined : fields.error}
      />
      <JsonArea
        label="correlation_mapping"
        value={correlationText}
        onChange={edit(setCorrelationText)}
        error={correlation.ok ? undefined : correlation.error}
      />
      {save.error && (
        <p role="alert" className="error">
          {save.error}
        </p>
      )}
      {saved && <p role="status">Mapping {keyOf(row)} saved.</p>}
      <button type="submit" disabled={!valid || save.busy}>
        {save.busy ? 'Saving…' : 'Save mapping'}
      </button>
    </form>
  );
}

interface AreaProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly error?: string;
}

/** A JSON textarea whose problem is shown under it and announced to screen readers. */
export function JsonArea({ label, value, onChange, error }: AreaProps) {
  // A label wrapping the textarea would take its text into the accessible name; point at it instead.
  const id = useId();
  return (
    <div className="json-area">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        spellCheck={false}
        rows={12}
        value={value}
        aria-invalid={error !== undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span id={`${id}-error`} role="alert" className="error">
          {label}: {error}
        </span>
      )}
    </div>
  );
}
