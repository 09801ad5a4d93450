import { useCallback, useMemo } from 'react';
import ReactGridLayout, { getCompactor, useContainerWidth, type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import type { TimeRange } from '../model/time-range.js';
import { DashboardWidget } from './DashboardWidget.js';
import { columnsOf, removeWidget, updateWidgetConfig, type Dashboard } from './model/dashboard.js';
import { applyLayout, nudge, toGridItems } from './model/layout.js';

export interface DashboardGridProps {
  readonly dashboard: Dashboard;
  readonly range: TimeRange;
  readonly readOnly: boolean;
  /** Id of the widget whose settings are open. */
  readonly editing: string | undefined;
  readonly onEditing: (id: string | undefined) => void;
  /** Applies an edit to the latest dashboard (and saves it). */
  readonly onChange: (edit: (d: Dashboard) => Dashboard) => void;
}

const ROW_HEIGHT = 40;
/**
 * Free placement without pushing: a widget dragged onto another stops at the last free spot
 * instead of shoving it away, as homer-ui's gridster config (`pushing: false`) behaves.
 */
const FREE_PLACEMENT = getCompactor(null, false, true);

function withLayout(d: Dashboard, layout: Layout): Dashboard {
  const widgets = applyLayout(d.widgets, layout);
  return widgets === d.widgets ? d : { ...d, widgets };
}

/**
 * The widgets on react-grid-layout, kept where the user puts them (no compaction).
 */
export function DashboardGrid({
  dashboard,
  range,
  readOnly,
  editing,
  onEditing,
  onChange,
}: DashboardGridProps) {
  const { width, containerRef, mounted } = useContainerWidth();
  const columns = columnsOf(dashboard);
  const layout = useMemo(() => toGridItems(dashboard.widgets, columns), [dashboard.widgets, columns]);
  // Only the end of a user's drag or resize is taken as an edit. onLayoutChange also echoes the
  // layouts we pass in, and with quick keyboard moves an echo of an older layout undid a newer one.
  const onUserLayout = useCallback((next: Layout) => onChange((d) => withLayout(d, next)), [onChange]);
  return (
    <div ref={containerRef} className="dashboard-grid">
      {mounted && (
        <ReactGridLayout
          width={width}
          layout={layout}
          gridConfig={{ cols: columns, rowHeight: ROW_HEIGHT, margin: [10, 10] }}
          dragConfig={{
            enabled: !readOnly,
            handle: '.widget-header',
            cancel: 'button, input, textarea, select, a',
          }}
          resizeConfig={{ enabled: !readOnly, handles: ['se', 'e', 's'] }}
          compactor={FREE_PLACEMENT}
          onDragStop={onUserLayout}
          onResizeStop={onUserLayout}
        >
          {dashboard.widgets.map((w) => (
            <div key={w.id} data-widget-id={w.id}>
              <DashboardWidget
                widget={w}
                range={range}
                readOnly={readOnly}
                editing={editing === w.id}
                onToggleSettings={() => onEditing(editing === w.id ? undefined : w.id)}
                onCloseSettings={() => onEditing(undefined)}
                onConfigChange={(config) => onChange((d) => updateWidgetConfig(d, w.id, config))}
                onRemove={() => onChange((d) => removeWidget(d, w.id))}
                onNudge={(step) =>
                  onChange((d) => {
                    const cols = columnsOf(d);
                    return withLayout(d, nudge(toGridItems(d.widgets, cols), w.id, step, cols));
                  })
                }
              />
            </div>
          ))}
        </ReactGridLayout>
      )}
    </div>
  );
}
