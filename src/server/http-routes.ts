import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { json, readJsonBody } from './http-json.ts';
import { OperatorAccess, operatorAccess } from './operator-access.ts';
import { addPlaygroundRoutes } from './playground/routes.ts';
import type { ServerContext } from './server-context.ts';

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
export function statsOf(ctx: ServerContext) {
  const engine = ctx.engine;
  const loop = engine.loopCounters;
  return {
    uptimeSeconds: Math.round(process.uptime()),
    tick: engine.tickNumber,
    tickHz: engine.tickHz,
    workers: engine.workers,
    workerUtilization: engine.workerUtilization(),
    players: {
      resident: engine.world.count,
      connected: ctx.live.size,
      capacity: engine.world.capacity,
    },
    connections: ctx.sessions.size,
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
    persistence: ctx.writer.cachedStatus(),
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
export function addHealthRoute(app: TemplatedApp, ctx: ServerContext): void {
  app.get('/health', (res) => {
    const persistence = ctx.writer.cachedStatus();
    const ok = ctx.ready && !ctx.closing && !persistence.failing;
    const status = ctx.closing
      ? 'stopping'
      : !ctx.ready
        ? 'starting'
        : persistence.failing
          ? 'degraded'
          : 'ok';
    json(res, ok ? '200 OK' : '503 Service Unavailable', {
      status,
      database: {
        backend: ctx.store.backend,
        up: !persistence.failing,
        ...(persistence.failing ? { error: 'database unavailable' } : {}),
        unflushedPlayers: persistence.unflushed,
        oldestUnsavedSeconds: persistence.oldestUnsavedMs / 1000,
      },
      tick: ctx.engine.tickNumber,
      players: ctx.engine.world.count,
      connected: ctx.live.size,
      failedTicks: ctx.engine.loopCounters.failed,
    });
  });
}

/**
 * `/metrics` (Prometheus text) and `/stats` (JSON), as `access` allows: on
 * the metrics port they are open; on the game port see operator-access.ts.
 */
export function addOperatorRoutes(
  app: TemplatedApp,
  ctx: ServerContext,
  access: OperatorAccess,
): void {
  /** True when the request may proceed; otherwise it has been answered. */
  const allowed = (res: HttpResponse, req: HttpRequest): boolean => {
    if (access === OperatorAccess.open) return true;
    const token = ctx.config.adminToken;
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
    ctx.metrics.playersResident.set(ctx.engine.world.count);
    ctx.metrics.playersConnected.set(ctx.live.size);
    ctx.metrics.registry.metrics().then(
      (text) => {
        if (aborted) return;
        res.cork(() => {
          res
            .writeStatus('200 OK')
            .writeHeader('Content-Type', ctx.metrics.registry.contentType)
            .end(text);
        });
      },
      (error: unknown) => {
        ctx.logger.error({ err: error }, 'metrics failed');
        if (!aborted) json(res, '500 Internal Server Error', { error: 'metrics failed' });
      },
    );
  });

  app.get('/stats', (res, req) => {
    if (!allowed(res, req)) return;
    json(res, '200 OK', statsOf(ctx));
  });
}

/** Every HTTP route of the game port. */
export function addHttpRoutes(app: TemplatedApp, ctx: ServerContext): void {
  addHealthRoute(app, ctx);
  addOperatorRoutes(app, ctx, operatorAccess(ctx.config));

  app.post('/admin/resize', (res, req) => {
    const auth = req.getHeader('authorization');
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    if (!ctx.config.adminToken) {
      json(res, '404 Not Found', { error: 'not found' });
      return;
    }
    if (!tokenMatches(auth, ctx.config.adminToken)) {
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
      if (tickHz !== undefined) ctx.engine.setTickHz(tickHz);
      if (workers !== undefined) changes.push(ctx.engine.setWorkers(workers));
      Promise.all(changes).then(
        () => {
          ctx.logger.info({ workers: ctx.engine.workers, tickHz: ctx.engine.tickHz }, 'resized');
          if (!aborted)
            json(res, '200 OK', { workers: ctx.engine.workers, tickHz: ctx.engine.tickHz });
        },
        (error: unknown) => {
          ctx.logger.error({ err: error }, 'resize failed');
          if (!aborted) json(res, '500 Internal Server Error', { error: (error as Error).message });
        },
      );
    });
  });

  addPlaygroundRoutes(app, ctx);

  app.any('/*', (res) => {
    json(res, '404 Not Found', { error: 'not found' });
  });
}
