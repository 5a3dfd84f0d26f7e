import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import uWS from 'uWebSockets.js';
import type { Config } from '../config.ts';
import type { Gateway } from './gateway.ts';
import { listenMetrics, type MetricsListener } from './metrics-listener.ts';
import type { Session } from './session.ts';

/** Bytes a socket may buffer before uWebSockets.js closes it (see publisher.ts for updates). */
const MAX_BACKPRESSURE = 1024 * 1024;
/**
 * Seconds without a frame or a pong before uWebSockets.js drops a socket;
 * it pings well before, so a live client always answers in time.
 */
const IDLE_TIMEOUT_SECONDS = 120;

/** The bound ports. */
export interface Listening {
  readonly game: us_listen_socket;
  readonly port: number;
  /** The metrics port, when LIFETICK_METRICS_PORT is set. */
  readonly metrics: MetricsListener | undefined;
}

/**
 * Bind the game port (the gateway on /ws, and the HTTP routes `routes`
 * adds) and, when configured, the metrics port (`metricsRoutes`). Rejects
 * with nothing left bound when either port cannot be had.
 */
export async function listen(
  config: Pick<Config, 'host' | 'port' | 'maxFrameBytes' | 'metricsHost' | 'metricsPort'>,
  gateway: Gateway,
  routes: (app: TemplatedApp) => void,
  metricsRoutes: Parameters<typeof listenMetrics>[0],
): Promise<Listening> {
  const app = uWS.App();
  app.ws<Session>('/ws', {
    compression: uWS.DISABLED,
    // The transport cuts off frames far beyond the protocol's limit; frames
    // between the two are refused by the gateway with close 1009.
    maxPayloadLength: config.maxFrameBytes * 4,
    maxBackpressure: MAX_BACKPRESSURE,
    closeOnBackpressureLimit: true as unknown as number,
    idleTimeout: IDLE_TIMEOUT_SECONDS,
    sendPingsAutomatically: true,
    upgrade: (res, req, context) => gateway.upgrade(res, req, context),
    open: (ws) => gateway.open(ws),
    message: (ws, message, isBinary) => gateway.message(ws, message, isBinary),
    close: (ws) => gateway.close(ws),
  });
  routes(app);
  const game = await new Promise<us_listen_socket>((resolve, reject) => {
    app.listen(config.host, config.port, (socket) => {
      if (socket) resolve(socket);
      else reject(new Error(`could not listen on ${config.host}:${config.port}`));
    });
  });
  const port = uWS.us_socket_local_port(game as unknown as uWS.us_socket);
  if (config.metricsPort === undefined) return { game, port, metrics: undefined };
  try {
    const metrics = await listenMetrics(metricsRoutes, config.metricsHost, config.metricsPort);
    return { game, port, metrics };
  } catch (error) {
    uWS.us_listen_socket_close(game);
    throw error;
  }
}

/** Stop taking connections on every bound port (open connections stay). */
export function stopListening(listening: Listening): void {
  uWS.us_listen_socket_close(listening.game);
  if (listening.metrics) uWS.us_listen_socket_close(listening.metrics.socket);
}
