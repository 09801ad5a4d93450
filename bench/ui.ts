/**
 * UI budget benchmark (issue 4 §10; a measurement, not a test). Debian Chromium headless (the
 * browser tests' flags, software rendering) against homer-ts started in this process on PGlite:
 *
 * 1. First paint: a fresh browser context (empty cache) opens `/` logged out (the login page) and
 *    logged in (the home page: dashboard, or the search page where dashboards are not wired). Figures
 *    are the browser's own `first-contentful-paint` and the time until `<main>` has content.
 * 2. Ladder: a 500-message call (and a 2 000-message one) sent as HEP, found through the search form;
 *    from the click on its Call-ID to the ladder painted (MutationObserver sees the first arrow, then
 *    one animation frame). Split into the `call/transaction` request (Resource Timing) and the render
 *    after its response (parse, layout, React, paint).
 * 3. Grid scroll: the search reply is a synthetic 100 000-row reply injected at the browser's network
 *    layer (`page.route`), so the real app renders it in the real grid but the server does not build
 *    100 000 rows (bench:search measures that). The grid's scroll element is scrolled from
 *    requestAnimationFrame: steady (200 px per frame) and a full traverse (all 100 000 rows in 300
 *    frames). A frame is dropped when its interval exceeds 1.5 × the idle frame interval.
 *
 *   npx tsx bench/ui.ts [--runs 5]
 *
 * Output: a table on stdout, every figure in .bench-out/ui-<ts>.json. Needs dist/web (npm run build).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { encodeHep3 } from '../src/hep/encode.js';
import { launchChromium } from '../test/helpers/browser.js';
import { TEST_ADMIN_PASSWORD, startTestHomer, type TestHomer } from '../test/helpers/homer.js';
import { sendUdp } from '../test/helpers/net.js';
import { waitFor } from '../test/helpers/wait.js';
import { markdownTable } from './lib/report.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(REPO, '.bench-out');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const GRID_ROWS = 100_000;

function log(message: string): void {
  process.stdout.write(`[ui ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const f = (n: number | undefined, d = 1): string =>
  n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(d);

// ---------------------------------------------------------------------------------------------
// Data

function sipMessage(first: string, callId: string, cseq: string, fromUser: string): string {
  return [
    first,
    'Via: SIP/2.0/UDP 10.1.0.1:5060;branch=z9hG4bK-ui',
    `From: <sip:${fromUser}@example.com>;tag=a1`,
    'To: <sip:bob@example.com>' + (first.startsWith('INVITE') ? '' : ';tag=b2'),
    `Call-ID: ${callId}`,
    `CSeq: ${cseq}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** A call of `n` SIP messages: INVITE/200/ACK, INFO + 200 pairs in the dialog, BYE/200. */
