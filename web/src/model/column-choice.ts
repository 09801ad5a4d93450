import type { GridColumn } from './grid-columns.js';

/**
 * The grid's column chooser: visibility and order changed locally, saved as the ordered list of
 * visible fields (the `saved` argument of gridColumns) in user settings `search/grid:<profile>`.
 */

export function toggleColumn(columns: readonly GridColumn[], field: string): GridColumn[] {
  return columns.map((c) => (c.field === field ? { ...c, hidden: !c.hidden } : c));
}

/** Moves a column one place up (-1) or down (+1); at an end it stays. */
export function moveColumn(columns: readonly GridColumn[], field: string, delta: -1 | 1): GridColumn[] {
  const i = columns.findIndex((c) => c.field === field);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= columns.length) return [...columns];
  const next = [...columns];
  [next[i], next[j]] = [next[j] as GridColumn, next[i] as GridColumn];
  return next;
}

/** What is stored: the visible fields in order. */
export function savedColumnList(columns: readonly GridColumn[]): string[] {
  return columns.filter((c) => !c.hidden).map((c) => c.field);
}

/** Reads a stored choice (`{columns: [...]}`); anything else means "no choice". */
export function readColumnChoice(data: unknown): string[] | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const columns = (data as { columns?: unknown }).columns;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string') || columns.length === 0)
    return undefined;
  return columns as string[];
}
