import { useMemo, useState, type FormEvent } from 'react';
import {
  createAdvanced,
  createUserSetting,
  deleteAdvanced,
  deleteUserSetting,
  fetchAdvanced,
  fetchUserSettings,
  updateAdvanced,
  updateUserSetting,
  type SettingsInput,
  type SettingsRow,
} from '../api/homer.js';
import { checkSettingsData, toJsonText } from '../model/json-edit.js';
import { Status } from '../shell/Status.js';
import { useLoad } from '../shell/use-load.js';
import { ConfirmButton } from './ConfirmButton.js';
import { JsonArea } from './MappingPage.js';
import { useAction } from './use-action.js';

interface Api {
  readonly load: () => Promise<SettingsRow[]>;
  readonly create: (row: SettingsInput) => Promise<unknown>;
  readonly update: (guid: string, row: SettingsInput) => Promise<unknown>;
  readonly remove: (guid: string) => Promise<unknown>;
}

const ADVANCED: Api = {
  load: fetchAdvanced,
  create: createAdvanced,
  update: updateAdvanced,
  remove: deleteAdvanced,
};
const USER: Api = {
  load: () => fetchUserSettings(),
  create: createUserSetting,
  update: updateUserSetting,
  remove: deleteUserSetting,
};

/** Advanced settings (global_settings): admins edit, other users read. */
export function AdvancedPage({ admin }: { admin: boolean }) {
  return <SettingsRows title="Advanced" what="advanced settings" api={ADVANCED} readOnly={!admin} />;
}

/** User settings: your rows (an admin sees everyone's, with the owner). */
export function UserSettingsPage({ admin }: { admin: boolean }) {
  return (
    <SettingsRows title="User settings" what="user settings" api={USER} readOnly={false} showOwner={admin} />
  );
}

interface Props {
  readonly title: string;
  readonly what: string;
  readonly api: Api;
  readonly readOnly: boolean;
  readonly showOwner?: boolean;
}

function SettingsRows({ title, what, api, readOnly, showOwner }: Props) {
  const rows = useLoad(api.load, [api]);
  const [editing, setEditing] = useState<{ guid?: string; row: SettingsInput }>();

  return (
    <>
      <h1>{title}</h1>
      {readOnly && <p className="muted">Read only: only an administrator can change these.</p>}
      <Status loading={rows.loading} error={rows.error} what={what} />
      {!readOnly && (
        <button
          disabled={editing !== undefined}
          onClick={() => setEditing({ row: { category: '', param: '', data: {} } })}
        >
          Add setting
        </button>
      )}
      {editing && (
        <SettingForm
          key={editing.guid ?? 'new'}
          guid={editing.guid}
          initial={editing.row}
          api={api}
          onDone={() => {
            setEditing(undefined);
            rows.reload();
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {rows.data && rows.data.length === 0 && <p className="muted">No {what}.</p>}
      {rows.data && rows.data.length > 0 && (
        <table className="table settings" aria-label={title}>
          <thead>
            <tr>
              {showOwner && <th>User</th>}
              <th>Category</th>
              <th>Param</th>
              <th>Data</th>
              {!readOnly && <th>Actions</th>}
            </tr>
          </thead>
          <tbody>
            {rows.data.map((r) => (
              <tr key={r.guid}>
                {showOwner && <td>{r.username}</td>}
                <td>{r.category}</td>
                <td>{r.param}</td>
                <td>
                  <pre className="json">{JSON.stringify(r.data)}</pre>
                </td>
                {!readOnly && (
                  <td className="actions">
                    <button
                      onClick={() =>
                        setEditing({
                          guid: r.guid,
                          row: { category: r.category, param: r.param, data: r.data },
                        })
                      }
                    >
                      Edit
                    </button>
                    <ConfirmButton
                      label="Delete"
                      question={`Delete ${r.category}/${r.param}?`}
                      onConfirm={async () => {
                        await api.remove(r.guid);
                        rows.reload();
                      }}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

interface FormProps {
  readonly guid?: string;
  readonly initial: SettingsInput;
  readonly api: Api;
  readonly onDone: () => void;
  readonly onCancel: () => void;
}

function SettingForm({ guid, initial, api, onDone, onCancel }: FormProps) {
  const [category, setCategory] = useState(initial.category);
  const [param, setParam] = useState(initial.param);
  const [text, setText] = useState(() => toJsonText(initial.data));
  const data = useMemo(() => checkSettingsData(text), [text]);
  const save = useAction();

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!data.ok) return;
    const row = { category, param, data: data.value };
    if (await save.run(() => (guid ? api.update(guid, row) : api.create(row)))) onDone();
  }

  return (
    <form
      className="form"
      aria-label={guid ? `Edit ${initial.category}/${initial.param}` : 'New setting'}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <label>
        Category
        <input value={category} onChange={(e) => setCategory(e.target.value)} required maxLength={100} />
      </label>
      <label>
        Param
        <input value={param} onChange={(e) => setParam(e.target.value)} required maxLength={100} />
      </label>
      <JsonArea label="data" value={text} onChange={setText} error={data.ok ? undefined : data.error} />
      {save.error && (
        <p role="alert" className="error">
          {save.error}
        </p>
      )}
      <div className="buttons">
        <button type="submit" disabled={!data.ok || save.busy}>
          {save.busy ? 'Saving…' : 'Save setting'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
