import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type { SearchRow } from '../api/homer.js';
import { colorForCallId } from '../model/colors.js';
import type { GridColumn } from '../model/grid-columns.js';
import { formatDateTime } from '../model/time-format.js';
import { useTimeZone } from '../shell/time-zone.js';
import { ColumnChooser } from './ColumnChooser.js';

const ROW_HEIGHT = 30;

/** A cell's text; dates in the user's zone (user settings `system/timezone`). */
function cell(row: SearchRow, field: string, zone: string): string {
  if (field === 'create_date') return formatDateTime(row.create_date, zone, true);
  const value = row[field];
  return value === undefined || value === null ? '' : String(value);
}

function toCsv(columns: readonly GridColumn[], rows: readonly SearchRow[], zone: string): string {
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [
    columns.map((c) => quote(c.header)),
    ...rows.map((r) => columns.map((c) => quote(cell(r, c.field, zone)))),
  ]
    .map((line) => line.join(','))
    .join('\n');
}

export interface ResultGridProps {
  readonly columns: readonly GridColumn[];
  readonly rows: readonly SearchRow[];
  /** Rows matching on the server (more than `rows` when the limit cut them). */
  readonly total: number;
  /** The server stopped counting: `total` is a lower bound. */
  readonly totalCapped?: boolean;
  readonly onOpen: (rows: SearchRow[]) => void;
  /** Given, the toolbar offers a column chooser (show/hide, order) that calls it to save. */
  readonly onColumnsChange?: (columns: GridColumn[]) => Promise<void>;
}

/**
 * The result grid: rows virtualised (only the visible ones are in the DOM, so 100 000 rows scroll
 * smoothly), Call-ID cells colored per call and clickable, multi-select to open several calls in one
 * flow, a quick filter and CSV export.
 */
export function ResultGrid({ columns, rows, total, totalCapped, onOpen, onColumnsChange }: ResultGridProps) {
  const zone = useTimeZone();
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const visibleColumns = useMemo(() => columns.filter((c) => !c.hidden), [columns]);
  const filtered = useMemo(() => {
    if (filter === '') return rows;
    const needle = filter.toLowerCase();
    return rows.filter((r) =>
      visibleColumns.some((c) => cell(r, c.field, zone).toLowerCase().includes(needle)),
    );
  }, [rows, filter, visibleColumns, zone]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: filtered.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const template = `2rem repeat(${visibleColumns.length}, minmax(8rem, 1fr))`;
  const toggle = useCallback(
    (id: number): void =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );

  function downloadCsv(): void {
    const blob = new Blob([toCsv(visibleColumns, filtered, zone)], { type: 'text/csv' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'homer-search.csv';
    a.click();
    URL.revokeObjectURL(a.href);
  }

  return (
    <section className="grid" aria-label="Search results">
      <div className="grid-toolbar">
        <span data-testid="result-count">
          {filtered.length} shown of {totalCapped ? 'at least ' : ''}
          {total} matching
        </span>
        <input
          placeholder="Quick filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Quick filter"
        />
        <button
          disabled={selected.size === 0}
          onClick={() => onOpen(rows.filter((r) => selected.has(r.id)))}
          title="Open the selected rows' calls in one flow"
        >
          Open selected ({selected.size})
        </button>
        <button onClick={downloadCsv}>CSV</button>
        {onColumnsChange && <ColumnChooser columns={columns} onSave={onColumnsChange} />}
      </div>
      <div className="grid-header" style={{ gridTemplateColumns: template }} role="row">
        <span />
        {visibleColumns.map((c) => (
          <span key={c.field} role="columnheader">
            {c.header}
          </span>
        ))}
      </div>
      <div ref={scroller} className="grid-body" role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = filtered[item.index] as SearchRow;
            return (
              <GridRow
                key={row.id}
                row={row}
                top={item.start}
                template={template}
                columns={visibleColumns}
                zone={zone}
                checked={selected.has(row.id)}
                onToggle={toggle}
                onOpen={onOpen}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}

interface GridRowProps {
  readonly row: SearchRow;
  readonly top: number;
  readonly template: string;
  readonly columns: readonly GridColumn[];
  readonly zone: string;
  readonly checked: boolean;
  readonly onToggle: (id: number) => void;
  readonly onOpen: (rows: SearchRow[]) => void;
}

/**
 * One grid row. Memoised: while scrolling, rows that stay in view keep their props (their position
 * is absolute), so only the rows entering the view render — no dropped frames over 100 000 rows.
 */
const GridRow = memo(function GridRow({
  row,
  top,
  template,
  columns,
  zone,
  checked,
  onToggle,
  onOpen,
}: GridRowProps) {
  return (
    <div
      role="row"
      className="grid-row"
      style={{ gridTemplateColumns: template, transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onDoubleClick={() => onOpen([row])}
    >
      <input
        type="checkbox"
        aria-label={`select row ${row.id}`}
        checked={checked}
        onChange={() => onToggle(row.id)}
      />
      {columns.map((c) =>
        c.callId ? (
          <button
            key={c.field}
            className="callid"
            style={{ color: colorForCallId(String(row.callid ?? row.sid)) }}
            onClick={() => onOpen([row])}
          >
            {cell(row, c.field, zone)}
          </button>
        ) : (
          <span key={c.field} role="cell">
            {cell(row, c.field, zone)}
          </span>
        ),
      )}
    </div>
  );
});
