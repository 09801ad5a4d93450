import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartData } from './model/prom-series.js';

/** Distinct line colours, in series order (hashing labels gave neighbouring hues). */
const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
];

/** A uPlot line chart sized to its container (rebuilt when the series change, resized on layout). */
export function TimeSeriesChart({ data, label }: { data: ChartData; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let legend = 40;
    const size = (): { width: number; height: number } => ({
      width: Math.max(200, el.clientWidth),
      // The legend sits under the plot (one or more lines); the plot takes the rest of the widget.
      height: Math.max(100, el.clientHeight - legend),
    });
    const plot = new uPlot(
      {
        ...size(),
        series: [
          {},
          ...data.series.map((s, i) => ({
            label: s.label,
            stroke: PALETTE[i % PALETTE.length],
            width: 1.5,
            spanGaps: false,
          })),
        ],
        axes: [{}, { size: 50 }],
        scales: { x: { time: true } },
        legend: { live: true },
      },
      [data.times, ...data.series.map((s) => s.values)],
      el,
    );
    const fit = (): void => {
      legend = (plot.root.querySelector('.u-legend') as HTMLElement | null)?.offsetHeight ?? legend;
      plot.setSize(size());
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [data]);
  return <div ref={box} className="chart" role="img" aria-label={label} />;
}
