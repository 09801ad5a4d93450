import { useId, type KeyboardEvent, type ReactNode } from 'react';

export interface WidgetFrameProps {
  readonly title: string;
  readonly readOnly: boolean;
  readonly editing: boolean;
  readonly onToggleSettings: () => void;
  readonly onRemove: () => void;
  /** Keyboard move (arrows) and resize (Shift + arrows), in grid cells. */
  readonly onNudge: (change: { dx?: number; dy?: number; dw?: number; dh?: number }) => void;
  readonly children: ReactNode;
}

const STEPS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** A widget's box: the header is the drag handle and, focused, moves with the arrow keys. */
export function WidgetFrame({
  title,
  readOnly,
  editing,
  onToggleSettings,
  onRemove,
  onNudge,
  children,
}: WidgetFrameProps) {
  const titleId = useId();
  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    const step = STEPS[e.key];
    if (!step || readOnly || e.target !== e.currentTarget) return;
    e.preventDefault();
    const [a, b] = step;
    onNudge(e.shiftKey ? { dw: a, dh: b } : { dx: a, dy: b });
  };
  return (
    <section className="widget" aria-labelledby={titleId}>
      <header
        className="widget-header"
        tabIndex={readOnly ? undefined : 0}
        onKeyDown={onKeyDown}
        title={readOnly ? undefined : 'Drag to move; focused: arrow keys move, Shift + arrow keys resize'}
        data-testid="widget-handle"
      >
        <h2 id={titleId}>{title}</h2>
        {!readOnly && (
          <span className="widget-tools">
            <button
              type="button"
              aria-label="Settings"
              aria-pressed={editing}
              title="Settings"
              onClick={onToggleSettings}
            >
              ⚙
            </button>
            <button type="button" aria-label="Remove" title="Remove widget" onClick={onRemove}>
              ✕
            </button>
          </span>
        )}
      </header>
      <div className="widget-body">{children}</div>
    </section>
  );
}
