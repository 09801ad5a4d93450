import { useState, type FormEvent } from 'react';
import {
  createUser,
  deleteUser,
  fetchGroups,
  fetchUsers,
  updateUser,
  type User,
  type UserInput,
} from '../api/homer.js';
import type { Session } from '../auth/session.js';
import { Status } from '../shell/Status.js';
import { useLoad } from '../shell/use-load.js';
import { ConfirmButton } from './ConfirmButton.js';
import { useAction } from './use-action.js';

const EMPTY: UserInput = {
  username: '',
  password: '',
  usergroup: 'user',
  email: '',
  firstname: '',
  lastname: '',
};

/** Users (admin): list, add, edit (an empty password keeps the old one), delete. */
export function UsersPage({ session }: { session: Session }) {
  const users = useLoad(fetchUsers, []);
  const groups = useLoad(fetchGroups, []);
  const [editing, setEditing] = useState<{ guid?: string; user: UserInput }>();

  return (
    <>
      <h1>Users</h1>
      <Status loading={users.loading} error={users.error} what="users" />
      <Status loading={groups.loading} error={groups.error} what="user groups" />
      <button onClick={() => setEditing({ user: EMPTY })} disabled={editing !== undefined}>
        Add user
      </button>
      {editing && (
        <UserForm
          key={editing.guid ?? 'new'}
          guid={editing.guid}
          initial={editing.user}
          groups={groups.data ?? ['admin', 'user']}
          onDone={() => {
            setEditing(undefined);
            users.reload();
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {users.data && (
        <table className="table">
          <thead>
            <tr>
              <th>Username</th>
              <th>Name</th>
              <th>Email</th>
              <th>Group</th>
              <th>Enabled</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u: User) => (
              <tr key={u.guid}>
                <td>{u.username}</td>
                <td>{`${u.firstname} ${u.lastname}`.trim()}</td>
                <td>{u.email}</td>
                <td>{u.usergroup}</td>
                <td>{u.enabled === false ? 'no' : 'yes'}</td>
                <td className="actions">
                  <button
                    onClick={() =>
                      setEditing({
                        guid: u.guid,
                        user: {
                          username: u.username,
                          password: '',
                          usergroup: u.usergroup,
                          email: u.email,
                          firstname: u.firstname,
                          lastname: u.lastname,
                          enabled: u.enabled !== false,
                        },
                      })
                    }
                  >
                    Edit
                  </button>
                  <ConfirmButton
                    label="Delete"
                    question={`Delete user ${u.username}?`}
                    disabled={u.username === session.username}
                    onConfirm={async () => {
                      await deleteUser(u.guid);
                      users.reload();
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
  readonly initial: UserInput;
  readonly groups: readonly string[];
  readonly onDone: () => void;
  readonly onCancel: () => void;
}

function UserForm({ guid, initial, groups, onDone, onCancel }: FormProps) {
  const [user, setUser] = useState<UserInput>(initial);
  const save = useAction();
  const set = (patch: Partial<UserInput>): void => setUser((u) => ({ ...u, ...patch }));

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const ok = await save.run(() => (guid ? updateUser(guid, user) : createUser(user)));
    if (ok) onDone();
  }

  return (
    <form
      className="form"
      aria-label={guid ? `Edit user ${initial.username}` : 'New user'}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <label>
        Username
        <input value={user.username} onChange={(e) => set({ username: e.target.value })} required />
      </label>
      <label>
        {guid ? 'New password (empty keeps it)' : 'Password'}
        <input
          type="password"
          autoComplete="new-password"
          minLength={6}
          value={user.password ?? ''}
          onChange={(e) => set({ password: e.target.value })}
          required={!guid}
        />
      </label>
      <label>
        Group
        <select value={user.usergroup} onChange={(e) => set({ usergroup: e.target.value })}>
          {groups.map((g) => (
            <option key={g}>{g}</option>
          ))}
        </select>
      </label>
      <label>
        First name
        <input value={user.firstname} onChange={(e) => set({ firstname: e.target.value })} />
      </label>
      <label>
        Last name
        <input value={user.lastname} onChange={(e) => set({ lastname: e.target.value })} />
      </label>
      <label>
        Email
        <input type="email" value={user.email} onChange={(e) => set({ email: e.target.value })} />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={user.enabled !== false}
          onChange={(e) => set({ enabled: e.target.checked })}
        />
        Enabled
      </label>
      {save.error && (
        <p role="alert" className="error">
          {save.error}
        </p>
      )}
      <div className="buttons">
        <button type="submit" disabled={save.busy}>
          {save.busy ? 'Saving…' : guid ? 'Save user' : 'Create user'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
