/**
 * A day-long search runs in newest-first slices (last hour, five before, the rest): the answer must
 * be the same as one query — newest rows first across slice boundaries, the limit honoured, and
 * the total counted over the whole window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { storageKinds } from '../../helpers/pg.js';
import { sipRow, uiSearchBody } from './search-fixtures.js';

const kinds = await storageKinds();
const H = 3_600_000;

describe.each(kinds)('search over a day in slices (%s)', (kind) => {
  let api: TestApi;
  const to = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  const window = { from: to - 24 * H + 1, to };
  // One row per slice boundary neighbourhood, newest first: within the last hour, exactly at the
  // first boundary, inside hours 2-6, at the second boundary, in the rest, at the window start.
  const offsets = [5 * 60_000, H - 1, H, 3 * H, 6 * H, 20 * H, 24 * H - 1];

  beforeAll(async () => {
    api = await startTestApi(kind);
    await api.insertRows(
      offsets.map((offset, i) =>
        sipRow({
          callid: `slice-${i}@x`,
          method: 'INVITE',
          from: `4930${i}`,
          to: 'bob',
          src: ['10.0.0.1', 5060],
          dst: ['10.0.0.2', 5060],
          ms: to - offset,
        }),
      ),
    );
  });
  afterAll(async () => {
    await api?.stop();
  });

  async function search(limit: number): Promise<{ sids: string[]; total: number }> {
    const body = uiSearchBody([{ name: 'data_header.from_user', value: '4930%' }], window);
    (body.param as { limit: number }).limit = limit;
    const res = await api.call('POST', '/api/v3/search/call/data', { token: api.adminToken, body });
    expect(res.status, res.body.slice(0, 200)).toBe(201);
    return { sids: res.json.data.map((r: { sid: string }) => r.sid), total: res.json.total };
  }

  it('returns every row newest first across slice boundaries', async () => {
    expect(await search(200)).toEqual({ sids: offsets.map((_, i) => `slice-${i}@x`), total: offsets.length });
  });

  it('fills a small page from the newest slices and still counts the whole window', async () => {
    expect(await search(3)).toEqual({ sids: ['slice-0@x', 'slice-1@x', 'slice-2@x'], total: offsets.length });
    expect(await search(5)).toEqual({
      sids: ['slice-0@x', 'slice-1@x', 'slice-2@x', 'slice-3@x', 'slice-4@x'],
      total: offsets.length,
    });
  });

  it('counts only rows inside the window to the millisecond when the page is full', async () => {
    const edge = { from: to - 6 * H, to: to - H - 1 }; // the two rows at H and 3 H are inside
    const body = uiSearchBody([{ name: 'data_header.from_user', value: '4930%' }], edge);
    (body.param as { limit: number }).limit = 1;
    const res = await api.call('POST', '/api/v3/search/call/data', { token: api.adminToken, body });
    expect(res.status).toBe(201);
    // slice-2 is at to - H (1 ms after edge.to), slice-4 at to - 6 H (exactly edge.from).
    expect(res.json.data.map((r: { sid: string }) => r.sid)).toEqual(['slice-3@x']);
    expect(res.json.total).toBe(2);
  });
});
