import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../ops/log.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import type { PlayerStore } from '../persistence/player-store.ts';
import type { WriteBehindWriter } from '../persistence/writer.ts';
import { json, readJsonBody } from './http-json.ts';
import { type ServerLifecycle, ServerPhase } from './lifecycle.ts';
import { OperatorAccess } from './operator-access.ts';
import { addPlaygroundRoutes, type PlaygroundParts } from './playground/routes.ts';
import type { SessionRegistry } from './session-registry.ts';

/** What the HTTP routes read and change. */
export interface HttpRouteParts {
  readonly engine: Engine;
  readonly sessions: Pick<SessionRegistry, 'openCount' | 'liveCount'>;
  readonly writer: Pick<WriteBehindWriter, 'cachedStatus'>;
  /** The database's kind, as /health names it. */
  readonly backend: PlayerStore['backend'];
  readonly lifecycle: Pick<ServerLifecycle, 'phase'>;
  readonly metrics: ServerMetrics;
  readonly logger: Logger;
  /** Fleet mode: this process's place in the fleet, as /health and /stats show it. */
  readonly fleet?: () => FleetStatus;
}

/** What /health and /stats say of fleet mode (absent when it is off). */
export interface FleetStatus {
  readonly nodeId: string;
  /** Shards whose lease this process holds and serves now. */
  readonly shardsHeld: number;
  /** Shards being handed to another process right now. */
  readonly handingOff: number;
  /** Live members as this process hears them (itself included), by node id. */
  readonly members: readonly string[];
}

/** What the game port's routes add to HttpRouteParts. */
export interface GamePortRoutes {
  /** Who may read /metrics and /stats on the game port (operator-access.ts). */
  readonly access: OperatorAccess;
  /** Bearer token of /admin/* (and of /metrics, /stats with OperatorAccess.token); off when unset. */
  readonly adminToken: string | undefined;
  readonly playground: PlaygroundParts;
}

const resizeSchema = z
  .object({
    workers: z.number().int().min(1).max(256).optional(),
    tickHz: z.number().min(1).max(1000).optional(),
  })
  .strict()
  .refine((b) => b.workers !== undefined || b.tickHz !== undefined, 'give workers, tickHz or both');

