import type { StoredWidget } from '../dashboard/model/dashboard.js';
import type { TimeRange } from '../model/time-range.js';

/** What every widget gets from the dashboard. */
export interface WidgetProps {
  readonly widget: StoredWidget;
  /** The top bar's time range. */
  readonly range: TimeRange;
  /** The settings form is open (only widgets with settings show one). */
  readonly editing: boolean;
  /** Merges into the widget's stored config (saved with the dashboard). */
  readonly onConfigChange: (config: Record<string, unknown>) => void;
  readonly onCloseSettings: () => void;
}
