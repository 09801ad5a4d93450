/**
 * The on-call path in a real browser (Debian Chromium through playwright-core): log in, find a call
 * by From user, open its flow, check every message is on the ladder in order, open a message and
 * download the PCAP. The call arrives as HEP over UDP into a server started by the test.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHep3 } from '../../src/hep/encode.js';
import { launchChromium } from '../helpers/browser.js';
import { TEST_ADMIN_PASSWORD, startTestHomer, type TestHomer } from '../helpers/homer.js';
import { sendUdp } from '../helpers/net.js';
import { waitFor } from '../helpers/wait.js';

const ROOT = join(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'docs/screenshots');

function sip(first: string, callId: string, cseq: string): string {
  return [
    first,
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-e2e',
    'From: "Alice" <sip:alice@example.com>;tag=a1',
    'To: <sip:bob@example.com>' +
      (first.startsWith('SIP/') || cseq.endsWith('BYE') || cseq.endsWith('ACK') ? ';tag=b2' : ''),
    `Call-ID: ${callId}`,
    `CSeq: ${cseq}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe('web UI in Chromium: search, flow, message, PCAP', () => {
  let homer: TestHomer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const callId = `e2e-${process.pid}@10.0.0.1`;
  const expected = ['INVITE', '180 Ringing', '200 OK', 'ACK', 'BYE', '200 OK'];

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/web/index.html')))
      throw new Error('dist/web is missing: run npm run build');
    homer = await startTestHomer('pglite');
    const t = Math.floor(Date.now() / 1000) - 120;
    const a = { srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 5060, dstPort: 5060 };
    const b = { srcIp: '10.0.0.2', dstIp: '10.0.0.1', srcPort: 5060, dstPort: 5060 };
    const messages: [typeof a, string, string, number][] = [
      [a, 'INVITE sip:bob@example.com SIP/2.0', '1 INVITE', 0],
      [b, 'SIP/2.0 180 Ringing', '1 INVITE', 400_000],
      [b, 'SIP/2.0 200 OK', '1 INVITE', 2_000_000],
      [a, 'ACK sip:bob@example.com SIP/2.0', '1 ACK', 2_100_000],
      [a, 'BYE sip:bob@example.com SIP/2.0', '2 BYE', 30_000_000],
      [b, 'SIP/2.0 200 OK', '2 BYE', 30_050_000],
    ];
    await sendUdp(
      '127.0.0.1',
      homer.capture.udp!.address.port,
      messages.map(([ends, first, cseq, offsetUs]) =>
        encodeHep3({
          ...ends,
          timeSeconds: t + Math.floor(offsetUs / 1e6),
          timeUseconds: offsetUs % 1e6,
          payload: sip(first, callId, cseq),
        }),
      ),
    );
    await waitFor(async () => {
      const rows = await homer.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM hep_proto_1_call WHERE sid = $1',
        [callId],
      );
      return rows[0]?.n === 6 ? true : undefined;
    });
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await homer?.stop();
  });

  it('finds the call by From user, shows its ladder in order, a message and downloads the PCAP', async () => {
    await page.goto(`http://127.0.0.1:${homer.homer.http!.port}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(TEST_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    // Login lands on the home dashboard; the search page is one link away in the top bar.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Search', exact: true })
      .click();
    await page.getByLabel('SIP From user').waitFor();
    await page.screenshot({ path: join(SHOTS, 'search.png') });

    await page.getByLabel('SIP From user').fill('alice');
    await page.getByRole('button', { name: 'Search' }).click();
    const callCell = page.getByRole('button', { name: callId }).first();
    await callCell.waitFor();
    await page.screenshot({ path: join(SHOTS, 'results.png') });
    await callCell.click();

    const arrows = page.getByTestId('ladder-arrow');
    await arrows.first().waitFor();
    expect(await arrows.evaluateAll((els) => els.map((e) => e.getAttribute('data-label')))).toEqual(expected);
    await page.screenshot({ path: join(SHOTS, 'flow.png') });

    await arrows.nth(0).click();
    const message = page.getByRole('dialog', { name: /^Message / });
    await expect.poll(async () => message.locator('pre').textContent()).toContain(`Call-ID: ${callId}`);
    await page.getByRole('button', { name: 'Close message' }).click();

    await page.getByRole('tab', { name: 'Session info' }).click();
    await expect.poll(async () => page.locator('.session-info').textContent()).toContain('Completed');

    await page.getByRole('tab', { name: 'Export' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export PCAP' }).click(),
    ]);
    const file = await download.path();
    const pcap = readFileSync(file);
    expect(pcap.readUInt32LE(0)).toBe(0xa1b2c3d4);
    // 24-byte header + 6 records (16-byte header + Ethernet/IPv4/UDP + SIP each)
    expect(pcap.length).toBeGreaterThan(24 + 6 * (16 + 42 + 100));
    expect(consoleErrors).toEqual([]);
  });
});
