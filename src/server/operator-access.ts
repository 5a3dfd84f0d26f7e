import type { Config } from '../config.ts';

/** Who may read `/metrics` and `/stats` on the game port. */
export const OperatorAccess = {
  /** Anyone who reaches the port: development, with no metrics port set. */
  open: 'open',
  /** Only a request carrying the admin token: production, with no metrics port set. */
  token: 'token',
  /**
   * Nobody: they are served on the metrics port instead, or production has
   * neither a metrics port nor an admin token to guard them with.
   */
  none: 'none',
} as const;
export type OperatorAccess = (typeof OperatorAccess)[keyof typeof OperatorAccess];

/**
 * The game port is open to the world, and what `/metrics` and `/stats` tell
 * (players, load, database trouble) helps an attacker more than a player.
 * Prometheus' convention is a port of its own; without one, production asks
 * for the admin token, and development, run on a laptop, serves them openly.
 */
export function operatorAccess(
  config: Pick<Config, 'env' | 'metricsPort' | 'adminToken'>,
): OperatorAccess {
  if (config.metricsPort !== undefined) return OperatorAccess.none;
  if (config.env === 'development') return OperatorAccess.open;
  return config.adminToken ? OperatorAccess.token : OperatorAccess.none;
}
