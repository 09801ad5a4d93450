/**
 * The shell and the preferences in a real browser (Debian Chromium through playwright-core), against a
 * server started by the test: time range presets and an absolute range, the timezone saved in user
 * settings and kept across a reload, an API token shown once, an alias, the mapping JSON editor's
 * validation, and a non-admin user who is never offered an admin page (so never meets a 403).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { TEST_ADMIN_PASSWORD, startTestHomer, type TestHomer } from '../helpers/homer.js';

const ROOT = join(import.meta.dirname, '../..');
const USER = { username: 'e2e-user', password: 'e2e-user-password' };

describe('web UI in Chromium: shell and preferences', () => {
  let homer: TestHomer;
  let browser: Browser;
  let page: Page;
  let base: string;
  const consoleErrors: string[] = [];
  const failedCalls: string[] = [];

  async function api(method: string, path: string, body?: unknown, token?: string): Promise<unknown> {
    const res = await fetch(`${base}/api/v3${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async function logIn(username: string, password: string): Promise<void> {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: `User menu: ${username}` }).waitFor();
  }

  async function openPreferences(label: string): Promise<void> {
    await page.getByRole('button', { name: /^User menu/ }).click();
    await page.getByRole('menuitem', { name: 'Preferences' }).click();
    await page.getByRole('navigation', { name: 'Preferences' }).getByRole('link', { name: label }).click();
    await page.getByRole('heading', { level: 1, name: label }).waitFor();
  }

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/web/index.html')))
      throw new Error('dist/web is missing: run npm run build');
    homer = await startTestHomer('pglite');
    base = `http://127.0.0.1:${homer.homer.http!.port}`;
    const admin = (await api('POST', '/auth', { username: 'admin', password: TEST_ADMIN_PASSWORD })) as {
      token: string;
    };
    await api('POST', '/users', { ...USER, usergroup: 'user' }, admin.token);

    browser = await launchChromium();
    // A fixed browser zone, so the displayed times below are known before the user picks one.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, timezoneId: 'UTC' });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('response', (r) => {
      if (r.url().includes('/api/v3/') && r.status() >= 400) failedCalls.push(`${r.status()} ${r.url()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await homer?.stop();
  });

  it('logs in through the login page and lands on the home dashboard', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login$/);
    await expect.poll(() => page.getByText('Sign in with Internal user').count()).toBe(1);
    await logIn('admin', TEST_ADMIN_PASSWORD);
    await page.waitForURL(/\/dashboard\/home$/);
  });

  it('chooses a preset, then an absolute range', async () => {
    const trigger = page.getByTestId('time-range');
    await trigger.click();
    const panel = page.getByRole('dialog', { name: 'Time range' });
    await panel.getByRole('button', { name: 'Last 15 minutes' }).click();
    await expect.poll(() => trigger.textContent()).toBe('Last 15 minutes');

    await trigger.click();
    await panel.getByLabel('From').fill('2026-01-02T03:04:05');
    await panel.getByLabel('To').fill('2026-01-02T02:00:00');
    await panel.getByRole('button', { name: 'Apply range' }).click();
    await expect.poll(() => panel.getByRole('alert').textContent()).toBe('From must be before To');
    await panel.getByLabel('To').fill('2026-01-02T04:00:00');
    await panel.getByRole('button', { name: 'Apply range' }).click();
    await expect.poll(() => trigger.textContent()).toBe('2026-01-02 03:04:05 → 2026-01-02 04:00:00');
    // Escape closes the panel without changing the range.
    await trigger.click();
    await page.keyboard.press('Escape');
    expect(await panel.count()).toBe(0);
  });

  it('saves the timezone in user settings; after a reload it is still chosen and times follow it', async () => {
    const zone = page.getByLabel('Timezone');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/v3/user/settings') && r.status() === 201,
    );
    await zone.selectOption('Europe/Berlin');
    await saved;
    await page.reload();
    await expect.poll(() => page.getByLabel('Timezone').inputValue()).toBe('Europe/Berlin');
    // The absolute range kept across the reload, shown in Berlin time (UTC+1 in January).
    await expect
      .poll(() => page.getByTestId('time-range').textContent())
      .toBe('2026-01-02 04:04:05 → 2026-01-02 05:00:00');
    const rows = await homer.query<{ data: unknown }>(
      `SELECT data FROM user_settings WHERE username = 'admin' AND category = 'system' AND param = 'timezone'`,
    );
    expect(rows.map((r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data))).toEqual([
      { name: 'Europe/Berlin' },
    ]);
  });

  it('creates an API token and shows its value once', async () => {
    await openPreferences('API tokens');
    await page.getByLabel('Token name').fill('e2e-token');
    await page.getByRole('button', { name: 'Create token' }).click();
    const value = (await page.getByTestId('new-token').textContent()) ?? '';
    expect(value.length).toBeGreaterThan(20);
    const list = page.getByRole('table', { name: 'API tokens' });
    await list.getByRole('cell', { name: 'e2e-token' }).waitFor();
    expect(await list.textContent()).not.toContain(value);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await list.getByRole('cell', { name: 'e2e-token' }).waitFor();
    expect(await page.content()).not.toContain(value);
  });

  it('adds an alias and lists it', async () => {
    await openPreferences('Alias');
    await page.getByRole('button', { name: 'Add alias' }).click();
    const form = page.getByRole('form', { name: 'New alias' });
    await form.getByLabel('Alias').fill('pbx-e2e');
    await form.getByLabel('IP address').fill('10.9.8.7');
    await form.getByRole('button', { name: 'Create alias' }).click();
    const row = page.getByRole('table', { name: 'Aliases' }).getByRole('row', { name: /pbx-e2e/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('10.9.8.7');
  });

  it('refuses invalid mapping JSON inline and saves valid JSON', async () => {
    await openPreferences('Mapping');
    await page.getByLabel('Protocol mapping').selectOption({ label: '1_call (SIP)' });
    const fields = page.getByLabel('fields_mapping', { exact: true });
    const original = JSON.parse(await fields.inputValue()) as { id: string; name?: string }[];
    const save = page.getByRole('button', { name: 'Save mapping' });

    await fields.fill('[{"id": "data_header.from_user",');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^fields_mapping: Invalid JSON/);
    expect(await save.isDisabled()).toBe(true);
    await fields.fill('[{"name": "no id"}]');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('fields_mapping: fields_mapping[0].id must be a non-empty string');

    const edited = original.map((f, i) => (i === 0 ? { ...f, name: 'E2E renamed' } : f));
    await fields.fill(JSON.stringify(edited, null, 2));
    expect(await page.getByRole('alert').count()).toBe(0);
    await save.click();
    await page.getByText('Mapping 1_call saved.').waitFor();
    const rows = await homer.query<{ fields_mapping: unknown }>(
      `SELECT fields_mapping FROM mapping_schema WHERE hepid = 1 AND profile = 'call'`,
    );
    const stored = rows[0]?.fields_mapping;
    const list = (typeof stored === 'string' ? JSON.parse(stored) : stored) as { name?: string }[];
    expect(list[0]?.name).toBe('E2E renamed');
  });

  it('saves the grid columns chosen per user', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Search', exact: true })
      .click();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('result-count').waitFor();
    const headers = page.getByRole('columnheader');
    const before = await headers.allTextContents();
    expect(before.slice(0, 2)).toEqual(['Date', 'E2E renamed']);

    await page.getByRole('button', { name: 'Columns' }).click();
    const chooser = page.getByRole('dialog', { name: 'Grid columns' });
    await chooser.getByRole('checkbox', { name: 'E2E renamed' }).uncheck();
    // Twice: the first move only passes the column just hidden.
    await chooser.getByRole('button', { name: 'Move Date down' }).click();
    await chooser.getByRole('button', { name: 'Move Date down' }).click();
    await chooser.getByRole('button', { name: 'Save columns' }).click();
    await chooser.waitFor({ state: 'detached' });
    const expected = [before[2], 'Date', ...before.slice(3)];
    expect(await headers.allTextContents()).toEqual(expected);

    await page.reload();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('result-count').waitFor();
    await expect.poll(() => headers.allTextContents()).toEqual(expected);
  });

  it('auto-refresh runs the search again over a re-resolved relative range', async () => {
    const isSearch = (r: { url(): string }): boolean => r.url().endsWith('/api/v3/search/call/data');
    const firstSeen = page.waitForRequest(isSearch);
    await page.getByTestId('time-range').click();
    await page
      .getByRole('dialog', { name: 'Time range' })
      .getByRole('button', { name: 'Last 15 minutes' })
      .click();
    const first = await firstSeen;
    const nextSeen = page.waitForRequest(isSearch, { timeout: 8000 });
    await page.getByLabel('Auto-refresh').selectOption({ label: 'Refresh: 5 s' });
    const next = await nextSeen;
    await page.getByLabel('Auto-refresh').selectOption({ label: 'Refresh: off' });
    const span = (r: typeof first) =>
      (r.postDataJSON() as { timestamp: { from: number; to: number } }).timestamp;
    expect(span(next).to - span(first).to).toBeGreaterThanOrEqual(4000);
    expect(span(next).to - span(next).from).toBe(15 * 60_000);
  });

  it('offers a non-admin user only their own pages, so the API never answers 403', async () => {
    await page.getByRole('button', { name: /^User menu/ }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    await logIn(USER.username, USER.password);

    await openPreferences('Profile');
    const nav = page.getByRole('navigation', { name: 'Preferences' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Profile',
      'User settings',
      'Advanced',
      'Reset',
    ]);
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain(USER.username);
    for (const label of ['User settings', 'Advanced', 'Reset']) {
      await nav.getByRole('link', { name: label }).click();
      await page.getByRole('heading', { level: 1, name: label }).waitFor();
    }
    expect(await page.getByRole('button', { name: 'Reset mappings' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Advanced' }).click();
    await page.getByText('Read only: only an administrator can change these.').waitFor();
    expect(await page.getByRole('button', { name: 'Add setting' }).count()).toBe(0);

    // Typed in by hand, an admin page is refused by the UI, not by the API.
    await page.goto(`${base}/preference/users`);
    await page.getByText('There is no preference page “users” for your user.').waitFor();

    expect(failedCalls).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
