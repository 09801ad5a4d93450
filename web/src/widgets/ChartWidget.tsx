import { useId, useMemo, useState } from 'react';
import { DEFAULT_PROMQL } from '../dashboard/model/catalogue.js';
import { widgetTitle } from '../dashboard/model/dashboard.js';
import { prometheusValues } from './api.js';
import { chartData } from './model/prom-series.js';
import { SettingsForm } from './SettingsForm.js';
import { TimeSeriesChart } from './TimeSeriesChart.js';
import type { WidgetProps } from './types.js';
import { useAsync } from './useAsync.js';

function queriesOf(config: Record<string, unknown> | undefined): string[] {
  const q = Array.isArray(config?.queries)
    ? config.queries.filter((s): s is string => typeof s === 'string' && s.trim() !== '')
    : [];
  return q.length > 0 ? q : [...DEFAULT_PROMQL];
}

function precisionOf(config: Record<string, unknown> | undefined): number {
  const n = Number(config?.precision);
  return Number.isInteger(n) && n >= 1 && n <= 86_400 ? n : 60;
}

function ChartSettings({ widget, onConfigChange, onCloseSettings }: WidgetProps) {
  const [text, setText] = useState(queriesOf(widget.config).join('\n'));
  const [precision, setPrecision] = useState(precisionOf(widget.config));
  const id = useId();
  return (
    <SettingsForm
      title={widgetTitle(widget, 'Time series')}
      onSave={(title) => {
        const queries = text
          .split('\n')
          .map((q) => q.trim())
          .filter((q) => q !== '');
        onConfigChange({ title, queries, precision });
        onCloseSettings();
      }}
      onCancel={onCloseSettings}
    >
      <label htmlFor={`${id}-q`}>PromQL queries, one per line</label>
      <textarea
        id={`${id}-q`}
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
      />
      <label htmlFor={`${id}-p`}>Step (seconds)</label>
      <input
        id={`${id}-p`}
        type="number"
        min={1}
        max={86400}
        value={precision}
        onChange={(e) => setPrecision(Math.max(1, Number(e.target.value) || 60))}
      />
    </SettingsForm>
  );
}

/**
 * Time series from PromQL through the API's Prometheus proxy; by default homer-ts's own
 * `heplify_method_response` counter: SIP requests per method and responses per code.
 */
export function ChartWidget(props: WidgetProps) {
  const { widget, range, editing } = props;
  const queries = queriesOf(widget.config);
  const precision = precisionOf(widget.config);
  const reply = useAsync(
    () => prometheusValues(queries, range, precision),
    [queries.join('\n'), precision, range.from, range.to],
  );
  const data = useMemo(() => (reply.state === 'done' ? chartData(reply.value, queries) : undefined), [reply]);
  if (editing) return <ChartSettings {...props} />;
  if (reply.state === 'loading') return <p className="muted">Loading series…</p>;
  if (reply.state === 'failed') {
    return (
      <p role="alert" className="error">
        {reply.message}
      </p>
    );
  }
  if (!data) return null;
  return (
    <div className="chart-widget">
      {data.errors.map((e) => (
        <p key={e} role="alert" className="error">
          {e}
        </p>
      ))}
      {data.series.length === 0 ? (
        <p className="muted">No samples in this time range.</p>
      ) : (
        <TimeSeriesChart data={data} label={widgetTitle(widget, 'Time series')} />
      )}
    </div>
  );
}