/** Constant-time comparison of `Bearer <token>` with the admin token. */
function tokenMatches(header: string, token: string): boolean {
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A summary of the server for people and dashboards (`/stats`): constant work, cached figures. */
export function statsOf(parts: HttpRouteParts) {
  const engine = parts.engine;
  const loop = engine.loopCounters;
  return {
    uptimeSeconds: Math.round(process.uptime()),
    tick: engine.tickNumber,
    tickHz: engine.tickHz,
    workers: engine.workers,
    workerUtilization: engine.workerUtilization(),
    players: {
      resident: engine.world.count,
      connected: parts.sessions.liveCount,
      capacity: engine.world.capacity,
    },
    connections: parts.sessions.openCount,
    ticks: {
      total: engine.stats.summary('total'),
      simulate: engine.stats.summary('simulate'),
      apply: engine.stats.summary('apply'),
      publish: engine.stats.summary('publish'),
      merged: loop.merged,
      dropped: loop.dropped,
      failed: loop.failed,
    },
    gameMinutesSimulated: engine.minutesSimulated,
    persistence: parts.writer.cachedStatus(),
    ...(parts.fleet ? { fleet: parts.fleet() } : {}),
    rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

/**
 * `/health`: 200 when ready, 503 while starting, stopping or unable to save.
 * Open to anyone (load balancers and Docker ask it), so it reads only cached
 * and constant-time figures, and names a database problem without its text:
 * error messages carry host names, schema names and worse (the writer logs
 * the text for the operator).
 */
export function addHealthRoute(app: TemplatedApp, parts: HttpRouteParts): void {
  app.get('/health', (res) => {
    const persistence = parts.writer.cachedStatus();
    const phase = parts.lifecycle.phase;
    const status = phase !== ServerPhase.ready ? phase : persistence.failing ? 'degraded' : 'ok';
    json(res, status === 'ok' ? '200 OK' : '503 Service Unavailable', {
      status,
      database: {
        backend: parts.backend,
        up: !persistence.failing,
        ...(persistence.failing ? { error: 'database unavailable' } : {}),
        unflushedPlayers: persistence.unflushed,
        oldestUnsavedSeconds: persistence.oldestUnsavedMs / 1000,
      },
      tick: parts.engine.tickNumber,
      players: parts.engine.world.count,
      connected: parts.sessions.liveCount,
      failedTicks: parts.engine.loopCounters.failed,
      ...(parts.fleet ? { fleet: parts.fleet() } : {}),
    });
  });
}

/**
 * `/metrics` (Prometheus text) and `/stats` (JSON), as `access` allows: on
 * the metrics port they are open; on the game port see operator-access.ts.
 */
export function addOperatorRoutes(
  app: TemplatedApp,
  parts: HttpRouteParts,
  access: OperatorAccess,
  adminToken: string | undefined,
): void {
  const { engine, sessions, metrics, logger } = parts;
  /** True when the request may proceed; otherwise it has been answered. */
  const allowed = (res: HttpResponse, req: HttpRequest): boolean => {
    if (access === OperatorAccess.open) return true;
    const token = adminToken;
    if (access === OperatorAccess.token && token) {
      if (tokenMatches(req.getHeader('authorization'), token)) return true;
      json(res, '401 Unauthorized', { error: 'admin token required' });
      return false;
    }
    json(res, '404 Not Found', { error: 'not found' });
    return false;
  };

  app.get('/metrics', (res, req) => {
    if (!allowed(res, req)) return;
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    metrics.playersResident.set(engine.world.count);
    metrics.playersConnected.set(sessions.liveCount);
    metrics.registry.metrics().then(
      (text) => {
        if (aborted) return;
        res.cork(() => {
          res
            .writeStatus('200 OK')
            .writeHeader('Content-Type', metrics.registry.contentType)
            .end(text);
        });
      },
      (error: unknown) => {
        logger.error({ err: error }, 'metrics failed');
        if (!aborted) json(res, '500 Internal Server Error', { error: 'metrics failed' });
      },
    );
  });

  app.get('/stats', (res, req) => {
    if (!allowed(res, req)) return;
    json(res, '200 OK', statsOf(parts));
  });
}

/** Every HTTP route of the game port. */
export function addHttpRoutes(
  app: TemplatedApp,
  parts: HttpRouteParts,
  game: GamePortRoutes,
): void {
  const { engine, logger } = parts;
  const { adminToken } = game;
  addHealthRoute(app, parts);
  addOperatorRoutes(app, parts, game.access, adminToken);

  app.post('/admin/resize', (res, req) => {
    const auth = req.getHeader('authorization');
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    if (!adminToken) {
      json(res, '404 Not Found', { error: 'not found' });
      return;
    }
    if (!tokenMatches(auth, adminToken)) {
      json(res, '401 Unauthorized', { error: 'admin token required' });
      return;
    }
    readJsonBody(res, 4096, (body) => {
      if (aborted) return;
      const parsed = resizeSchema.safeParse(body);
      if (!parsed.success) {
        json(res, '400 Bad Request', {
          error: parsed.error.issues
            .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
            .join('; '),
        });
        return;
      }
      const { workers, tickHz } = parsed.data;
      const changes: Promise<void>[] = [];
      if (tickHz !== undefined) engine.setTickHz(tickHz);
      if (workers !== undefined) changes.push(engine.setWorkers(workers));
      Promise.all(changes).then(
        () => {
          logger.info({ workers: engine.workers, tickHz: engine.tickHz }, 'resized');
          if (!aborted) json(res, '200 OK', { workers: engine.workers, tickHz: engine.tickHz });
        },
        (error: unknown) => {
          logger.error({ err: error }, 'resize failed');
          if (!aborted) json(res, '500 Internal Server Error', { error: (error as Error).message });
        },
      );
    });
  });

  addPlaygroundRoutes(app, game.playground);

  app.any('/*', (res) => {
    json(res, '404 Not Found', { error: 'not found' });
  });
}
