import { useEffect, useMemo, useRef, useState } from 'react';
import { saveBlob, svgToPng } from '../call/download.js';
import {
  LADDER,
  arrowMarker,
  arrowTime,
  layoutLadder,
  visibleArrows,
  type LadderArrow,
  type TransactionData,
} from '../model/ladder.js';
import { ladderSvg, pngSize } from '../model/ladder-svg.js';
import { useTimeZone } from '../shell/time-zone.js';

const HEADER_HEIGHT = 34;

function Arrow({
  a,
  x1,
  x2,
  width,
  timeZone,
  onMessage,
}: {
  a: LadderArrow;
  x1: number;
  x2: number;
  width: number;
  timeZone: string;
  onMessage: (i: number) => void;
}) {
  const self = a.from === a.to;
  const mid = self ? x1 + 40 : (x1 + x2) / 2;
  const marker = arrowMarker(a);
  const dash = a.kind === 'rtcp' || a.kind === 'log' ? '5 3' : undefined;
  return (
    <g
      className="cw-arrow"
      data-testid="ladder-arrow"
      data-label={a.label}
      data-index={a.index}
      tabIndex={0}
      role="button"
      aria-label={`${a.label} at ${arrowTime(a, timeZone)}`}
      onClick={() => onMessage(a.messageIndex)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onMessage(a.messageIndex);
        }
      }}
    >
      <title>{`${a.label} ${a.callId} +${a.deltaMs.toFixed(3)} ms`}</title>
      {/* The whole row is the click target, not only the thin line. */}
      <rect x={0} y={a.y - LADDER.rowHeight / 2} width={width} height={LADDER.rowHeight} fill="transparent" />
      {self ? (
        <path
          d={`M${x1},${a.y} h40 v12 h-40`}
          stroke={a.color}
          fill="none"
          strokeDasharray={dash}
          markerEnd="url(#cw-head)"
        />
      ) : (
        <line
          x1={x1}
          x2={x2}
          y1={a.y}
          y2={a.y}
          stroke={a.color}
          strokeWidth={a.kind === 'request' ? 2 : 1.5}
          strokeDasharray={dash}
          markerEnd="url(#cw-head)"
        />
      )}
      <text x={mid} y={a.y - 6} textAnchor="middle" fill={a.color} className="cw-ladder-label">
        {a.label}
      </text>
      <text x={8} y={a.y + 4} className="cw-ladder-time">
        {arrowTime(a, timeZone)}
      </text>
      {marker && (
        <text
          x={mid}
          y={a.y + 14}
          textAnchor="middle"
          className={`cw-marker cw-marker-${marker.toLowerCase()}`}
        >
          {marker}
        </text>
      )}
    </g>
  );
}

/**
 * The ladder: one column per host (alias as name), one arrow per message colored per Call-ID with
 * method/status, time and SDP/RTCP/LOG markers. The scroll area has the full height but the SVG
 * draws only the rows in view, so a call of thousands of messages stays light. Exports the whole
 * ladder as SVG or PNG.
 */
export function FlowLadder({
  data,
  onMessage,
}: {
  data: TransactionData;
  onMessage: (messageIndex: number) => void;
}) {
  const layout = useMemo(() => layoutLadder(data), [data]);
  const timeZone = useTimeZone();
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [exportError, setExportError] = useState<string>();

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport(el.clientHeight || 600);
    const observer = new ResizeObserver(() => setViewport(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const arrows = visibleArrows(layout, scrollTop, viewport);
  const x = (column: number): number => layout.columns[column]?.x ?? 0;
  const bodyHeight = layout.height - HEADER_HEIGHT;

  const exportSvg = (): void =>
    saveBlob(new Blob([ladderSvg(layout, timeZone)], { type: 'image/svg+xml' }), 'call-flow.svg');
  const exportPng = (): void => {
    setExportError(undefined);
    svgToPng(ladderSvg(layout, timeZone), pngSize(layout)).then(
      (blob) => saveBlob(blob, 'call-flow.png'),
      (e: Error) => setExportError(`Export PNG failed: ${e.message}`),
    );
  };

  return (
    <div className="cw-flow">
      <div className="cw-toolbar">
        <span>
          {layout.arrows.length} messages, {layout.columns.length} hosts
        </span>
        <button type="button" onClick={exportSvg}>
          Export SVG
        </button>
        <button type="button" onClick={exportPng}>
          Export PNG
        </button>
        {exportError && (
          <span role="alert" className="cw-error">
            {exportError}
          </span>
        )}
      </div>
      <div
        className="cw-ladder"
        ref={scroller}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        data-testid="ladder-scroll"
      >
        <svg className="cw-ladder-hosts" width={layout.width} height={HEADER_HEIGHT} aria-hidden>
          {layout.columns.map((c) => (
            <text key={c.id} x={c.x} y={20} textAnchor="middle" className="cw-ladder-host">
              <title>{c.id}</title>
              {c.label}
            </text>
          ))}
        </svg>
        <svg
          width={layout.width}
          height={bodyHeight}
          viewBox={`0 ${HEADER_HEIGHT} ${layout.width} ${bodyHeight}`}
          role="img"
          aria-label="Call flow"
          data-testid="ladder"
          data-rows={layout.arrows.length}
        >
          <defs>
            <marker id="cw-head" markerWidth="8" markerHeight="8" refX="8" refY="4" orient="auto">
              <path d="M0,0 L8,4 L0,8 z" fill="context-stroke" />
            </marker>
          </defs>
          {layout.columns.map((c) => (
            <line
              key={c.id}
              x1={c.x}
              x2={c.x}
              y1={HEADER_HEIGHT}
              y2={layout.height}
              className="cw-lifeline"
            />
          ))}
          {arrows.map((a) => (
            <Arrow
              key={a.index}
              a={a}
              x1={x(a.from)}
              x2={x(a.to)}
              width={layout.width}
              timeZone={timeZone}
              onMessage={onMessage}
            />
          ))}
        </svg>
      </div>
    </div>
  );
}
