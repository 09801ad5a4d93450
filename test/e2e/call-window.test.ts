/**
 * The call window in a real browser (Debian Chromium through playwright-core): a call with RTCP
 * (HEP 5 JSON with report_blocks, correlation id = Call-ID), an RTP agent report (HEP 34) and a
 * mediasoup event (HEP 100 JSON) arrive as HEP; the test finds the call through the UI and checks
 * the QoS tab (chart + min/avg/max), Session info, the message window, dragging, two windows at
 * once with Escape closing the focused one, and the share link reopening the call in a fresh page.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHep3 } from '../../src/hep/encode.js';
import { launchChromium } from '../helpers/browser.js';
import { TEST_ADMIN_PASSWORD, startTestHomer, type TestHomer } from '../helpers/homer.js';
import { sendUdp } from '../helpers/net.js';
import { waitFor } from '../helpers/wait.js';

const ROOT = join(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'docs/screenshots');

const A = { srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 5060, dstPort: 5060 };
const B = { srcIp: '10.0.0.2', dstIp: '10.0.0.1', srcPort: 5060, dstPort: 5060 };
const FLOW: [typeof A, string, string, number][] = [
  [A, 'INVITE sip:bob@example.com SIP/2.0', '1 INVITE', 0],
  [B, 'SIP/2.0 180 Ringing', '1 INVITE', 400_000],
  [B, 'SIP/2.0 200 OK', '1 INVITE', 2_000_000],
  [A, 'ACK sip:bob@example.com SIP/2.0', '1 ACK', 2_100_000],
  [A, 'BYE sip:bob@example.com SIP/2.0', '2 BYE', 30_000_000],
  [B, 'SIP/2.0 200 OK', '2 BYE', 30_050_000],
];
const LABELS = ['INVITE', '180 Ringing', '200 OK', 'ACK', 'BYE', '200 OK'];

function sip(first: string, callId: string, cseq: string): string {
  const sdp = first.startsWith('INVITE') || first.includes('200 OK');
  const body = sdp ? 'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n' : '';
  return [
    first,
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-cw',
    'From: "Alice" <sip:alice@example.com>;tag=a1',
    'To: <sip:bob@example.com>' + (first.startsWith('INVITE') ? '' : ';tag=b2'),
    `Call-ID: ${callId}`,
    `CSeq: ${cseq}`,
    ...(sdp && cseq.endsWith('INVITE') ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${sdp && cseq.endsWith('INVITE') ? body.length : 0}`,
    '',
    sdp && cseq.endsWith('INVITE') ? body : '',
  ].join('\r\n');
}

function rtcp(ssrc: number, jitter: number, fractionLost: number, packetsLost: number): string {
  return JSON.stringify({
    sender_information: {
      ntp_timestamp_sec: 0,
      ntp_timestamp_usec: 0,
      rtp_timestamp: 0,
      packets: 500,
      octets: 80000,
    },
    ssrc,
    type: 200,
    report_count: 1,
    report_blocks: [
      {
        source_ssrc: ssrc + 1,
        fraction_lost: fractionLost,
        packets_lost: packetsLost,
        highest_seq_no: 500,
        ia_jitter: jitter,
        lsr: 0,
        dlsr: 0,
      },
    ],
  });
}

async function sendCall(homer: TestHomer, callId: string, t: number, withReports: boolean): Promise<void> {
  const packets = FLOW.map(([ends, first, cseq, offsetUs]) =>
    encodeHep3({
      ...ends,
      timeSeconds: t + Math.floor(offsetUs / 1e6),
      timeUseconds: offsetUs % 1e6,
      payload: sip(first, callId, cseq),
    }),
  );
  if (withReports) {
    const media = { srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 4001, dstPort: 5001 };
    // Five RTCP reports 5 s apart through the call, growing jitter and loss.
    for (let i = 0; i < 5; i++) {
      packets.push(
        encodeHep3({
          ...media,
          protoType: 5,
          correlationId: callId,
          timeSeconds: t + 3 + i * 5,
          timeUseconds: 0,
          payload: rtcp(0x1234, 40 + i * 40, i * 10, i * 3),
        }),
      );
    }
    packets.push(
      encodeHep3({
        ...media,
        protoType: 34,
        correlationId: callId,
        timeSeconds: t + 20,
        timeUseconds: 0,
        payload: JSON.stringify({ MOS: 4.1, JITTER: 12, PACKET_LOSS: 5, EXPECTED_PK: 500, TOTAL_PK: 495 }),
      }),
      encodeHep3({
        ...media,
        protoType: 100,
        correlationId: callId,
        timeSeconds: t + 2,
        timeUseconds: 500_000,
        payload: JSON.stringify({ event: 'producer.new', roomId: 'r1', producerId: 'p1', kind: 'audio' }),
      }),
    );
  }
  await sendUdp('127.0.0.1', homer.capture.udp!.address.port, packets);
}

describe('call window in Chromium: QoS, session info, drag, several windows, share link', () => {
  let homer: TestHomer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const consoleErrors: string[] = [];
  const callId = `cw-${process.pid}@10.0.0.1`;
  const otherCallId = `cw2-${process.pid}@10.0.0.1`;

  const watch = (p: Page): void => {
    p.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    p.on('pageerror', (e) => consoleErrors.push(e.message));
  };

  const logIn = async (p: Page): Promise<void> => {
    await p.getByLabel('Username').fill('admin');
    await p.getByLabel('Password').fill(TEST_ADMIN_PASSWORD);
    await p.getByRole('button', { name: 'Log in' }).click();
  };

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/web/index.html')))
      throw new Error('dist/web is missing: run npm run build');
    homer = await startTestHomer('pglite');
    base = `http://127.0.0.1:${homer.homer.http!.port}`;
    const t = Math.floor(Date.now() / 1000) - 120;
    await sendCall(homer, callId, t, true);
    await sendCall(homer, otherCallId, t - 60, false);
    await waitFor(async () => {
      const [sipRows, rtcpRows, rtpRows, logRows] = await Promise.all(
        ['hep_proto_1_call', 'hep_proto_5_default', 'hep_proto_35_default', 'hep_proto_100_default'].map(
          (table) =>
            homer.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE sid = ANY($1)`, [
              [callId, otherCallId],
            ]),
        ),
      );
      return sipRows?.[0]?.n === 12 &&
        rtcpRows?.[0]?.n === 5 &&
        rtpRows?.[0]?.n === 1 &&
        logRows?.[0]?.n === 1
        ? true
        : undefined;
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    page = await context.newPage();
    watch(page);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await homer?.stop();
  });

  it('opens the call: flow, message window, QoS chart and table, session info, events', async () => {
    await page.goto(`${base}/search`);
    await logIn(page);
    await page.getByLabel('SIP From user').fill('alice');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: callId }).first().click();

    const win = page.getByRole('dialog', { name: `Call ${callId}` });
    const arrows = win.getByTestId('ladder-arrow');
    await arrows.first().waitFor();
    const labels = await arrows.evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    // The SIP messages in order; RTCP/RTP/LOG rows of the call may be interleaved on the ladder.
    expect(labels.filter((l) => l && LABELS.includes(l))).toEqual(LABELS);
    await page.screenshot({ path: join(SHOTS, 'flow.png') });

    await win.locator('[data-testid="ladder-arrow"][data-label="INVITE"]').click();
    const message = page.getByRole('dialog', { name: /^Message / });
    await expect.poll(async () => message.locator('pre').textContent()).toContain(`Call-ID: ${callId}`);
    expect(await message.locator('.sip-method').first().textContent()).toBe('INVITE');
    await message.getByRole('tab', { name: 'SDP' }).click();
    expect(await message.textContent()).toContain('audio 4000 RTP/AVP 0');
    await message.getByRole('tab', { name: 'Details' }).click();
    expect(await message.getByLabel('Message details').textContent()).toMatch(
      /create_date\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} UTC/,
    );
    await message.getByRole('button', { name: 'Close message' }).click();
    await message.waitFor({ state: 'detached' });

    await win.getByRole('tab', { name: /^QoS/ }).click();
    const table = win.getByRole('table', { name: 'QoS min/avg/max' });
    await table.waitFor();
    const qosText = (await table.textContent()) ?? '';
    expect(qosText).toContain('ssrc 0x1234');
    // Jitter 40..200 RTP units at 8 kHz = 5..25 ms; RTP agent report as its own stream.
    expect(qosText).toContain('5.00 / 15.00 / 25.00');
    expect(qosText).toContain('RTP10.0.0.1:4001 → 10.0.0.2:5001');
    await win.getByTestId('qos-chart-jitterMs').locator('canvas').waitFor();
    await win.getByTestId('qos-chart-mos').locator('canvas').waitFor();
    await page.screenshot({ path: join(SHOTS, 'qos.png') });

    await win.getByRole('tab', { name: 'Session info' }).click();
    const info = win.getByRole('table', { name: 'Session info' });
    await expect.poll(async () => info.textContent()).toContain('Completed');
    expect(await info.textContent()).toContain('Setup delay2.000 s');
    expect(await info.textContent()).toContain('Ringing time1.600 s');

    await win.getByRole('tab', { name: /^Events/ }).click();
    await expect
      .poll(async () => win.getByRole('table', { name: 'Events timeline' }).textContent())
      .toContain('producer.new');
    expect(consoleErrors).toEqual([]);
  });

  it('drags the window by its header, opens a second one and Escape closes the focused one', async () => {
    const win = page.getByRole('dialog', { name: `Call ${callId}` });
    const before = (await win.boundingBox())!;
    const header = win.locator('.cw-titlebar').first();
    const h = (await header.boundingBox())!;
    await page.mouse.move(h.x + 200, h.y + h.height / 2);
    await page.mouse.down();
    await page.mouse.move(h.x + 260, h.y + h.height / 2 + 40, { steps: 5 });
    await page.mouse.up();
    const after = (await win.boundingBox())!;
    expect(Math.round(after.x - before.x)).toBe(60);
    expect(Math.round(after.y - before.y)).toBe(40);

    // The grid is under the first window: click the other call's cell directly.
    await page.getByRole('button', { name: otherCallId }).first().dispatchEvent('click');
    const second = page.getByRole('dialog', { name: `Call ${otherCallId}` });
    await second.getByTestId('ladder-arrow').first().waitFor();
    await expect.poll(async () => page.getByTestId('call-window').count()).toBe(2);
    await second.press('Escape');
    await second.waitFor({ state: 'detached' });
    expect(await page.getByTestId('call-window').count()).toBe(1);
    expect(consoleErrors).toEqual([]);
  });

  it('the share link reopens the same call, on the same tab, in a fresh page after login', async () => {
    const win = page.getByRole('dialog', { name: `Call ${callId}` });
    await win.getByRole('tab', { name: 'Flow' }).click();
    await win.getByRole('tab', { name: 'Export' }).click();
    const link = await win.getByLabel('Share link').inputValue();
    expect(link).toMatch(new RegExp(`^${base}/transaction\\?req=[A-Za-z0-9_-]+`));

    const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    try {
      const other = await fresh.newPage();
      watch(other);
      await other.goto(link);
      await logIn(other);
      const shared = other.getByRole('dialog', { name: `Call ${callId}` });
      const arrows = shared.getByTestId('ladder-arrow');
      await arrows.first().waitFor();
      const labels = await arrows.evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
      expect(labels.filter((l) => l && LABELS.includes(l))).toEqual(LABELS);
      expect(await shared.getByRole('tab', { name: 'Flow' }).getAttribute('aria-selected')).toBe('true');
    } finally {
      await fresh.close();
    }
    expect(consoleErrors).toEqual([]);
  });
});
