import type { TemplatedApp } from 'uWebSockets.js';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { json, readJsonBody } from './http-json.ts';
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

/** A summary of the server for people and dashboards (`/stats`). */
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
    persistence: ctx.writer.status(),
    rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

/** `/health`, `/metrics` (Prometheus text) and `/stats` (JSON). */
export function addHttpRoutes(app: TemplatedApp, ctx: ServerContext): void {
  app.get('/health', (res) => {
    const persistence = ctx.writer.status();
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
        error: persistence.lastError,
        unflushedPlayers: persistence.unflushed,
        oldestUnsavedSeconds: persistence.oldestUnsavedMs / 1000,
      },
      tick: ctx.engine.tickNumber,
      players: ctx.engine.world.count,
      connected: ctx.live.size,
      failedTicks: ctx.engine.loopCounters.failed,
    });
  });

  app.get('/metrics', (res) => {
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

  app.get('/stats', (res) => {
    json(res, '200 OK', statsOf(ctx));
  });

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
