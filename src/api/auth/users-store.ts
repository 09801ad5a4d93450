import type { SqlClient, TransactionalSqlClient } from '../../storage/types.js';

/** A `users` row as the API shows it (homer-app field names; never the hash). */
export interface UserRecord {
  username: string;
  partid: number;
  email: string;
  firstname: string;
  lastname: string;
  department: string;
  usergroup: string;
  guid: string;
  enabled: boolean;
}

export interface NewUser {
  readonly username: string;
  readonly partid: number;
  readonly email: string;
  readonly firstname: string;
  readonly lastname: string;
  readonly department: string;
  readonly usergroup: string;
  readonly hash: string;
  readonly guid: string;
  readonly enabled: boolean;
}

/** Columns a PUT may change; absent ones keep their value. */
export type UserChanges = Partial<Omit<NewUser, 'guid'>>;

const USER_COLUMNS = `username, partid, email, firstname, lastname, department, usergroup, guid,
  COALESCE(enabled, true) AS enabled`;

/** SQL test for "this row is an admin": homer-app's `usergroup` contains "admin", any case. */
const IS_ADMIN = `strpos(lower(usergroup), 'admin') > 0`;

export async function listUsers(sql: SqlClient, onlyUsername?: string): Promise<UserRecord[]> {
  const { rows } = onlyUsername
    ? await sql.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM users WHERE username = $1 ORDER BY id`, [
        onlyUsername,
      ])
    : await sql.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM users ORDER BY id`);
  return rows;
}

export async function findUserByGuid(sql: SqlClient, guid: string): Promise<UserRecord | undefined> {
  const { rows } = await sql.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM users WHERE guid = $1 LIMIT 1`, [
    guid,
  ]);
  return rows[0];
}

export async function findUserHash(sql: SqlClient, guid: string): Promise<string | undefined> {
  const { rows } = await sql.query<{ hash: string }>('SELECT hash FROM users WHERE guid = $1 LIMIT 1', [
    guid,
  ]);
  return rows[0]?.hash;
}

/** Inserts a user; returns the reason when the username or guid is already taken. */
export async function insertUser(sql: SqlClient, user: NewUser): Promise<'ok' | 'username' | 'guid'> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO users (username, partid, email, firstname, lastname, department, usergroup, hash, guid, enabled)
     SELECT $1::varchar, $2::int, $3::varchar, $4::varchar, $5::varchar, $6::varchar, $7::varchar,
            $8::varchar, $9::varchar, $10::boolean
      WHERE NOT EXISTS (SELECT 1 FROM users WHERE guid = $9::varchar)
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [
      user.username,
      user.partid,
      user.email,
      user.firstname,
      user.lastname,
      user.department,
      user.usergroup,
      user.hash,
      user.guid,
      user.enabled,
    ],
  );
  if (rows.length > 0) return 'ok';
  const { rows: clash } = await sql.query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM users WHERE username = $1) AS found',
    [user.username],
  );
  return clash[0]?.found === true ? 'username' : 'guid';
}

export type ChangeOutcome = 'ok' | 'not-found' | 'last-admin' | 'username-taken';

const CHANGEABLE: readonly (keyof UserChanges)[] = [
  'username',
  'partid',
  'email',
  'firstname',
  'lastname',
  'department',
  'usergroup',
  'hash',
  'enabled',
];

/**
 * Would the change leave no enabled admin? Runs inside the caller's transaction after locking the
 * admin rows, so two concurrent demotions cannot both pass.
 */
async function removesLastAdmin(tx: SqlClient, guid: string): Promise<boolean> {
  await tx.query(`SELECT id FROM users WHERE ${IS_ADMIN} FOR UPDATE`);
  const { rows } = await tx.query<{ others: number }>(
    `SELECT count(*)::int AS others FROM users
      WHERE ${IS_ADMIN} AND COALESCE(enabled, true) AND guid <> $1`,
    [guid],
  );
  return (rows[0]?.others ?? 0) === 0;
}

function stillAdmin(current: UserRecord, changes: UserChanges): boolean {
  const group = changes.usergroup ?? current.usergroup;
  const enabled = changes.enabled ?? current.enabled;
  return group.toLowerCase().includes('admin') && enabled;
}

/** Applies `changes` to the user `guid`, refusing to demote or disable the last enabled admin. */
export async function updateUser(
  sql: TransactionalSqlClient,
  guid: string,
  changes: UserChanges,
): Promise<ChangeOutcome> {
  return sql.transaction(async (tx) => {
    const current = await findUserByGuid(tx, guid);
    if (!current) return 'not-found';
    const wasAdmin = current.usergroup.toLowerCase().includes('admin') && current.enabled;
    if (wasAdmin && !stillAdmin(current, changes) && (await removesLastAdmin(tx, guid))) return 'last-admin';
    if (changes.username !== undefined && changes.username !== current.username) {
      const { rows } = await tx.query<{ found: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM users WHERE username = $1) AS found',
        [changes.username],
      );
      if (rows[0]?.found === true) return 'username-taken';
    }
    const columns = CHANGEABLE.filter((column) => changes[column] !== undefined);
    if (columns.length === 0) return 'ok';
    const assignments = columns.map((column, index) => `${column} = $${index + 2}`).join(', ');
    await tx.query(`UPDATE users SET ${assignments} WHERE guid = $1`, [
      guid,
      ...columns.map((column) => changes[column]),
    ]);
    return 'ok';
  });
}

/** Deletes the user `guid`, refusing to delete the last enabled admin. */
export async function deleteUser(
  sql: TransactionalSqlClient,
  guid: string,
): Promise<'ok' | 'not-found' | 'last-admin'> {
  return sql.transaction(async (tx) => {
    const current = await findUserByGuid(tx, guid);
    if (!current) return 'not-found';
    const isAdmin = current.usergroup.toLowerCase().includes('admin') && current.enabled;
    if (isAdmin && (await removesLastAdmin(tx, guid))) return 'last-admin';
    await tx.query('DELETE FROM users WHERE guid = $1', [guid]);
    return 'ok';
  });
}
