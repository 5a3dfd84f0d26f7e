import type { us_listen_socket } from 'uWebSockets.js';
import uWS from 'uWebSockets.js';
import { json } from './http-json.ts';
import { addHealthRoute, addOperatorRoutes, type HttpRouteParts } from './http-routes.ts';
import { OperatorAccess } from './operator-access.ts';

/** A bound metrics port. */
export interface MetricsListener {
  readonly socket: us_listen_socket;
  readonly port: number;
}

/**
 * The metrics port (LIFETICK_METRICS_PORT): `/metrics`, `/stats` and
 * `/health`, nothing else, open to whoever reaches the address. It binds
 * LIFETICK_METRICS_HOST (loopback unless set otherwise), so a scraper on
 * the host or the operator's own network reads it and the internet does not.
 */
export function listenMetrics(
  parts: HttpRouteParts,
  host: string,
  port: number,
): Promise<MetricsListener> {
  const app = uWS.App();
  addHealthRoute(app, parts);
  addOperatorRoutes(app, parts, OperatorAccess.open, undefined);
  app.any('/*', (res) => {
    json(res, '404 Not Found', { error: 'not found' });
  });
  return new Promise((resolve, reject) => {
    app.listen(host, port, (socket) => {
      if (!socket) {
        reject(new Error(`could not listen for metrics on ${host}:${port}`));
        return;
      }
      resolve({ socket, port: uWS.us_socket_local_port(socket as unknown as uWS.us_socket) });
    });
  });
}
