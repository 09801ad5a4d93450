/**
 * Partition steps in minutes. heplify-server accepts exactly these (rotator: `DBPartSip`, `DBPartLog`,
 * `DBPartQos`, `DBPartIsup`); every one divides 1440, so partitions tile each UTC day from midnight.
 */
export const ALLOWED_STEP_MINUTES = [5, 10, 15, 20, 30, 45, 60, 120, 360, 720, 1440] as const;

/**
 * Maps any configured step onto an allowed one the way heplify-server does: it rounds up to the
 * next allowed step (25m→30, 35–45m→45, 50m–1h→60, 3h–6h→360, 7h–12h→720) and caps at one day.
 * Values that are not positive numbers give `fallback`. The caller decides whether to warn.
 */
export function normalizeStepMinutes(configured: number, fallback = 60): number {
  if (!Number.isFinite(configured) || configured <= 0) return fallback;
  for (const step of ALLOWED_STEP_MINUTES) {
    if (configured <= step) return step;
  }
  return 1440;
}

/**
 * The partition step heplify-server's homer7 example uses for a HEP type (`DBPartSip=1h`,
 * `DBPartLog=2h`, `DBPartQos=6h`, `DBPartIsup=6h`): the default when no mapping row says otherwise.
 */
export function heplifyDefaultStep(hepid: number): number {
  if (hepid === 100) return 120;
  if (hepid === 5 || hepid === 35 || hepid === 54) return 360;
  return 60;
}
