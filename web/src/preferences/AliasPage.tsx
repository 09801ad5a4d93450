import { useState, type FormEvent } from 'react';
import {
  createAlias,
  deleteAlias,
  fetchAliases,
  updateAlias,
  type Alias,
  type AliasInput,
} from '../api/homer.js';
import { Status } from '../shell/Status.js';
import { useLoad } from '../shell/use-load.js';
import { ConfirmButton } from './ConfirmButton.js';
import { useAction } from './use-action.js';

const EMPTY: AliasInput = { alias: '', ip: '', port: 0, mask: 32, captureID: '', status: true };

/** Aliases (admin): names for IP ranges shown in results and flows. */
export function AliasPage() {
  const aliases = useLoad(fetchAliases, []);
  const [editing, setEditing] = useState<{ guid?: string; alias: AliasInput }>();

  return (
    <>
      <h1>Alias</h1>
      <Status loading={aliases.loading} error={aliases.error} what="aliases" />
      <button onClick={() => setEditing({ alias: EMPTY })} disabled={editing !== undefined}>
        Add alias
      </button>
      {editing && (
        <AliasForm
          key={editing.guid ?? 'new'}
          guid={editing.guid}
          initial={editing.alias}
          onDone={() => {
            setEditing(undefined);
            aliases.reload();
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {aliases.data && aliases.data.length === 0 && <p className="muted">No aliases yet.</p>}
      {aliases.data && aliases.data.length > 0 && (
        <table className="table" aria-label="Aliases">
          <thead>
            <tr>
              <th>Alias</th>
              <th>IP</th>
              <th>Mask</th>
              <th>Port</th>
              <th>Capture ID</th>
              <th>Active</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {aliases.data.map((a: Alias) => (
              <tr key={a.guid}>
                <td>{a.alias}</td>
                <td>{a.ip}</td>
                <td>{a.mask}</td>
                <td>{a.port || 'any'}</td>
                <td>{a.captureID || 'any'}</td>
                <td>{a.status ? 'yes' : 'no'}</td>
                <td className="actions">
                  <button onClick={() => setEditing({ guid: a.guid, alias: a })}>Edit</button>
                  <ConfirmButton
                    label="Delete"
                    question={`Delete alias ${a.alias}?`}
                    onConfirm={async () => {
                      await deleteAlias(a.guid);
                      aliases.reload();
                    }}
                  />
                </td>
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
  readonly initial: AliasInput;
  readonly onDone: () => void;
  readonly onCancel: () => void;
}

function AliasForm({ guid, initial, onDone, onCancel }: FormProps) {
  const [alias, setAlias] = useState<AliasInput>({
    alias: initial.alias,
    ip: initial.ip,
    port: initial.port,
    mask: initial.mask,
    captureID: initial.captureID,
    status: initial.status,
  });
  const save = useAction();
  const set = (patch: Partial<AliasInput>): void => setAlias((a) => ({ ...a, ...patch }));

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (await save.run(() => (guid ? updateAlias(guid, alias) : createAlias(alias)))) onDone();
  }

  return (
    <form
      className="form"
      aria-label={guid ? `Edit alias ${initial.alias}` : 'New alias'}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <label>
        Alias
        <input value={alias.alias} onChange={(e) => set({ alias: e.target.value })} required />
      </label>
      <label>
        IP address
        <input value={alias.ip} onChange={(e) => set({ ip: e.target.value })} required />
      </label>
      <label>
        Mask
        <input
          type="number"
          min={0}
          max={128}
          value={alias.mask}
          onChange={(e) => set({ mask: Number(e.target.value) })}
        />
      </label>
      <label>
        Port (0 = any)
        <input
          type="number"
          min={0}
          max={65535}
          value={alias.port}
          onChange={(e) => set({ port: Number(e.target.value) })}
        />
      </label>
      <label>
        Capture ID
        <input value={alias.captureID} onChange={(e) => set({ captureID: e.target.value })} />
      </label>
      <label className="check">
        <input type="checkbox" checked={alias.status} onChange={(e) => set({ status: e.target.checked })} />
        Active
      </label>
      {save.error && (
        <p role="alert" className="error">
          {save.error}
        </p>
      )}
      <div className="buttons">
        <button type="submit" disabled={save.busy}>
          {save.busy ? 'Saving…' : guid ? 'Save alias' : 'Create alias'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
