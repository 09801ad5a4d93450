import { describe, expect, it } from 'vitest';
import { newestFirstSlices } from '../../../../src/api/search/run.js';

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
