import { randomUUID } from 'node:crypto';
import type { SqlClient } from '../../storage/types.js';
import type { Logger } from '../../telemetry/logger.js';
import { hashPassword, randomPassword } from './passwords.js';

export interface BootstrapResult {
  /** The password generated for `admin`, when one was generated (shown once, never stored in clear). */
  readonly generatedPassword?: string;
  readonly created: boolean;
}

/**
 * First start: when `users` is empty, creates `admin` (usergroup admin) with the configured
 * password, or a random one that is printed once. homer-app seeds `admin`/`support` with the fixed
 * password "sipcapture"; we never ship a fixed password.
 */
export async function ensureAdminUser(
  sql: SqlClient,
  configuredPassword: string,
  logger: Pick<Logger, 'warn' | 'info'> & Partial<Pick<Logger, 'isLevelEnabled'>>,
  stderr: (line: string) => void = (line) => process.stderr.write(line),
): Promise<BootstrapResult> {
  const { rows } = await sql.query<{ present: boolean }>('SELECT EXISTS (SELECT 1 FROM users) AS present');
  if (rows[0]?.present === true) return { created: false };
  const password = configuredPassword !== '' ? configuredPassword : randomPassword();
  const hash = await hashPassword(password);
  const { rows: inserted } = await sql.query(
    `INSERT INTO users (username, partid, email, firstname, lastname, department, usergroup, hash, guid)
     VALUES ('admin', 10, 'admin@localhost', 'Admin', 'Homer', 'Operations', 'admin', $1, $2)
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [hash, randomUUID()],
  );
  if (inserted.length === 0) return { created: false };
  if (configuredPassword !== '') {
    logger.info({ username: 'admin' }, 'created the admin user with HOMER_ADMIN_PASSWORD');
    return { created: true };
  }
  const message =
    'created the admin user with a random password (shown only now; change it or set HOMER_ADMIN_PASSWORD)';
  // The only copy of this password: when the log level would swallow it, print it anyway.
  if (logger.isLevelEnabled?.('warn') === false) stderr(`${message}: admin / ${password}\n`);
  else logger.warn({ username: 'admin', password }, message);
  return { created: true, generatedPassword: password };
}
