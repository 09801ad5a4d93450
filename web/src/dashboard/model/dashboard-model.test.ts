import { afterEach, describe, expect, it, vi } from 'vitest';
import { CATALOGUE, kindOf } from './catalogue.js';
import {
  addWidget,
  columnsOf,
  dashboardIdFor,
  newDashboard,
  nextWidgetId,
  parseDashboard,
  type StoredWidget,
  removeWidget,
  updateWidgetConfig,
  widgetTitle,
} from './dashboard.js';
import { applyLayout, nudge, placeNew, toGridItems, type GridItem } from './layout.js';
import { SaveQueue, type SaveStatus } from './save-queue.js';
import { homeDashboard } from '../../../../src/api/settings/dashboard-home.js';

/** The home dashboard exactly as the server seeds it. */
const SEEDED_HOME = homeDashboard() as { widgets: StoredWidget[] } & Record<string, unknown>;

describe('toGridItems / applyLayout', () => {
  it('maps gridster x/y/cols/rows to grid items and back', () => {
    const items = toGridItems(SEEDED_HOME.widgets, 24);
    expect(items).toEqual([
      { i: 'display-results-1', x: 0, y: 0, w: 6, h: 9, minW: 1, minH: 1 },
      { i: 'RESULT-1', x: 6, y: 0, w: 18, h: 12, minW: 1, minH: 1 },
      { i: 'clock-1', x: 0, y: 9, w: 6, h: 3, minW: 1, minH: 1 },
    ]);
    expect(applyLayout(SEEDED_HOME.widgets, items)).toBe(SEEDED_HOME.widgets);
    const moved = applyLayout(SEEDED_HOME.widgets, [{ i: 'clock-1', x: 2, y: 12, w: 4, h: 5 }]);
    expect(moved[2]).toMatchObject({
      id: 'clock-1',
      x: 2,
      y: 12,
      cols: 4,
      rows: 5,
      strongIndex: 'ClockWidgetComponent',
    });
    expect(moved[0]).toBe(SEEDED_HOME.widgets[0]);
  });

  it('repairs broken or out-of-grid positions', () => {
    const items = toGridItems(
      [
        { id: 'a', x: '3', y: null, cols: 40, rows: 'x' },
        { id: 'b', x: 20, y: 1.6, cols: 8, rows: 2, minItemCols: 12 },
      ],
      24,
    );
    expect(items[0]).toEqual({ i: 'a', x: 0, y: 0, w: 24, h: 4, minW: 1, minH: 1 });
    expect(items[1]).toEqual({ i: 'b', x: 16, y: 2, w: 8, h: 2, minW: 8, minH: 1 });
  });
});

describe('placeNew', () => {
  const layout: GridItem[] = [
    { i: 'a', x: 0, y: 0, w: 6, h: 9 },
    { i: 'b', x: 6, y: 0, w: 18, h: 12 },
    { i: 'c', x: 0, y: 9, w: 6, h: 3 },
  ];
  it('fills the first gap that fits, else goes below everything', () => {
    expect(placeNew([], 6, 5, 24)).toEqual({ x: 0, y: 0, w: 6, h: 5 });
    expect(placeNew(layout, 6, 5, 24)).toEqual({ x: 0, y: 12, w: 6, h: 5 });
    expect(placeNew([{ i: 'a', x: 0, y: 0, w: 10, h: 4 }], 6, 4, 24)).toEqual({ x: 10, y: 0, w: 6, h: 4 });
    expect(placeNew(layout, 30, 2, 24)).toEqual({ x: 0, y: 12, w: 24, h: 2 });
  });
  it('never overlaps an existing item', () => {
    const items: GridItem[] = [];
    for (let n = 0; n < 30; n++) {
      const w = 1 + ((n * 7) % 11);
      const h = 1 + ((n * 5) % 6);
      const at = placeNew(items, w, h, 24);
      for (const o of items) {
        const apart = at.x >= o.x + o.w || o.x >= at.x + at.w || at.y >= o.y + o.h || o.y >= at.y + at.h;
        expect(apart).toBe(true);
      }
      items.push({ i: String(n), ...at });
    }
  });
});

describe('nudge', () => {
  const layout: GridItem[] = [
    { i: 'a', x: 0, y: 0, w: 6, h: 4, minW: 2 },
    { i: 'b', x: 8, y: 0, w: 4, h: 4 },
  ];
  it('moves and resizes inside the grid', () => {
    expect(nudge(layout, 'a', { dx: 1, dy: 2 }, 24)[0]).toMatchObject({ x: 1, y: 2 });
    expect(nudge(layout, 'a', { dx: -1, dy: -1 }, 24)[0]).toMatchObject({ x: 0, y: 0 });
    expect(nudge(layout, 'a', { dw: -9 }, 24)[0]).toMatchObject({ w: 2 });
    expect(nudge(layout, 'b', { dx: 30 }, 24)[1]).toMatchObject({ x: 20 });
  });
  it('refuses a step onto another widget', () => {
    expect(nudge(layout, 'a', { dw: 3 }, 24)).toEqual(layout);
    expect(nudge(layout, 'a', { dw: 2 }, 24)[0]).toMatchObject({ w: 8 });
  });
});

