import { describe, expect, it } from 'vitest';
import { CALL } from './fixtures/transaction.js';
import { arrowMarker, layoutLadder } from './ladder.js';
import { ladderSvg, pngSize } from './ladder-svg.js';

describe('ladderSvg', () => {
  it('draws every host and every arrow (not only the visible ones) with escaped labels', () => {
    const layout = layoutLadder({ ...CALL, alias: { ...CALL.alias, '10.0.0.2:5060': 'SBC <1> & co' } });
    const svg = ladderSvg(layout);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('SBC &lt;1&gt; &amp; co');
    expect(svg.match(/marker-end=/g)).toHaveLength(CALL.calldata.length);
    expect(svg).toContain('>180 Ringing<');
    expect(svg.match(/>SDP</g)).toHaveLength(2);
  });

  it('marks RTCP and LOG arrows and scales a PNG of a very long ladder under the canvas limit', () => {
    const layout = layoutLadder({
      ...CALL,
      calldata: [
        {
          ...CALL.calldata[0]!,
          id: 90,
          method: 'Report RTP',
          method_text: 'Report RTP',
          table: 'hep_proto_35_default',
        },
        { ...CALL.calldata[0]!, id: 91, method: 'LOG', method_text: 'LOG', micro_ts: 2e12 },
        {
          ...CALL.calldata[0]!,
          id: 92,
          method: 'producer.new',
          table: 'hep_proto_100_default',
          micro_ts: 3e12,
        },
      ],
    });
    expect(layout.arrows.map((a) => a.kind)).toEqual(['rtcp', 'log', 'log']);
    // No badge repeating the label; an event named by its JSON is still marked as a log.
    expect(layout.arrows.map(arrowMarker)).toEqual(['RTCP', undefined, 'LOG']);
    expect(pngSize(layout)).toEqual({ width: layout.width, height: layout.height, scale: 1 });
    const tall = { ...layout, height: 64_000 };
    expect(pngSize(tall)).toMatchObject({ height: 32_000, scale: 0.5 });
  });

  it('keeps each arrow pointing at its message in the reply (ids repeat across tables)', () => {
    const layout = layoutLadder(CALL);
    for (const a of layout.arrows) expect(CALL.calldata[a.messageIndex]!.id).toBe(a.id);
  });
});
