/**
 * The logging the fleet needs: a pino Logger fits it, and tests can pass
 * a recorder. Kept this small so the fleet does not decide how logs are
 * written.
 */
export interface FleetLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}