describe('dashboard edits', () => {
  it('parses the store reply, keeping homer-ui keys and dropping id-less widgets', () => {
    const d = parseDashboard(
      { owner: 'admin', data: { ...SEEDED_HOME, widgets: [...SEEDED_HOME.widgets, { x: 1 }] } },
      'home',
    );
    expect(d?.widgets.map((w) => w.id)).toEqual(['display-results-1', 'RESULT-1', 'clock-1']);
    expect(d?.weight).toBe(10);
    expect(d && columnsOf(d)).toBe(24);
    expect(parseDashboard({ owner: '', data: {} }, 'nope')).toBeUndefined();
    expect(parseDashboard({ data: { widgets: 'bad' } }, 'x')).toMatchObject({
      id: 'x',
      name: 'x',
      widgets: [],
    });
  });

  it('maps homer-ui widget names to kinds', () => {
    expect(SEEDED_HOME.widgets.map((w) => kindOf(w))).toEqual(['sip-search', 'result', 'clock']);
    expect(kindOf({ name: 'embed-markdown' })).toBe('markdown');
    expect(kindOf({ name: 'iframe' })).toBeUndefined();
  });

  it('adds a widget at a free spot with a homer-ui style id, updates and removes it', () => {
    const home = parseDashboard({ data: SEEDED_HOME }, 'home')!;
    const added = addWidget(home, 'markdown');
    const note = added.widgets[3]!;
    expect(note).toMatchObject({
      id: 'embed-markdown-1',
      name: 'embed-markdown',
      x: 0,
      y: 12,
      cols: 6,
      rows: 5,
    });
    expect(addWidget(added, 'markdown').widgets[4]?.id).toBe('embed-markdown-2');
    const edited = updateWidgetConfig(added, note.id, { markdown: '# hi', title: 'Runbook' });
    expect(edited.widgets[3]).toMatchObject({
      title: 'Runbook',
      config: { markdown: '# hi', title: 'Runbook' },
    });
    expect(widgetTitle(edited.widgets[3]!, 'Note')).toBe('Runbook');
    expect(removeWidget(edited, note.id).widgets.map((w) => w.id)).toEqual([
      'display-results-1',
      'RESULT-1',
      'clock-1',
    ]);
    expect(nextWidgetId([{ id: 'RESULT-1' }, { id: 'RESULT-3' }], 'RESULT')).toBe('RESULT-2');
  });

  it('gives new dashboards unique URL-safe ids', () => {
    expect(dashboardIdFor('SIP Trunks (EU)', new Set())).toBe('sip-trunks-eu');
    expect(dashboardIdFor('Home', new Set(['home', 'home-2']))).toBe('home-3');
    expect(dashboardIdFor('   ', new Set())).toBe('dashboard');
    expect(newDashboard('ops', 'Ops')).toMatchObject({
      id: 'ops',
      name: 'Ops',
      type: 1,
      shared: false,
      widgets: [],
    });
    expect(CATALOGUE.chart.config()).toEqual({ queries: expect.any(Array) });
  });
});

describe('SaveQueue', () => {
  afterEach(() => vi.useRealTimers());

  it('saves the latest value once after a quiet period', async () => {
    vi.useFakeTimers();
    const saved: number[] = [];
    const statuses: SaveStatus['state'][] = [];
    const q = new SaveQueue<number>(
      async (v) => void saved.push(v),
      (s) => statuses.push(s.state),
      500,
    );
    q.schedule(1);
    q.schedule(2);
    await vi.advanceTimersByTimeAsync(400);
    q.schedule(3);
    await vi.advanceTimersByTimeAsync(499);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([3]);
    expect(statuses.at(-1)).toBe('saved');
    expect(q.dirty).toBe(false);
  });

  it('reports a failure, keeps the value and saves it on retry', async () => {
    let fail = true;
    const saved: string[] = [];
    const statuses: SaveStatus[] = [];
    const q = new SaveQueue<string>(
      async (v) => {
        if (fail) throw new Error('POST /dashboard/store/home failed (500): boom');
        saved.push(v);
      },
      (s) => statuses.push(s),
    );
    q.schedule('a');
    await q.flush();
    expect(statuses.at(-1)).toEqual({
      state: 'failed',
      message: 'POST /dashboard/store/home failed (500): boom',
    });
    expect(q.dirty).toBe(true);
    fail = false;
    await q.retry();
    expect(saved).toEqual(['a']);
    expect(statuses.at(-1)).toEqual({ state: 'saved' });
  });

  it('never runs two saves at once; an edit during a save is saved after it', async () => {
    let release: () => void = () => undefined;
    let active = 0;
    let maxActive = 0;
    const saved: number[] = [];
    const q = new SaveQueue<number>(
      (v) =>
        new Promise<void>((resolve) => {
          active++;
          maxActive = Math.max(maxActive, active);
          release = () => {
            active--;
            saved.push(v);
            resolve();
          };
        }),
      () => undefined,
      0,
    );
    q.schedule(1);
    const first = q.flush();
    await Promise.resolve();
    q.schedule(2);
    const second = q.flush();
    release();
    await new Promise((r) => setTimeout(r, 0));
    release();
    await Promise.all([first, second]);
    expect(saved).toEqual([1, 2]);
    expect(maxActive).toBe(1);
  });
});
