import { LADDER, arrowMarker, arrowTime, type LadderLayout } from './ladder.js';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The whole ladder (every row, not only the ones on screen) as a standalone SVG document, for the
 * "Export SVG" button and, drawn on a canvas, for "Export PNG". Styles are inline so the file looks
 * the same outside the app.
 */
export function ladderSvg(layout: LadderLayout, timeZone = 'UTC'): string {
  const { width, height } = layout;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    '<defs><marker id="head" markerWidth="8" markerHeight="8" refX="8" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#444"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  ];
  for (const c of layout.columns) {
    parts.push(
      `<text x="${c.x}" y="20" text-anchor="middle" font-size="12" font-weight="600">${esc(c.label)}</text>`,
      `<line x1="${c.x}" x2="${c.x}" y1="30" y2="${height}" stroke="#b8c0cc" stroke-dasharray="4 3"/>`,
    );
  }
  for (const a of layout.arrows) {
    const x1 = layout.columns[a.from]?.x ?? 0;
    const x2 = layout.columns[a.to]?.x ?? 0;
    const self = a.from === a.to;
    const mid = self ? x1 + 40 : (x1 + x2) / 2;
    const dash = a.kind === 'rtcp' || a.kind === 'log' ? ' stroke-dasharray="5 3"' : '';
    parts.push(
      self
        ? `<path d="M${x1},${a.y} h40 v12 h-40" stroke="${a.color}" fill="none"${dash} marker-end="url(#head)"/>`
        : `<line x1="${x1}" x2="${x2}" y1="${a.y}" y2="${a.y}" stroke="${a.color}" stroke-width="${a.kind === 'request' ? 2 : 1.5}"${dash} marker-end="url(#head)"/>`,
      `<text x="${mid}" y="${a.y - 6}" text-anchor="middle" font-size="11" fill="${a.color}">${esc(a.label)}</text>`,
      `<text x="8" y="${a.y + 4}" font-size="11" fill="#555">${arrowTime(a, timeZone)}</text>`,
    );
    const marker = arrowMarker(a);
    if (marker)
      parts.push(
        `<text x="${mid}" y="${a.y + 14}" text-anchor="middle" font-size="9" fill="#666">${marker}</text>`,
      );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** Canvas size (and scale) for a PNG of the ladder: Chromium refuses canvases above 32 767 px a side. */
export function pngSize(
  layout: LadderLayout,
  maxSide = 32_000,
): { width: number; height: number; scale: number } {
  const scale = Math.min(1, maxSide / Math.max(layout.width, layout.height, LADDER.rowHeight));
  return { width: Math.ceil(layout.width * scale), height: Math.ceil(layout.height * scale), scale };
}
