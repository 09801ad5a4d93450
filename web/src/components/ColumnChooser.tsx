import { useEffect, useRef, useState } from 'react';
import { moveColumn, toggleColumn } from '../model/column-choice.js';
import type { GridColumn } from '../model/grid-columns.js';

interface Props {
  readonly columns: readonly GridColumn[];
  readonly onSave: (columns: GridColumn[]) => Promise<void>;
}

/** The grid settings dialog: show/hide and reorder columns, saved per user (homer-ui's grid settings). */
export function ColumnChooser({ columns, onSave }: Props) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<GridColumn[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    setDraft([...columns]);
    setError(undefined);
    panel.current?.querySelector<HTMLElement>('input')?.focus();
    // Only on opening: a new search must not reset what the user is arranging.
  }, [open]);

  const close = (): void => {
    setOpen(false);
    trigger.current?.focus();
  };
  const save = async (next: GridColumn[]): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await onSave(next);
      close();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="column-chooser">
      <button
        ref={trigger}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Columns
      </button>
      {open && (
        <div
          ref={panel}
          className="popover columns-panel"
          role="dialog"
          aria-label="Grid columns"
          onKeyDown={(e) => e.key === 'Escape' && close()}
        >
          <ol>
            {draft.map((c, i) => (
              <li key={c.field}>
                <label>
                  <input
                    type="checkbox"
                    checked={!c.hidden}
                    onChange={() => setDraft((d) => toggleColumn(d, c.field))}
                  />
                  {c.header}
                </label>
                <button
                  aria-label={`Move ${c.header} up`}
                  disabled={i === 0}
                  onClick={() => setDraft((d) => moveColumn(d, c.field, -1))}
                >
                  ↑
                </button>
                <button
                  aria-label={`Move ${c.header} down`}
                  disabled={i === draft.length - 1}
                  onClick={() => setDraft((d) => moveColumn(d, c.field, 1))}
                >
                  ↓
                </button>
              </li>
            ))}
          </ol>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="buttons">
            <button disabled={busy || draft.every((c) => c.hidden)} onClick={() => void save(draft)}>
              {busy ? 'Saving…' : 'Save columns'}
            </button>
            <button disabled={busy} onClick={() => void save([])} title="Columns from the protocol mapping">
              Default columns
            </button>
            <button onClick={close}>Cancel</button>
          </div>
        </div>
      )}
    </span>
  );
}
