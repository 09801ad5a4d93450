/**
 * Dashboards live in `user_settings` (category `dashboard`, param = dashboard id, data = the
 * dashboard JSON), as in homer-app. A dashboard with `data.shared` true is readable by everyone
 * and writable only by its owner.
 */

import type { SqlClient, TransactionalSqlClient } from '../../storage/types.js';
import { isPlainObject, parseJsonColumn } from '../config/json-column.js';
import { homeDashboard } from './dashboard-home.js';

export const HOME_ID = 'home';
const SHARED = `(data->>'shared' = 'true' OR data->>'shared' = '1')`;

export interface StoredDashboard {
  readonly owner: string;
  readonly param: string;
  readonly data: Record<string, unknown>;
}

/** One entry of the `/dashboard/info` menu list (homer-app DashBoardElement). */
export interface DashboardElement {
  readonly cssclass: string;
  readonly href: string;
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  readonly param: string;
  readonly shared: boolean;
  readonly type: number;
  readonly weight: number;
}

function toStored(row: { username: string; param: string; data: unknown }): StoredDashboard {
  const data = parseJsonColumn(row.data);
  return { owner: row.username, param: row.param, data: isPlainObject(data) ? data : {} };
}

function isShared(data: Record<string, unknown>): boolean {
  return data.shared === true || data.shared === 1 || data.shared === 'true' || data.shared === '1';
}

async function lockUser(tx: SqlClient, username: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`homer-dashboard:${username}`]);
}

async function writeDashboard(
  tx: SqlClient,
  username: string,
  id: string,
  data: Record<string, unknown>,
): Promise<void> {
  await tx.query(`DELETE FROM user_settings WHERE category = 'dashboard' AND param = $2 AND username = $1`, [
    username,
    id,
  ]);
  await tx.query(
    `INSERT INTO user_settings (guid, username, partid, category, param, data)
     VALUES (gen_random_uuid(), $1, 10, 'dashboard', $2, $3)`,
    [username, id, JSON.stringify(data)],
  );
}

export class DashboardStore {
  constructor(private readonly sql: TransactionalSqlClient) {}

  /** The caller's own dashboard, else a shared one with that id. */
  async get(username: string, id: string): Promise<StoredDashboard | undefined> {
    const { rows } = await this.sql.query<{ username: string; param: string; data: unknown }>(
      `SELECT username, param, data FROM user_settings
        WHERE category = 'dashboard' AND param = $2 AND (username = $1 OR ${SHARED})
        ORDER BY (username = $1) DESC, id LIMIT 1`,
      [username, id],
    );
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  /** Owner of `id` other than `username`, if someone else has it. */
  async otherOwner(username: string, id: string): Promise<string | undefined> {
    const { rows } = await this.sql.query<{ username: string }>(
      `SELECT username FROM user_settings WHERE category = 'dashboard' AND param = $2 AND username <> $1 LIMIT 1`,
      [username, id],
    );
    return rows[0]?.username;
  }

  async ownExists(username: string, id: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      `SELECT 1 FROM user_settings WHERE category = 'dashboard' AND param = $2 AND username = $1 LIMIT 1`,
      [username, id],
    );
    return rows.length > 0;
  }

  /** Writes the caller's dashboard, replacing their own row with that id. */
  async put(username: string, id: string, data: Record<string, unknown>): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await lockUser(tx, username);
      await writeDashboard(tx, username, id, data);
    });
  }

  async remove(username: string, id: string): Promise<number> {
    const { rows } = await this.sql.query(
      `DELETE FROM user_settings WHERE category = 'dashboard' AND param = $2 AND username = $1 RETURNING id`,
      [username, id],
    );
    return rows.length;
  }

  async removeAll(username: string): Promise<void> {
    await this.sql.query(`DELETE FROM user_settings WHERE category = 'dashboard' AND username = $1`, [
      username,
    ]);
  }

  /**
   * Creates the caller's `home` dashboard when they have none. The UI asks for the menu two or
   * three times at once on load; the per-user lock keeps that from creating two homes.
   */
  async ensureHome(username: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await lockUser(tx, username);
      const { rows } = await tx.query(
        `SELECT 1 FROM user_settings WHERE category = 'dashboard' AND param = $2 AND username = $1 LIMIT 1`,
        [username, HOME_ID],
      );
      if (rows.length === 0) await writeDashboard(tx, username, HOME_ID, homeDashboard());
    });
  }

  /** The caller's dashboards plus everyone's shared ones, sorted by name as homer-app. */
  async list(username: string): Promise<DashboardElement[]> {
    const { rows } = await this.sql.query<{ username: string; param: string; data: unknown }>(
      `SELECT username, param, data FROM user_settings
        WHERE category = 'dashboard' AND (username = $1 OR ${SHARED}) ORDER BY id`,
      [username],
    );
    const out: DashboardElement[] = [];
    for (const row of rows.map(toStored)) {
      const d = row.data;
      // homer-app leaves out rows without a name; the UI sorts on it and would throw.
      if (typeof d.name !== 'string') continue;
      out.push({
        cssclass: 'fa',
        href: row.param,
        id: row.param,
        owner: row.owner,
        name: d.name,
        param: typeof d.param === 'string' ? d.param : row.param,
        shared: isShared(d),
        type: Number.isFinite(Number(d.type)) ? Math.trunc(Number(d.type)) : 0,
        weight: Number.isFinite(Number(d.weight)) ? Number(d.weight) : 10,
      });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
