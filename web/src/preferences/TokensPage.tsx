import { useState, type FormEvent } from 'react';
import { createToken, deleteToken, fetchTokens, type Token, type TokenInput } from '../api/homer.js';
import { Status } from '../shell/Status.js';
import { useLoad } from '../shell/use-load.js';
import { useTimeZone } from '../shell/time-zone.js';
import { formatDateTime } from '../model/time-format.js';
import { ConfirmButton } from './ConfirmButton.js';
import { useAction } from './use-action.js';

const YEAR = 365 * 86_400_000;

function shownDate(text: string, zone: string): string {
  const ms = Date.parse(text);
  return Number.isFinite(ms) && ms > 0 ? formatDateTime(ms, zone) : '—';
}

/** API tokens (admin): the value is shown once, right after creation; the list never has it. */
export function TokensPage() {
  const tokens = useLoad(fetchTokens, []);
  const zone = useTimeZone();
  const [created, setCreated] = useState<{ name: string; token: string }>();

  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">
        Send a token as the <code>Auth-Token</code> header.
      </p>
      {created && <CreatedToken {...created} onDismiss={() => setCreated(undefined)} />}
      <NewTokenForm
        onCreated={(name, token) => {
          setCreated({ name, token });
          tokens.reload();
        }}
      />
      <Status loading={tokens.loading} error={tokens.error} what="API tokens" />
      {tokens.data && tokens.data.length === 0 && <p className="muted">No API tokens yet.</p>}
      {tokens.data && tokens.data.length > 0 && (
        <table className="table" aria-label="API tokens">
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>Expires</th>
              <th>Last used</th>
              <th>Calls</th>
              <th>Allowed from</th>
              <th>Active</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t: Token) => (
              <tr key={t.guid}>
                <td>{t.name ?? '—'}</td>
                <td>{shownDate(t.create_date, zone)}</td>
                <td>{shownDate(t.expire_date, zone)}</td>
                <td>{t.usage_calls > 0 ? shownDate(t.lastusage_date, zone) : 'never'}</td>
                <td>
                  {t.usage_calls}
                  {t.limit_calls > 0 ? ` / ${t.limit_calls}` : ''}
                </td>
                <td>{t.ip_address ?? 'anywhere'}</td>
                <td>{t.active ? 'yes' : 'no'}</td>
                <td>
                  <ConfirmButton
                    label="Delete"
                    question={`Delete token ${t.name ?? t.guid}?`}
                    onConfirm={async () => {
                      await deleteToken(t.guid);
                      tokens.reload();
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

function CreatedToken({ name, token, onDismiss }: { name: string; token: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState<string>();
  return (
    <div className="notice" role="region" aria-label="New API token">
      <p>
        Token <strong>{name}</strong> created. Copy it now: it is not shown again.
      </p>
      <code data-testid="new-token">{token}</code>
      <div className="buttons">
        <button
          onClick={() =>
            navigator.clipboard.writeText(token).then(
              () => setCopied('Copied.'),
              (err: Error) => setCopied(`Copy failed (${err.message}): select the text and copy it.`),
            )
          }
        >
          Copy token
        </button>
        <button onClick={onDismiss}>Done</button>
        {copied && <span role="status">{copied}</span>}
      </div>
    </div>
  );
}

function NewTokenForm({ onCreated }: { onCreated: (name: string, token: string) => void }) {
  const [name, setName] = useState('');
  const [days, setDays] = useState(365);
  const [usergroup, setUsergroup] = useState('user');
  const [ipAddress, setIpAddress] = useState('0.0.0.0/0');
  const save = useAction();

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const input: TokenInput = {
      name,
      expire_date: Date.now() + (days / 365) * YEAR,
      usergroup,
      ip_address: ipAddress,
      limit_calls: 0,
      active: true,
    };
    let value = '';
    if (await save.run(async () => (value = (await createToken(input)).token))) {
      onCreated(name, value);
      setName('');
    }
  }

  return (
    <form className="form inline-form" aria-label="New API token" onSubmit={(e) => void submit(e)}>
      <label>
        Token name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </label>
      <label>
        Valid for (days)
        <input
          type="number"
          min={1}
          max={3650}
          value={days}
          onChange={(e) => setDays(Number(e.target.value))}
        />
      </label>
      <label>
        Acts as
        <select value={usergroup} onChange={(e) => setUsergroup(e.target.value)}>
          <option value="user">user</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <label>
        Allowed from (CIDR)
        <input value={ipAddress} onChange={(e) => setIpAddress(e.target.value)} />
      </label>
      {save.error && (
        <p role="alert" className="error">
          {save.error}
        </p>
      )}
      <button type="submit" disabled={save.busy}>
        {save.busy ? 'Creating…' : 'Create token'}
      </button>
    </form>
  );
}
