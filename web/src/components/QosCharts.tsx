import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { colorForCallId } from '../model/colors.js';
import { alignedSeries, type QosMetric, type QosStream, type Stats } from '../model/qos-series.js';

const METRICS: readonly { metric: QosMetric; title: string; unit: string }[] = [
  { metric: 'jitterMs', title: 'Jitter', unit: 'ms' },
  { metric: 'lossPct', title: 'Loss', unit: '%' },
  { metric: 'mos', title: 'MOS', unit: '' },
];

function Chart({
  streams,
  metric,
  title,
  unit,
}: {
  streams: readonly QosStream[];
  metric: QosMetric;
  title: string;
  unit: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const plot = new uPlot(
      {
        title: unit ? `${title} (${unit})` : title,
        width: Math.max(300, Math.floor(el.clientWidth)),
        height: 180,
        scales: { x: { time: true } },
        series: [
          {},
          ...streams.map((s) => ({
            label: `${s.source.toUpperCase()} ${s.label}`,
            stroke: colorForCallId(`${s.source} ${s.key}`),
            width: 2,
            spanGaps: true,
            points: { show: true, size: 5 },
          })),
        ],
        axes: [{}, { size: 50 }],
        // One legend for the three charts, drawn above them (uPlot's own repeats per chart).
        legend: { show: false },
      },
      alignedSeries(streams, metric),
      el,
    );
    return () => plot.destroy();
  }, [streams, metric, title, unit]);
  return <div className="cw-chart" ref={host} data-testid={`qos-chart-${metric}`} />;
}

const cell = (st: Stats | undefined, digits = 2): string =>
  st ? `${st.min.toFixed(digits)} / ${st.avg.toFixed(digits)} / ${st.max.toFixed(digits)}` : '—';

/** The QoS tab: jitter, loss and MOS over time per stream (uPlot), and a min/avg/max table. */
export function QosCharts({ streams }: { streams: readonly QosStream[] }) {
  if (streams.length === 0) return <p>No RTCP or RTP reports for this call.</p>;
  return (
    <div className="cw-qos">
      <table className="cw-table" aria-label="QoS min/avg/max">
        <thead>
          <tr>
            <th>Source</th>
            <th>Stream</th>
            <th>Reports</th>
            <th>Jitter ms min / avg / max</th>
            <th>Loss % min / avg / max</th>
            <th>MOS min / avg / max</th>
          </tr>
        </thead>
        <tbody>
          {streams.map((s) => (
            <tr key={`${s.source}-${s.key}`}>
              <td>{s.source.toUpperCase()}</td>
              <td>{s.label}</td>
              <td>{s.points.length}</td>
              <td>{cell(s.jitterMs)}</td>
              <td>{cell(s.lossPct)}</td>
              <td>{cell(s.mos)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="cw-legend" aria-label="Streams">
        {streams.map((s) => (
          <li key={`${s.source}-${s.key}`}>
            <span className="cw-swatch" style={{ background: colorForCallId(`${s.source} ${s.key}`) }} />
            {s.source.toUpperCase()} {s.label}
          </li>
        ))}
      </ul>
      <div className="cw-charts">
        {METRICS.map((m) => (
          <Chart key={m.metric} streams={streams} {...m} />
        ))}
      </div>
    </div>
  );
}
