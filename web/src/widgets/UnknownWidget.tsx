import type { WidgetProps } from './types.js';

/** A stored widget of a kind homer-ts does not implement (Grafana, InfluxDB, …): kept and removable. */
export function UnknownWidget({ widget }: WidgetProps) {
  return (
    <p className="muted">
      The widget type “{String(widget.name ?? 'unknown')}” is not available in homer-ts. It is kept in the
      dashboard; remove it with ✕.
    </p>
  );
}
