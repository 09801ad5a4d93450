import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import './call-window.css';
import { cascade, clampPosition, type Point } from './window-position.js';

let opened = 0;
let topZ = 100;

export interface FloatingWindowProps {
  readonly label: string;
  readonly title: ReactNode;
  readonly closeLabel: string;
  readonly onClose: () => void;
  readonly className?: string;
  /** Initial size in px (the user can resize from the corner). */
  readonly width: number;
  readonly height: number;
  readonly children: ReactNode;
  readonly testId?: string;
}

/**
 * A movable window: drag it by its header, click it to bring it to the front, Escape closes the one
 * that has focus (and only that one: nested windows stop the key). Several can be open at once;
 * each opens cascaded from the previous.
 */
export function FloatingWindow({
  label,
  title,
  closeLabel,
  onClose,
  className,
  width,
  height,
  children,
  testId,
}: FloatingWindowProps) {
  const self = useRef<HTMLElement>(null);
  const [pos, setPos] = useState<Point>(() => cascade(opened++));
  const [z, setZ] = useState(() => ++topZ);
  const drag = useRef<{ dx: number; dy: number } | undefined>(undefined);

  useEffect(() => {
    self.current?.focus();
  }, []);

  const front = (): void => {
    if (z !== topZ) setZ(++topZ);
  };
  const onPointerDown = (e: PointerEvent<HTMLElement>): void => {
    if ((e.target as HTMLElement).closest('button')) return;
    drag.current = { dx: e.clientX - pos.x, dy: e.clientY - pos.y };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>): void => {
    const d = drag.current;
    if (!d) return;
    setPos(
      clampPosition(
        { x: e.clientX - d.dx, y: e.clientY - d.dy },
        { width: self.current?.offsetWidth ?? width },
        { width: window.innerWidth, height: window.innerHeight },
      ),
    );
  };
  const onPointerUp = (): void => {
    drag.current = undefined;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    onClose();
  };

  return (
    <section
      ref={self}
      className={`cw-window ${className ?? ''}`}
      role="dialog"
      aria-label={label}
      tabIndex={-1}
      data-testid={testId}
      style={{
        left: pos.x,
        top: pos.y,
        zIndex: z,
        width: `min(${width}px, calc(100vw - 16px))`,
        height: `min(${height}px, calc(100vh - 16px))`,
      }}
      onPointerDownCapture={front}
      onFocusCapture={front}
      onKeyDown={onKeyDown}
    >
      <header
        className="cw-titlebar"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        <strong className="cw-title">{title}</strong>
        <button type="button" onClick={onClose} aria-label={closeLabel} title={`${closeLabel} (Escape)`}>
          ×
        </button>
      </header>
      <div className="cw-window-body">{children}</div>
    </section>
  );
}
