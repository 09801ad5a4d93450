/**
 * Stored widget positions ↔ react-grid-layout items. Dashboards are stored as homer-ui writes them
 * (angular-gridster2: `x`, `y`, `cols`, `rows` in grid cells), so a dashboard saved here still opens
 * in homer-ui and the other way round.
 */

/** The position part of a stored widget (every other key of the widget is kept as is). */
export interface StoredPosition {
  readonly id: string;
  readonly x?: unknown;
  readonly y?: unknown;
  readonly cols?: unknown;
  readonly rows?: unknown;
  readonly minItemCols?: unknown;
  readonly minItemRows?: unknown;
}

/** A react-grid-layout item (the subset of its `LayoutItem` we set). */
export interface GridItem {
  readonly i: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly minW?: number;
  readonly minH?: number;
}

function cell(value: unknown, fallback: number, min: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.max(min, Math.round(n)) : fallback;
}

/**
 * Grid items for stored widgets, clamped into `columns`: a widget wider than the grid is narrowed,
 * one sticking out on the right is moved left. Missing or broken numbers get a 6×4 box at the top left
 * (homer-ui's gridster would do the same and let compaction sort it out).
 */
export function toGridItems(widgets: readonly StoredPosition[], columns: number): GridItem[] {
  return widgets.map((w) => {
    const width = Math.min(columns, cell(w.cols, 6, 1));
    const x = Math.min(cell(w.x, 0, 0), columns - width);
    const minW = Math.min(width, cell(w.minItemCols, 1, 1));
    const minH = cell(w.minItemRows, 1, 1);
    return {
      i: w.id,
      x,
      y: cell(w.y, 0, 0),
      w: width,
      h: cell(w.rows, 4, 1),
      minW,
      minH: Math.min(minH, 99),
    };
  });
}

/**
 * The widgets with the positions of `layout` written back; widgets absent from the layout are
 * kept unchanged. Returns the same array when nothing moved, so callers can skip a save.
 */
export function applyLayout<W extends StoredPosition>(
  widgets: readonly W[],
  layout: readonly GridItem[],
): W[] {
  const byId = new Map(layout.map((item) => [item.i, item]));
  let changed = false;
  const next = widgets.map((w) => {
    const item = byId.get(w.id);
    if (!item || (item.x === w.x && item.y === w.y && item.w === w.cols && item.h === w.rows)) return w;
    changed = true;
    return { ...w, x: item.x, y: item.y, cols: item.w, rows: item.h };
  });
  return changed ? next : (widgets as W[]);
}

function overlaps(a: Omit<GridItem, 'i'>, b: Omit<GridItem, 'i'>): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Where a new `w`×`h` widget goes: the first free spot scanning rows from the top and each row from
 * the left, so it fills a gap before growing the dashboard. Never overlaps an existing item.
 */
export function placeNew(
  layout: readonly GridItem[],
  w: number,
  h: number,
  columns: number,
): { x: number; y: number; w: number; h: number } {
  const width = Math.max(1, Math.min(w, columns));
  const bottom = layout.reduce((max, item) => Math.max(max, item.y + item.h), 0);
  for (let y = 0; y <= bottom; y++) {
    for (let x = 0; x + width <= columns; x++) {
      const box = { x, y, w: width, h };
      if (!layout.some((item) => overlaps(box, item))) return box;
    }
  }
  return { x: 0, y: bottom, w: width, h };
}

/**
 * Keyboard move/resize (arrow keys on a widget header, since dragging needs a mouse): shifts the
 * item by `dx`,`dy` cells or grows it by `dw`,`dh`, kept inside the grid and at least its minimum.
 * A step that would cover another widget is refused (the layout is returned unchanged), as the grid
 * places widgets freely and does not push others away.
 */
export function nudge(
  layout: readonly GridItem[],
  id: string,
  change: { dx?: number; dy?: number; dw?: number; dh?: number },
  columns: number,
): GridItem[] {
  const item = layout.find((it) => it.i === id);
  if (!item) return [...layout];
  const w = Math.min(columns, Math.max(item.minW ?? 1, item.w + (change.dw ?? 0)));
  const h = Math.max(item.minH ?? 1, item.h + (change.dh ?? 0));
  const x = Math.min(columns - w, Math.max(0, item.x + (change.dx ?? 0)));
  const y = Math.max(0, item.y + (change.dy ?? 0));
  const moved = { ...item, x, y, w, h };
  if (layout.some((other) => other.i !== id && overlaps(moved, other))) return [...layout];
  return layout.map((it) => (it.i === id ? moved : it));
}
