import { useState, type FormEvent } from 'react';
import { changePassword, fetchProfile } from '../api/homer.js';
import { Status } from '../shell/Status.js';
import { useLoad } from '../shell/use-load.js';
import { useAction } from './use-action.js';

/** The caller's own profile and password change (any user). */
export function ProfilePage() {
  const profile = useLoad(fetchProfile, []);
  const [oldPassword, setOldPassword] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const save = useAction();
  const mismatch = repeat !== '' && repeat !== password;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!profile.data || mismatch) return;
    setDone(false);
    const guid = profile.data.guid;
    if (await save.run(() => changePassword(guid, password, oldPassword))) {
      setDone(true);
      setOldPassword('');
      setPassword('');
      setRepeat('');
    }
  }

  return (
    <>
      <h1>Profile</h1>
      <Status loading={profile.loading} error={profile.error} what="your profile" />
      {profile.data && (
        <>
          <dl className="facts">
            <dt>Username</dt>
            <dd>{profile.data.username}</dd>
            <dt>Name</dt>
            <dd>{profile.data.displayname || '—'}</dd>
            <dt>Group</dt>
            <dd>{profile.data.group}</dd>
          </dl>
          <form className="form" aria-label="Change password" onSubmit={(e) => void submit(e)}>
            <h2>Change password</h2>
            <label>
              Current password
              <input
                type="password"
                autoComplete="current-password"
                value={oldPassword}
                onChange={(e) => setOldPassword(e.target.value)}
                required
              />
            </label>
            <label>
              New password
              <input
                type="password"
                autoComplete="new-password"
                minLength={6}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            </label>
            <label>
              Repeat new password
              <input
                type="password"
                autoComplete="new-password"
                value={repeat}
                onChange={(e) => setRepeat(e.target.value)}
                required
              />
            </label>
            {mismatch && <p className="error">The passwords differ</p>}
            {save.error && (
              <p role="alert" className="error">
                {save.error}
              </p>
            )}
            {done && <p role="status">Password changed.</p>}
            <button type="submit" disabled={save.busy || mismatch}>
              {save.busy ? 'Saving…' : 'Change password'}
            </button>
          </form>
        </>
      )}
    </>
  );
}
