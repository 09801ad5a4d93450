import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { smartTags, type SmartTag } from './api.js';
import { inQuotes, insertField, wordAt } from './model/smart-input.js';
import { useDashboardSearch } from './search-context.js';
import type { WidgetProps } from './types.js';

const KEY = { hepid: 1, profile: 'call' } as const;

/**
 * homer-ui's Smart input Search: a free-text query (`sip.from_user = "alice" AND net.srcPort = 5060`)
 * sent as the `smartinput` search entry, with field-name suggestions while typing.
 */
export function SmartSearchWidget(_props: WidgetProps) {
  const { run } = useDashboardSearch();
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [tags, setTags] = useState<SmartTag[]>([]);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const pendingCaret = useRef<number | undefined>(undefined);
  const id = useId();

  const fragment = inQuotes(text, caret) ? '' : wordAt(text, caret).text;
  useEffect(() => {
    if (fragment === '') {
      setTags([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      smartTags(KEY.hepid, KEY.profile, fragment).then(
        (found) => {
          if (!live) return;
          setTags(found.slice(0, 12));
          setActive(-1);
          setError(undefined);
        },
        (e: Error) => live && setError(e.message),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [fragment]);

  useLayoutEffect(() => {
    if (pendingCaret.current === undefined || !input.current) return;
    input.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = undefined;
  }, [text]);

  const pick = (tag: SmartTag): void => {
    const next = insertField(text, caret, tag.name);
    pendingCaret.current = next.caret;
    setText(next.text);
    setCaret(next.caret);
    setTags([]);
  };
  const search = (): void => {
    setTags([]);
    const value = text.trim();
    run({
      key: `${KEY.hepid}_${KEY.profile}`,
      fields: value ? [{ name: 'smartinput', value, type: 'string' }] : [],
      limit: 200,
      orlogic: false,
    });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    const open = tags.length > 0;
    if (e.key === 'ArrowDown' && open) {
      e.preventDefault();
      setActive((a) => (a + 1) % tags.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? tags.length - 1 : a - 1));
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setTags([]);
    } else if ((e.key === 'Enter' || e.key === 'Tab') && open && active >= 0) {
      e.preventDefault();
      pick(tags[active] as SmartTag);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      search();
    }
  };
  const open = tags.length > 0;
  return (
    <div className="smart-search">
      <div className="smart-row">
        <label htmlFor={`${id}-q`} className="visually-hidden">
          Smart search query
        </label>
        <input
          id={`${id}-q`}
          ref={input}
          role="combobox"
          aria-expanded={open}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? `${id}-opt-${active}` : undefined}
          placeholder='sip.from_user = "alice" AND sip.method = "INVITE"'
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setTags([]), 150)}
        />
        <button type="button" onClick={search}>
          Search
        </button>
      </div>
      {open && (
        <ul id={`${id}-list`} role="listbox" className="smart-suggestions" aria-label="Field suggestions">
          {tags.map((t, i) => (
            <li
              key={t.value}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(t);
              }}
            >
              {t.name} <small>{t.value}</small>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
