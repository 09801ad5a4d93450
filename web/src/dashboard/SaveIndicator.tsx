import type { SaveStatus } from './model/save-queue.js';

/** Whether the dashboard's last change is saved; a failed save says why and offers a retry. */
export function SaveIndicator({ status, onRetry }: { status: SaveStatus; onRetry: () => void }) {
  if (status.state === 'failed') {
    return (
      <span role="alert" className="save-state failed">
        Not saved: {status.message}{' '}
        <button type="button" onClick={onRetry}>
          Retry save
        </button>
      </span>
    );
  }
  const text = { saved: 'All changes saved', pending: 'Unsaved changes…', saving: 'Saving…' }[status.state];
  return (
    <span role="status" className={`save-state ${status.state}`} data-testid="save-state">
      {text}
    </span>
  );
}
