import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { CATALOGUE, WIDGET_KINDS, type WidgetKind } from './model/catalogue.js';

/** "Add widget": the catalogue as a menu (arrow keys move, Enter picks, Escape closes). */
export function AddWidgetMenu({
  onAdd,
  disabled,
}: {
  onAdd: (kind: WidgetKind) => void;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLUListElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const close = (e: MouseEvent): void => {
      if (!menu.current?.contains(e.target as Node) && e.target !== button.current) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const onKeyDown = (e: KeyboardEvent): void => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      items[next]?.focus();
    }
  };
  return (
    <div className="menu-anchor">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        + Add widget
      </button>
      {open && (
        <ul ref={menu} role="menu" className="menu" aria-label="Widget catalogue" onKeyDown={onKeyDown}>
          {WIDGET_KINDS.map((kind) => (
            <li key={kind} role="none">
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  setOpen(false);
                  onAdd(kind);
                }}
              >
                <strong>{CATALOGUE[kind].title}</strong>
                <small>{CATALOGUE[kind].description}</small>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
