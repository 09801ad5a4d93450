export interface Point {
  readonly x: number;
  readonly y: number;
}

/** How much of a window must stay on screen so its header can still be grabbed. */
export const GRAB_MARGIN = 80;

/** Keeps a dragged window's header reachable: never above the top, never entirely off a side. */
export function clampPosition(
  p: Point,
  size: { width: number },
  viewport: { width: number; height: number },
): Point {
  return {
    x: Math.min(Math.max(p.x, GRAB_MARGIN - size.width), viewport.width - GRAB_MARGIN),
    y: Math.min(Math.max(p.y, 0), viewport.height - 40),
  };
}

/** Where the n-th window opens: cascaded so a new window never hides the previous one's header. */
export function cascade(n: number, origin: Point = { x: 48, y: 56 }, step = 32): Point {
  const k = n % 8;
  return { x: origin.x + k * step, y: origin.y + k * step };
}
