import { useId, useState, type FormEvent, type ReactNode } from 'react';

/**
 * The frame of a widget's settings: a title field, the widget's own fields, Save and Cancel.
 * Escape cancels.
 */
export function SettingsForm({
  title,
  onSave,
  onCancel,
  children,
}: {
  title: string;
  onSave: (title: string) => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const [value, setValue] = useState(title);
  const id = useId();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    onSave(value.trim() === '' ? title : value.trim());
  };
  return (
    <form
      className="widget-settings"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
      aria-label="Widget settings"
    >
      <label htmlFor={`${id}-title`}>Title</label>
      <input id={`${id}-title`} value={value} onChange={(e) => setValue(e.target.value)} />
      {children}
      <div className="widget-settings-actions">
        <button type="submit">Save</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
