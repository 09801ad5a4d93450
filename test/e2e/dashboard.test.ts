/**
 * Dashboards in a real browser (Debian Chromium through playwright-core): the seeded home shows its
 * search, result and clock widgets; a markdown note and a Prometheus chart added from the catalogue
 * are saved through `dashboard/store` and are still there after a reload; widgets move (keyboard and
 * mouse) and are removed, and every change reaches the stored dashboard. No console errors on the way.
 * Debian's Prometheus scrapes the server's /metrics and answers the chart through the API's proxy.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHep3 } from '../../src/hep/encode.js';
import { launchChromium } from '../helpers/browser.js';
import { freeTcpPort, startDaemon, type Daemon } from '../helpers/daemon.js';
import { TEST_ADMIN_PASSWORD, startTestHomer, type TestHomer } from '../helpers/homer.js';
import { sendUdp } from '../helpers/net.js';
import { waitFor } from '../helpers/wait.js';

const ROOT = join(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'docs/screenshots');

interface StoredWidget {
  id: string;
  name: string;
  x: number;
  y: number;
  cols: number;
  rows: number;
  config?: { markdown?: string };
}

function invite(callId: string, from: string): string {
  return [
    `INVITE sip:bob@example.com SIP/2.0`,
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-dash',
    `From: "${from}" <sip:${from}@example.com>;tag=a1`,
    'To: <sip:bob@example.com>',
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe('web UI in Chromium: dashboards', () => {
  let homer: TestHomer;
  let prometheus: Daemon;
  let promUrl: string;
  let browser: Browser;
  let page: Page;
  let base: string;
  const consoleErrors: string[] = [];

  /** The admin's stored home dashboard widgets, straight from user_settings. */
  async function storedWidgets(): Promise<StoredWidget[]> {
    const rows = await homer.query<{ data: unknown }>(
      `SELECT data FROM user_settings WHERE category = 'dashboard' AND param = 'home' AND username = 'admin'`,
    );
    const data = typeof rows[0]?.data === 'string' ? JSON.parse(rows[0].data) : rows[0]?.data;
    return (data as { widgets: StoredWidget[] }).widgets;
  }

  async function saved(): Promise<void> {
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('All changes saved');
  }

  const region = (name: string) => page.getByRole('region', { name, exact: true });

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/web/index.html')))
      throw new Error('dist/web is missing: run npm run build');
    // Prometheus's port is chosen first: the server is told where it is, Prometheus where to scrape.
    const promPort = await freeTcpPort();
    promUrl = `http://127.0.0.1:${promPort}`;
    homer = await startTestHomer('pglite', { HOMER_PROMETHEUS_URL: promUrl });
    prometheus = await startDaemon({
      command: 'prometheus',
      debianPackage: 'prometheus',
      readyUrl: `${promUrl}/-/ready`,
      prepare: (dir) =>
        writeFileSync(
          join(dir, 'prometheus.yml'),
          [
            'global: { scrape_interval: 1s }',
            'scrape_configs:',
            '  - job_name: homer',
            `    static_configs: [ { targets: ['127.0.0.1:${homer.homer.http!.port}'] } ]`,
            '',
          ].join('\n'),
        ),
      args: (dir) => [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
    });
    const t = Math.floor(Date.now() / 1000) - 60;
    await sendUdp(
      '127.0.0.1',
      homer.capture.udp!.address.port,
      ['alice', 'carol', 'dave'].map((from, i) =>
        encodeHep3({
          srcIp: '10.0.0.1',
          dstIp: '10.0.0.2',
          srcPort: 5060,
          dstPort: 5060,
          timeSeconds: t + i,
          timeUseconds: 0,
          payload: invite(`dash-${i}-${process.pid}@10.0.0.1`, from),
        }),
      ),
    );
    await waitFor(async () => {
      const rows = await homer.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM hep_proto_1_call WHERE sid LIKE 'dash-%'`,
      );
      return rows[0]?.n === 3 ? true : undefined;
    });
    // The chart's range ends when the page resolves it: wait until Prometheus has two scrapes of
    // the counter (a rate) before the browser logs in.
    await waitFor(
      async () => {
        const q = encodeURIComponent('sum by (response) (rate(heplify_method_response[1m]))');
        const res = await fetch(`${promUrl}/api/v1/query?query=${q}`);
        const body = (await res.json()) as { data: { result: unknown[] } };
        return body.data.result.length > 0 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'a rate series in Prometheus' },
    );
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    mkdirSync(SHOTS, { recursive: true });
    base = `http://127.0.0.1:${homer.homer.http!.port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await homer?.stop();
    await prometheus?.stop();
  });

  it('adds a note and a chart that survive a reload, moves and removes widgets', async () => {
    await page.goto(`${base}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(TEST_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();

    // The seeded home: homer-ui's proto search, RESULT grid and clock, mapped to our widgets.
    await page.waitForURL(`${base}/dashboard/home`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Home');
    await region('SIP Call Search').getByLabel('SIP From user').waitFor();
    await expect.poll(() => region('UTC').locator('.clock-time').textContent()).toMatch(/^\d\d:\d\d:\d\d$/);
    await region('Search Results')
      .getByRole('button', { name: /^dash-/ })
      .first()
      .waitFor();

    // Search from the form: the result widget shows only the matching call.
    await region('SIP Call Search').getByLabel('SIP From user').fill('carol');
    await region('SIP Call Search').getByRole('button', { name: 'Search' }).click();
    await expect
      .poll(() => region('Search Results').getByTestId('result-count').textContent())
      .toBe('1 shown of 1 matching');

    // Add a note from the catalogue; its editor opens at once.
    await page.getByRole('button', { name: '+ Add widget' }).click();
    await page.getByRole('menuitem', { name: /^Note/ }).click();
    const note = region('Note');
    await note
      .getByRole('textbox', { name: /^Note/ })
      .fill('# Runbook\n\nCall **NOC** first\n\n- check trunks');
    await note.getByRole('button', { name: 'Save' }).click();
    await note.getByRole('heading', { name: 'Runbook' }).waitFor();
    await saved();
    const afterAdd = await storedWidgets();
    const stored = afterAdd.find((w) => w.name === 'embed-markdown');
    expect(stored).toMatchObject({ id: 'embed-markdown-1', x: 0, y: 12, cols: 6, rows: 5 });
    expect(stored?.config?.markdown).toContain('Call **NOC** first');

    // A chart of SIP methods and responses over time (homer-ts's own counter through the proxy);
    // its default settings are kept as they are.
    await page.getByRole('button', { name: '+ Add widget' }).click();
    await page.getByRole('menuitem', { name: /^SIP methods and responses/ }).click();
    const chart = region('SIP methods and responses');
    await chart.getByRole('button', { name: 'Cancel' }).click();
    await chart.locator('canvas').first().waitFor();
    await saved();
    // The series the chart drew are Prometheus's own answer for the server's counter.
    const direct = await fetch(
      `${promUrl}/api/v1/query?query=${encodeURIComponent('sum by (response) (rate(heplify_method_response[1m]))')}`,
    );
    const answer = (await direct.json()) as { data: { result: { metric: { response?: string } }[] } };
    expect(answer.data.result.map((r) => r.metric.response)).toContain('INVITE');
    expect((await storedWidgets()).find((w) => w.id === 'prometheuschart-1')).toMatchObject({ x: 6, y: 12 });

    // Reload: the note, its text and the chart come back from the server.
    await page.reload();
    await region('Note').getByRole('heading', { name: 'Runbook' }).waitFor();
    expect(await region('Note').locator('strong').textContent()).toBe('NOC');
    expect(await region('Note').getByRole('listitem').textContent()).toBe('check trunks');
    await chart.locator('canvas').first().waitFor();
    expect(await chart.locator('.u-legend').textContent()).toContain('INVITE');
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });

    // Move the note with the keyboard (its header is the handle): two cells down, one taller; a step
    // right onto the chart is refused.
    await region('Note').getByTestId('widget-handle').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('ArrowRight');
    await saved();
    expect((await storedWidgets()).find((w) => w.id === 'embed-markdown-1')).toMatchObject({
      x: 0,
      y: 14,
      cols: 6,
      rows: 6,
    });

    // Drag the clock with the mouse to the free space right of the chart (18 columns, 3 rows away).
    const handle = region('UTC').getByTestId('widget-handle');
    const box = (await handle.boundingBox())!;
    const grid = (await page.locator('.react-grid-layout').boundingBox())!;
    const colStep = (grid.width - 10 * 25) / 24 + 10;
    const [startX, startY] = [box.x + 30, box.y + box.height / 2];
    await page.mouse.move(startX, startY);
    await page.mouse.down();
    await page.mouse.move(startX + 9 * colStep, startY + 75, { steps: 6 });
    await page.mouse.move(startX + 18 * colStep, startY + 150, { steps: 6 });
    await page.mouse.up();
    await saved();
    expect((await storedWidgets()).find((w) => w.id === 'clock-1')).toMatchObject({ x: 18, y: 12 });

    // Remove the clock; after a reload it is gone and the others stay.
    await region('UTC').getByRole('button', { name: 'Remove' }).click();
    await saved();
    expect((await storedWidgets()).map((w) => w.id)).toEqual([
      'display-results-1',
      'RESULT-1',
      'embed-markdown-1',
      'prometheuschart-1',
    ]);
    await page.reload();
    await region('Note').getByRole('heading', { name: 'Runbook' }).waitFor();
    expect(await region('UTC').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('searches with the smart input: a suggested field, then its value', async () => {
    await page.getByRole('button', { name: '+ Add widget' }).click();
    await page.getByRole('menuitem', { name: /^Smart Search/ }).click();
    const input = region('Smart Search').getByRole('combobox');
    await input.fill('sip.from');
    await region('Smart Search')
      .getByRole('option', { name: /^sip\.from_user/ })
      .waitFor();
    await input.press('ArrowDown');
    await input.press('Enter');
    expect(await input.inputValue()).toBe('sip.from_user = ""');
    await input.pressSequentially('dave');
    expect(await input.inputValue()).toBe('sip.from_user = "dave"');
    await input.press('Enter');
    await expect
      .poll(() => region('Search Results').getByTestId('result-count').textContent())
      .toBe('1 shown of 1 matching');
    expect(await region('Search Results').getByRole('row').nth(1).textContent()).toContain('dave');
    await saved();
    expect(consoleErrors).toEqual([]);
  });

  it('creates a dashboard from the menu, opens it and deletes it', async () => {
    await page.getByRole('button', { name: /^Dashboard: Home/ }).click();
    await page.getByRole('button', { name: 'New dashboard…' }).click();
    await page.getByLabel('New dashboard name').fill('Ops Floor');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(`${base}/dashboard/ops-floor`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ops Floor');
    await page.getByText('This dashboard is empty').waitFor();

    await page.getByRole('button', { name: /^Dashboard: Ops Floor/ }).click();
    expect(
      await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link').allTextContents(),
    ).toEqual(['Home', 'Ops Floor']);
    await page.getByRole('button', { name: 'Delete this dashboard…' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL(`${base}/dashboard/home`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Home');
    const rows = await homer.query(
      `SELECT 1 FROM user_settings WHERE category = 'dashboard' AND param = 'ops-floor'`,
    );
    expect(rows).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
