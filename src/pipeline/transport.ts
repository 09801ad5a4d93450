export const TRANSPORTS = ['udp', 'tcp', 'tls'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** Where sources hand frames: one HEP packet's bytes. False means "queue full: slow down". */
export interface FrameSink {
  accept(frame: Buffer, transport: Transport): boolean;
  /** True while the queue has no room (stream sources stay paused). */
  readonly saturated: boolean;
}
