import { type Logger, pino } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout, at the configured level. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'lifetick' }, timestamp: pino.stdTimeFunctions.isoTime });
}
