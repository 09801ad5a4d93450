import { describe, expect, it } from 'vitest';
import { fullPageTotal, newestFirstSlices } from '../../../../src/api/search/run.js';

const H = 3_600_000;

describe('newestFirstSlices', () => {
  it('cuts a day into the last hour, the five before and the rest, contiguous and newest first', () => {
    const to = 100 * H;
    const slices = newestFirstSlices(to - 24 * H + 1, to);
    expect(slices).toEqual([
      { fromMs: to - H + 1, toMs: to },
      { fromMs: to - 6 * H + 1, toMs: to - H },
      { fromMs: to - 24 * H + 1, toMs: to - 6 * H },
    ]);
  });

  it('keeps a window of an hour or less whole', () => {
    expect(newestFirstSlices(1000, 1000 + H - 1)).toEqual([{ fromMs: 1000, toMs: 1000 + H - 1 }]);
    expect(newestFirstSlices(5, 5)).toEqual([{ fromMs: 5, toMs: 5 }]);
  });

  it('stops at the start of a window shorter than six hours', () => {
    const slices = newestFirstSlices(0, 2 * H);
    expect(slices.map((s) => [s.fromMs, s.toMs])).toEqual([
      [H + 1, 2 * H],
      [0, H],
    ]);
  });
});

describe('fullPageTotal', () => {
  it('reports the count up to the cap, and the page as a lower bound when the count ran out of time', () => {
    expect(fullPageTotal(350, 200, 2000)).toEqual({ total: 350, capped: false });
    expect(fullPageTotal(2001, 200, 2000)).toEqual({ total: 2000, capped: true });
    expect(fullPageTotal(undefined, 200, 2000)).toEqual({ total: 200, capped: true });
  });
});
