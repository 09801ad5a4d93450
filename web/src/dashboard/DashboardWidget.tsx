import { Suspense } from 'react';
import type { TimeRange } from '../model/time-range.js';
import { SettingsForm } from '../widgets/SettingsForm.js';
import { UnknownWidget, WIDGETS } from '../widgets/index.js';
import { CATALOGUE, kindOf } from './model/catalogue.js';
import { widgetTitle, type StoredWidget } from './model/dashboard.js';
import { WidgetFrame, type WidgetFrameProps } from './WidgetFrame.js';

export interface DashboardWidgetProps extends Omit<WidgetFrameProps, 'title' | 'children'> {
  readonly widget: StoredWidget;
  readonly range: TimeRange;
  readonly onConfigChange: (config: Record<string, unknown>) => void;
  readonly onCloseSettings: () => void;
}

/** One stored widget in its frame: its kind's component, or a title-only settings form. */
export function DashboardWidget({
  widget,
  range,
  onConfigChange,
  onCloseSettings,
  ...frame
}: DashboardWidgetProps) {
  const kind = kindOf(widget);
  const title = widgetTitle(widget, kind ? CATALOGUE[kind].title : 'Widget');
  const impl = kind ? WIDGETS[kind] : undefined;
  const Component = impl?.component ?? UnknownWidget;
  const ownSettings = impl?.settings === true;
  return (
    <WidgetFrame title={title} {...frame}>
      {frame.editing && !ownSettings ? (
        <SettingsForm
          title={title}
          onSave={(t) => {
            onConfigChange({ title: t });
            onCloseSettings();
          }}
          onCancel={onCloseSettings}
        />
      ) : (
        <Suspense fallback={<p className="muted">Loading widget…</p>}>
          <Component
            widget={widget}
            range={range}
            editing={frame.editing && ownSettings}
            onConfigChange={onConfigChange}
            onCloseSettings={onCloseSettings}
          />
        </Suspense>
      )}
    </WidgetFrame>
  );
}
