import { useMemo, useState } from 'react';
import { CALL_TABS, CallWindow, type CallTab } from '../components/CallWindow.js';
import { decodeShareLink } from '../model/share-link.js';

/**
 * The page a share link opens (`/transaction?req=…&tab=…`, routed by the app after login): the
 * call window of the request in the link, on the tab it names. A broken link says what is wrong.
 */
export function SharedTransactionPage({
  search = window.location.search,
  onClose,
}: {
  search?: string;
  onClose?: () => void;
}) {
  const decoded = useMemo(() => decodeShareLink(search), [search]);
  const [closed, setClosed] = useState(false);
  const close = onClose ?? (() => setClosed(true));
  if (!decoded.ok)
    return (
      <p role="alert" className="cw-error">
        This share link cannot be opened: {decoded.error}
      </p>
    );
  if (closed)
    return (
      <p>
        Call window closed. <a href="/">Back to search</a>
      </p>
    );
  const { request, tab, title } = decoded.view;
  const initialTab = CALL_TABS.find((t) => t === tab) as CallTab | undefined;
  return (
    <CallWindow
      title={title ?? 'Shared call'}
      body={request}
      onClose={close}
      initialTab={initialTab ?? 'Flow'}
    />
  );
}
