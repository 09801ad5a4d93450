import { useState } from 'react';

interface Props {
  readonly label: string;
  /** The question shown before acting, e.g. "Delete alias pbx?". */
  readonly question: string;
  readonly confirmLabel?: string;
  readonly onConfirm: () => Promise<unknown>;
  readonly disabled?: boolean;
}

/**
 * A destructive action in two steps (no window.confirm, so it stays keyboard- and test-friendly):
 * the first click asks, the second acts; the action's error is shown next to it.
 */
export function ConfirmButton({ label, question, confirmLabel = 'Yes', onConfirm, disabled }: Props) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!asking)
    return (
      <span className="confirm">
        <button
          disabled={disabled}
          onClick={() => {
            setError(undefined);
            setAsking(true);
          }}
        >
          {label}
        </button>
        {error && (
          <span role="alert" className="error">
            {error}
          </span>
        )}
      </span>
    );
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        className="danger"
        disabled={busy}
        autoFocus
        onClick={() => {
          setBusy(true);
          onConfirm().then(
            () => {
              setBusy(false);
              setAsking(false);
            },
            (err: Error) => {
              setBusy(false);
              setAsking(false);
              setError(err.message);
            },
          );
        }}
      >
        {busy ? 'Working…' : confirmLabel}
      </button>
      <button onClick={() => setAsking(false)} disabled={busy}>
        Cancel
      </button>
    </span>
  );
}