async function sendLongCall(homer: TestHomer, callId: string, fromUser: string, n: number): Promise<void> {
  const a = { srcIp: '10.1.0.1', dstIp: '10.1.0.2', srcPort: 5060, dstPort: 5060 };
  const b = { srcIp: '10.1.0.2', dstIp: '10.1.0.1', srcPort: 5060, dstPort: 5060 };
  const plan: [typeof a, string, string][] = [
    [a, 'INVITE sip:bob@example.com SIP/2.0', '1 INVITE'],
    [b, 'SIP/2.0 200 OK', '1 INVITE'],
    [a, 'ACK sip:bob@example.com SIP/2.0', '1 ACK'],
  ];
  for (let cseq = 2; plan.length < n - 2; cseq++) {
    plan.push([a, 'INFO sip:bob@example.com SIP/2.0', `${cseq} INFO`], [b, 'SIP/2.0 200 OK', `${cseq} INFO`]);
  }
  plan.length = n - 2;
  plan.push([a, 'BYE sip:bob@example.com SIP/2.0', '9999 BYE'], [b, 'SIP/2.0 200 OK', '9999 BYE']);
  const t0 = Math.floor(Date.now() / 1000) - 600;
  const packets = plan.map(([ends, first, cseq], i) =>
    encodeHep3({
      ...ends,
      timeSeconds: t0 + Math.floor(i / 10),
      timeUseconds: (i % 10) * 100_000,
      payload: sipMessage(first, callId, cseq, fromUser),
    }),
  );
  for (let i = 0; i < packets.length; i += 200) {
    await sendUdp('127.0.0.1', homer.capture.udp!.address.port, packets.slice(i, i + 200));
  }
  await waitFor(
    async () => {
      const rows = await homer.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM hep_proto_1_call WHERE sid = $1',
        [callId],
      );
      return rows[0]?.n === n ? true : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

function syntheticSearchReply(rows: number): string {
  const now = Date.now();
  const methods = ['INVITE', '100', '180', '200', 'ACK', 'BYE', 'REGISTER', 'OPTIONS'];
  const data = Array.from({ length: rows }, (_, i) => {
    const call = Math.floor(i / 6);
    return {
      id: rows - i,
      sid: `grid-${call}@10.2.0.1`,
      callid: `grid-${call}@10.2.0.1`,
      create_date: now - i * 10,
      method: methods[i % methods.length],
      from_user: `user${call % 5000}`,
      to_user: `dest${call % 7000}`,
      ruri_user: `dest${call % 7000}`,
      user_agent: 'bench-ua/1.0',
      srcIp: `10.2.${(i >> 8) & 255}.${i & 255}`,
      srcPort: 5060,
      dstIp: '10.3.0.1',
      dstPort: 5060,
      protocol: 17,
      payloadType: 1,
      captureId: '2001',
      node: 'localnode',
      dbnode: 'localnode',
      table: 'hep_proto_1_call',
    };
  });
  return JSON.stringify({ total: rows, data });
}

// ---------------------------------------------------------------------------------------------
// Browser steps

async function logIn(page: Page): Promise<void> {
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(TEST_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Installed before any page script: the time `<main>` (or #root when there is no main) gets content. */
const CONTENT_OBSERVER = `
  window.__contentAt = undefined;
  new MutationObserver((_, obs) => {
    const main = document.querySelector('main') || document.querySelector('form');
    if (main && main.textContent && main.textContent.trim() !== '' && window.__contentAt === undefined) {
      window.__contentAt = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

interface PaintRun {
  readonly fcp: number;
  readonly content: number;
  readonly load: number;
}

async function firstPaint(
  browser: Browser,
  url: string,
  storageState?: Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>>,
): Promise<PaintRun> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    ...(storageState ? { storageState } : {}),
  });
  try {
    const page = await context.newPage();
    await page.addInitScript(CONTENT_OBSERVER);
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction('window.__contentAt !== undefined', undefined, { timeout: 10_000 });
    return (await page.evaluate(`(() => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const nav = performance.getEntriesByType('navigation')[0];
      return { fcp: fcp ? fcp.startTime : NaN, content: window.__contentAt, load: nav ? nav.loadEventEnd : NaN };
    })()`)) as PaintRun;
  } finally {
    await context.close();
  }
}

interface LadderRun {
  readonly total: number;
  readonly request: number;
  readonly render: number;
  readonly drawnArrows: number;
  readonly rows: number;
}

/** Clicks the Call-ID cell inside the page and times click → first arrow in the DOM → next frame. */
async function openLadder(page: Page, callId: string): Promise<LadderRun> {
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const cell = [...document.querySelectorAll('button')].find((b) => b.textContent === ${JSON.stringify(callId)});
    if (!cell) return reject(new Error('no Call-ID cell'));
    const before = document.querySelectorAll('[data-testid="ladder"]').length;
    const obs = new MutationObserver(() => {
      const svgs = document.querySelectorAll('[data-testid="ladder"]');
      const svg = svgs[svgs.length - 1];
      if (svgs.length <= before || !svg.querySelector('[data-testid="ladder-arrow"]')) return;
      obs.disconnect();
      requestAnimationFrame(() => setTimeout(() => {
        const painted = performance.now();
        const res = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/call/transaction')).pop();
        resolve({
          total: painted - t0,
          request: res ? res.responseEnd - t0 : NaN,
          render: res ? painted - res.responseEnd : NaN,
          drawnArrows: svg.querySelectorAll('[data-testid="ladder-arrow"]').length,
          rows: Number(svg.getAttribute('data-rows')),
        });
      }, 0));
    });
    obs.observe(document.body, { childList: true, subtree: true });
    performance.clearResourceTimings();
    const t0 = performance.now();
    cell.click();
  })`)) as LadderRun;
}

interface ScrollResult {
  readonly frames: number;
  readonly idleIntervalMs: number;
  readonly dropped: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly rowsInDom: number;
  readonly scrolledPx: number;
}

/** Scrolls the grid's scroll element from rAF by `step(frame)` px for `frames` frames. */
async function scrollGrid(page: Page, frames: number, stepPx: number | 'traverse'): Promise<ScrollResult> {
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const el = document.querySelector('[data-bench-control]') || [...document.querySelectorAll('*')].find((e) => e.scrollHeight > 1000000 && /(auto|scroll)/.test(getComputedStyle(e).overflowY));
    if (!el) return reject(new Error('no grid scroll element over 1 000 000 px'));
    el.scrollTop = 0;
    const idle = [];
    const deltas = [];
    let last;
    const step = ${JSON.stringify(stepPx)} === 'traverse' ? (el.scrollHeight - el.clientHeight) / ${frames} : ${JSON.stringify(stepPx)};
    let n = 0;
    const idleFrame = (t) => {
      if (last !== undefined) idle.push(t - last);
      last = t;
      if (idle.length < 60) return requestAnimationFrame(idleFrame);
      last = undefined;
      requestAnimationFrame(scrollFrame);
    };
    const scrollFrame = (t) => {
      if (last !== undefined) deltas.push(t - last);
      last = t;
      if (n++ >= ${frames}) {
        const sorted = [...deltas].sort((a, b) => a - b);
        const idleSorted = [...idle].sort((a, b) => a - b);
        const base = idleSorted[Math.floor(idleSorted.length / 2)];
        resolve({
          frames: deltas.length,
          idleIntervalMs: base,
          dropped: deltas.filter((d) => d > base * 1.5).length,
          p50: sorted[Math.floor(sorted.length * 0.5)],
          p95: sorted[Math.floor(sorted.length * 0.95)],
          max: sorted[sorted.length - 1],
          rowsInDom: el.querySelectorAll('[role="row"], .grid-row').length,
          scrolledPx: el.scrollTop,
        });
        return;
      }
      el.scrollTop += step;
      requestAnimationFrame(scrollFrame);
    };
    requestAnimationFrame(idleFrame);
  })`)) as ScrollResult;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!existsSync(join(REPO, 'dist/web/index.html')))
    throw new Error('dist/web is missing: run npm run build');
  log('starting homer-ts (PGlite) and Chromium');
  const homer = await startTestHomer('pglite');
  const browser = await launchChromium();
  const base = `http://127.0.0.1:${homer.homer.http!.port}`;
  try {
    const calls = [
      { n: 500, callId: `ui-bench-500-${process.pid}@10.1.0.1`, fromUser: 'bench500' },
      { n: 2000, callId: `ui-bench-2000-${process.pid}@10.1.0.1`, fromUser: 'bench2000' },
    ];
    for (const c of calls) {
      log(`sending a ${c.n}-message call as HEP`);
      await sendLongCall(homer, c.callId, c.fromUser, c.n);
    }

    // Session for the logged-in runs.
    const loginContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const loginPage = await loginContext.newPage();
    await loginPage.goto(`${base}/`);
    await logIn(loginPage);
    await loginPage.waitForSelector('main, .content', { timeout: 10_000 });
    const session = await loginContext.storageState();

    log(`first paint: ${RUNS} cold runs each, logged out and logged in`);
    const paintOut: PaintRun[] = [];
    const paintIn: PaintRun[] = [];
    await firstPaint(browser, `${base}/`); // warm the server's static file path once
    for (let i = 0; i < RUNS; i++) paintOut.push(await firstPaint(browser, `${base}/`));
    for (let i = 0; i < RUNS; i++) paintIn.push(await firstPaint(browser, `${base}/`, session));

    log('ladder: click → painted');
    const page = await loginContext.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${base}/search`);
    const ladders: Record<number, LadderRun[]> = {};
    for (const c of calls) {
      await page.getByLabel('SIP From user').fill(c.fromUser);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('button', { name: c.callId }).first().waitFor();
      ladders[c.n] = [];
      for (let i = 0; i < RUNS; i++) {
        ladders[c.n]!.push(await openLadder(page, c.callId));
        await page.keyboard.press('Escape');
        await page.waitForFunction('document.querySelectorAll(\'[data-testid="ladder"]\').length === 0');
      }
    }

    log(`grid: ${GRID_ROWS} synthetic rows through page.route, scrolled from requestAnimationFrame`);
    const reply = syntheticSearchReply(GRID_ROWS);
    await page.route('**/api/v3/search/call/data', (route) =>
      route.fulfill({ status: 201, contentType: 'application/json', body: reply }),
    );
    await page.getByLabel('SIP From user').fill('grid');
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: 'grid-0@10.2.0.1' }).first().waitFor({ timeout: 60_000 });
    const gridShownMs = Date.now() - t0;
    const steady = await scrollGrid(page, 600, 200);
    const traverse = await scrollGrid(page, 300, 'traverse');
    // Control: the same scroll of a plain 3 000 000 px box with static text rows over the page,
    // i.e. what this machine and software rendering drop without any grid or React work.
    await page.evaluate(`(() => {
      const box = document.createElement('div');
      box.setAttribute('data-bench-control', '');
      box.style.cssText = 'position:fixed;inset:40px;overflow:auto;background:#fff;z-index:99999';
      const inner = document.createElement('div');
      inner.style.height = '3000000px';
      inner.style.background = 'repeating-linear-gradient(#fff 0 29px, #ddd 29px 30px)';
      box.append(inner);
      document.body.append(box);
    })()`);
    const control = await scrollGrid(page, 600, 200);
    await page.evaluate(`document.querySelector('[data-bench-control]').remove()`);

    // ---- report
    const ladderRow = (n: number): string[] => {
      const runs = ladders[n] ?? [];
      return [
        `${n}-message ladder (median of ${runs.length})`,
        `${f(median(runs.map((r) => r.total)))} ms click → painted; request ${f(median(runs.map((r) => r.request)))} ms, render after response ${f(median(runs.map((r) => r.render)))} ms; ${runs[0]?.drawnArrows ?? 0} of ${runs[0]?.rows ?? 0} arrows in the DOM`,
        n === 500
          ? `render < 300 ms: ${median(runs.map((r) => r.render)) < 300 ? 'yes' : 'NO'}; total < 300 ms: ${median(runs.map((r) => r.total)) < 300 ? 'yes' : 'NO'}`
          : '(virtualisation check)',
      ];
    };
    const scrollRow = (name: string, s: ScrollResult): string[] => [
      name,
      `${s.frames} frames, frame p50 ${f(s.p50)} / p95 ${f(s.p95)} / max ${f(s.max)} ms (idle ${f(s.idleIntervalMs)} ms); ${s.rowsInDom} rows in the DOM; scrolled to ${Math.round(s.scrolledPx)} px`,
      `dropped frames: ${s.dropped}`,
    ];
    const table = markdownTable(
      ['Measure', 'Result', 'Budget'],
      [
        [
          `first paint, logged out (median of ${RUNS})`,
          `FCP ${f(median(paintOut.map((p) => p.fcp)))} ms, content ${f(median(paintOut.map((p) => p.content)))} ms, load ${f(median(paintOut.map((p) => p.load)))} ms`,
          `< 1000 ms: ${median(paintOut.map((p) => p.fcp)) < 1000 ? 'yes' : 'NO'}`,
        ],
        [
          `first paint, logged in (median of ${RUNS})`,
          `FCP ${f(median(paintIn.map((p) => p.fcp)))} ms, content ${f(median(paintIn.map((p) => p.content)))} ms, load ${f(median(paintIn.map((p) => p.load)))} ms`,
          `< 1000 ms: ${median(paintIn.map((p) => p.content)) < 1000 ? 'yes' : 'NO'}`,
        ],
        ladderRow(500),
        ladderRow(2000),
        [
          `grid: ${GRID_ROWS} rows shown`,
          `${gridShownMs} ms search click → first row (synthetic reply, no server)`,
          '',
        ],
        scrollRow('grid scroll, steady 200 px/frame', steady),
        scrollRow('grid scroll, whole list in 300 frames', traverse),
        scrollRow('control: plain 3 M px box, 200 px/frame', control),
      ],
    );
    process.stdout.write(`\n${table}\n\n`);
    if (consoleErrors.length) log(`console errors: ${consoleErrors.join(' | ')}`);
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, `ui-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          machine: {
            cpus: cpus().length,
            cpu: cpus()[0]?.model,
            memGiB: totalmem() / 2 ** 30,
            kernel: release(),
          },
          browser: browser.version(),
          runs: RUNS,
          firstPaint: { loggedOut: paintOut, loggedIn: paintIn },
          ladder: ladders,
          grid: { rows: GRID_ROWS, shownMs: gridShownMs, steady, traverse, control },
          p95: {
            ladder500Total: pct(
              (ladders[500] ?? []).map((r) => r.total),
              95,
            ),
          },
          consoleErrors,
        },
        null,
        2,
      ),
    );
    log(`wrote ${file}`);
    await loginContext.close();
  } finally {
    await browser.close();
    await homer.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
