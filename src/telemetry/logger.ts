import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** One JSON logger for the process, built by `main` and passed down (no global). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return destination
    ? pino({ level, base: { app: 'homer-ts' } }, destination)
    : pino({ level, base: { app: 'homer-ts' } });
}
