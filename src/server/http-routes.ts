import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { ServerContext } from './server-context.ts';

function json(res: HttpResponse, status: string, body: unknown): void {
  res.cork(() => {
    res
      .writeStatus(status)
      .writeHeader('Content-Type', 'application/json')
      .end(JSON.stringify(body));
  });
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

  app.any('/*', (res) => {
    json(res, '404 Not Found', { error: 'not found' });
  });
}
