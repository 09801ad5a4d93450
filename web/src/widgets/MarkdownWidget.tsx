import { useId, useState } from 'react';
import { widgetTitle } from '../dashboard/model/dashboard.js';
import { MarkdownNote } from './MarkdownNote.js';
import { SettingsForm } from './SettingsForm.js';
import type { WidgetProps } from './types.js';

/** A markdown note; its text is edited in the settings and stored in the widget's config. */
export function MarkdownWidget({ widget, editing, onConfigChange, onCloseSettings }: WidgetProps) {
  const stored = typeof widget.config?.markdown === 'string' ? widget.config.markdown : '';
  const [draft, setDraft] = useState(stored);
  const id = useId();
  if (editing) {
    return (
      <SettingsForm
        title={widgetTitle(widget, 'Note')}
        onSave={(title) => {
          onConfigChange({ title, markdown: draft });
          onCloseSettings();
        }}
        onCancel={() => {
          setDraft(stored);
          onCloseSettings();
        }}
      >
        <label htmlFor={`${id}-md`}>
          Note (markdown: # heading, **bold**, *italic*, - list, [link](url), `code`)
        </label>
        <textarea id={`${id}-md`} rows={6} value={draft} onChange={(e) => setDraft(e.target.value)} />
      </SettingsForm>
    );
  }
  if (stored.trim() === '') return <p className="muted">Empty note: open its settings (⚙) to write.</p>;
  return <MarkdownNote source={stored} />;
}
