import { useEffect, useRef, useState } from 'react';
import type { Session } from '../auth/session.js';
import { defaultPreferencePage } from '../model/preference-pages.js';
import { preferencePath } from '../model/routes.js';
import { Link } from './Link.js';

/** The user's menu: preferences and logout; Escape or a click elsewhere closes it. */
export function UserMenu({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const outside = (e: MouseEvent): void => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  return (
    <div
      className="user-menu"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          trigger.current?.focus();
        }
      }}
    >
      <button
        ref={trigger}
        aria-label={`User menu: ${session.username}`}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {session.username}
        {session.admin ? ' (admin)' : ''} ▾
      </button>
      {open && (
        <div className="popover menu" role="menu" aria-label="User">
          <Link
            role="menuitem"
            href={preferencePath(defaultPreferencePage(session.admin))}
            onClickCapture={() => setOpen(false)}
          >
            Preferences
          </Link>
          <button role="menuitem" onClick={onLogout}>
            Log out
          </button>
        </div>
      )}
    </div>
  );
}
