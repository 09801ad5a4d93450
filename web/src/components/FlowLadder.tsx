import { useMemo, useState } from 'react';
import { LADDER, layoutLadder, visibleArrows, type TransactionData } from '../model/ladder.js';

const VIEWPORT = 520;

/**
 * The SIP ladder: one column per host (alias as name), one arrow per message colored per Call-ID
 * with its method/status and time; SDP marked. Only the rows in view are drawn.
 */
export function FlowLadder({ data, onMessage }: { data: TransactionData; onMessage: (id: number) => void }) {
  const layout = useMemo(() => layoutLadder(data), [data]);
  const [scrollTop, setScrollTop] = useState(0);
  const arrows = visibleArrows(layout, scrollTop, VIEWPORT);
  const x = (column: number): number => layout.columns[column]?.x ?? 0;
  return (
    <div
      className="ladder"
      style={{ maxHeight: VIEWPORT }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <svg width={layout.width} height={layout.height} role="img" aria-label="Call flow" data-testid="ladder">
        {layout.columns.map((c) => (
          <g key={c.id}>
            <text x={c.x} y={20} textAnchor="middle" className="ladder-host">
              {c.label}
            </text>
            <line x1={c.x} x2={c.x} y1={30} y2={layout.height} className="ladder-lifeline" />
          </g>
        ))}
        {arrows.map((a) => {
          const x1 = x(a.from);
          const x2 = x(a.to);
          const self = a.from === a.to;
          const mid = self ? x1 + 40 : (x1 + x2) / 2;
          return (
            <g
              key={a.index}
              className="ladder-arrow"
              data-testid="ladder-arrow"
              data-label={a.label}
              tabIndex={0}
              role="button"
              onClick={() => onMessage(a.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onMessage(a.id);
              }}
            >
              <title>{`${a.label} ${a.callId} +${a.deltaMs.toFixed(1)} ms`}</title>
              {/* The whole row is the click target, not only the thin line. */}
              <rect
                x={0}
                y={a.y - LADDER.rowHeight / 2}
                width={layout.width}
                height={LADDER.rowHeight}
                fill="transparent"
              />
              {self ? (
                <path d={`M${x1},${a.y} h40 v12 h-40`} stroke={a.color} fill="none" markerEnd="url(#head)" />
              ) : (
                <line
                  x1={x1}
                  x2={x2}
                  y1={a.y}
                  y2={a.y}
                  stroke={a.color}
                  strokeWidth={a.kind === 'request' ? 2 : 1.5}
                  markerEnd="url(#head)"
                />
              )}
              <text x={mid} y={a.y - 6} textAnchor="middle" fill={a.color} className="ladder-label">
                {a.label}
                {a.sdp ? ' (SDP)' : ''}
              </text>
              <text x={8} y={a.y + 4} className="ladder-time">
                {new Date(a.microTs / 1000).toISOString().slice(11, 23)}
              </text>
            </g>
          );
        })}
        <defs>
          <marker id="head" markerWidth="8" markerHeight="8" refX="8" refY="4" orient="auto">
            <path d="M0,0 L8,4 L0,8 z" fill="context-stroke" />
          </marker>
        </defs>
      </svg>
      <div style={{ height: Math.max(0, layout.height - LADDER.top) }} aria-hidden />
    </div>
  );
}
