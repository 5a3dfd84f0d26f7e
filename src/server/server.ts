import { CloseCode } from '../../protocol/close-codes.ts';
import type { ReceiptVerifier } from '../commands/context.ts';
import { receiptVerifierFor } from '../commands/receipt-router.ts';
import type { Config } from '../config.ts';
import type { Engine, EngineOptions } from '../engine/engine.ts';
import { type Ownership, type Placement, soleOwnership } from '../fleet/ownership.ts';
import { shardOf } from '../kit/shard-of.ts';
import type { CommandLog } from '../ops/command-log.ts';
import { createLogger, type Logger } from '../ops/log.ts';
import { ServerMetrics } from '../ops/metrics.ts';
import { PlayerStore } from '../persistence/player-store.ts';
import type { WriteBehindWriter, WriterStatus } from '../persistence/writer.ts';
import {
  buildCommandLog,
  buildEngine,
  buildGateway,
  buildPlayers,
  buildWriter,
  gamePortRoutes,
  logStarted,
  tokenKey,
} from './builders.ts';
import { listenToEngine } from './engine-wiring.ts';
import { FleetHost } from './fleet-host.ts';
import type { FleetStatus } from './http-routes.ts';
import { ServerLifecycle } from './lifecycle.ts';
import { type Listening, listen, stopListening } from './listen.ts';
import { buildChat, type NpcChat } from './npc-chat.ts';
import { Outbound } from './outbound.ts';
import { StoreRecords } from './player-records.ts';
import type { PlayerDirectory } from './players.ts';
import { UpdatePublisher } from './publisher.ts';
import { PurchaseSaver } from './purchase-saver.ts';
import { PurgeJob, purgeSessions } from './purge.ts';
import { redirectSession } from './redirect.ts';
import { SessionState } from './session.ts';
import { SessionRegistry } from './session-registry.ts';
import { ShardHandoff } from './shard-handoff.ts';
import { redirectShards } from './shard-redirects.ts';

export interface ServerOptions {
  readonly logger?: Logger;
  /** Engine settings beyond the config (tests use a different worker entry). */
  readonly engine?: Partial<EngineOptions>;
  /**
   * The wall clock, in ms (default Date.now); tests pass a clock they move.
   * Everything where time has meaning reads it: token expiry, welcome's
   * serverTime, time away, purchases, the model's daily spend, the purge.
   */
  readonly clock?: () => number;
  /** In-app purchase receipt checks (default: the stores the config sets up, receipt-router.ts). */
  readonly receipts?: ReceiptVerifier;
  /**
   * Which process serves which player, asked on every hello (default
   * soleOwnership: this one serves all). A player placed elsewhere gets a
   * redirect frame and close 4004.
   */
  readonly ownership?: Ownership;
}

/** Work to finish before the process exits (the model's spend log flushes here). */
export type ShutdownHook = () => Promise<void>;

/** What the running server holds: what it exposes, and what it closes. */
interface Running {
  readonly engine: Engine;
  readonly store: PlayerStore;
  readonly writer: WriteBehindWriter;
  readonly players: PlayerDirectory;
  readonly chat: NpcChat;
  readonly commandLog: CommandLog;
  readonly purge: PurgeJob;
  readonly sessions: SessionRegistry;
  readonly out: Outbound;
  readonly lifecycle: ServerLifecycle;
  readonly metrics: ServerMetrics;
  readonly logger: Logger;
  readonly listening: Listening;
  /** Fleet mode's part of this process; undefined when it runs alone. */
  readonly fleet: FleetHost | undefined;
  readonly ownership: Ownership;
}

/**
 * The lifetick server: the engine ticking, the WebSocket protocol on /ws and
 * the HTTP endpoints, all on the main thread's event loop.
 *
 * `start` builds the parts in order, each given only what it uses; each
 * part is in its own file (the gateway and handshake, the command runner,
 * the publisher, NPC chat, the HTTP routes...).
 */
export class LifetickServer {
  readonly #r: Running;
  readonly #hooks: ShutdownHook[] = [];
  #closed: Promise<void> | undefined;

  private constructor(running: Running) {
    this.#r = running;
  }

  /** Build everything, bind, start ticking. Resolves once listening. */
  static async start(config: Config, options: ServerOptions = {}): Promise<LifetickServer> {
    const logger = options.logger ?? createLogger(config.logLevel);
    const clock = options.clock ?? Date.now;
    // Before anything that needs closing: a damaged secret file, or a store
    // key or certificate that cannot be read, stops start-up here.
    const key = tokenKey(config, logger);
    const receipts = options.receipts ?? receiptVerifierFor(config, logger);
    // What was built so far, closed in reverse order when a later step fails.
    const undo: (() => unknown)[] = [];
    try {
      const engine = buildEngine(config, options.engine);
      undo.push(() => engine.close());
      // Fleet mode: every player write is fenced by this process's leases
      // (none until the node below has started and taken some).
      const fleet = config.fleet === 'on' ? new FleetHost(config, logger) : undefined;
      // The database first: a server that cannot save must not start.
      const store = await PlayerStore.open({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        ...(fleet ? { fence: fleet.fence } : {}),
      });
      undo.push(() => store.close());
      if (fleet) {
        // After the store: its migrations make the lease table.
        await fleet.start();
        undo.push(() => fleet.close());
      }
      const metrics = new ServerMetrics();
      const { cold, writer } = buildWriter(config, engine, store, metrics, logger, clock, fleet);
      const sessions = new SessionRegistry();
      const out = new Outbound(metrics, engine.catalog, logger);
      const players = buildPlayers(
        config,
        engine,
        store,
        { cold, writer },
        sessions,
        logger,
        clock,
      );
      const chat = await buildChat({
        config,
        store,
        engine,
        players,
        sessions,
        out,
        metrics,
        logger,
        clock,
      });
      undo.push(() => chat.voice.close());
      const { voice, chatLog } = chat;
      // The directory and the chat need each other (see onConversationLoaded).
      players.onConversationLoaded((id, npcId, turns) => voice.remember(id, npcId, turns));
      const commandLog = buildCommandLog(config, metrics, logger);
      undo.push(() => commandLog.close());
      const purchases = new PurchaseSaver({ engine, store, writer, cold, players, logger, clock });
      const purge = new PurgeJob({
        store,
        players,
        cold,
        chatLog,
        chat: voice,
        sessions: purgeSessions(sessions, players, out),
        clock,
        intervalMs: config.purgeIntervalMs,
        logger,
      });
      const publisher = new UpdatePublisher(sessions, out, metrics);
      listenToEngine(engine, { sessions, out, publisher, cold, writer, metrics, logger });
      const lifecycle = new ServerLifecycle();
      const ownership = options.ownership ?? fleet?.ownership ?? soleOwnership;
      const records = new StoreRecords(store, chatLog);
      const gateway = buildGateway(
        config,
        {
          engine,
          chat: voice,
          cold,
          services: { config, receipts, records },
          writer,
          players,
          purchases,
          clock,
        },
        {
          key,
          lifecycle,
          sessions,
          out,
          commandLog,
          metrics,
          logger,
          ownership,
        },
      );
      const http = {
        engine,
        sessions,
        writer,
        backend: store.backend,
        lifecycle,
        metrics,
        logger,
        ...(fleet ? { fleet: () => fleet.status() } : {}),
      };
      const routes = gamePortRoutes(config, http, key, clock);
      const listening = await listen(config, gateway, routes, http);
      const server = new LifetickServer({
        engine,
        store,
        writer,
        players,
        chat,
        commandLog,
        purge,
        sessions,
        out,
        lifecycle,
        metrics,
        logger,
        listening,
        fleet,
        ownership,
      });
      if (fleet) {
        fleet.attach(
          new ShardHandoff({
            engine,
            players,
            writer,
            chat: voice,
            sessions,
            out,
            metrics,
            logger,
            placementOf: (playerId) => fleet.ownership.placementOf(playerId),
            saveDeadlineMs: Math.max(2000, config.leaseTtlMs / 2),
          }),
        );
        metrics.watchFleet(() => fleet.shardsHeld());
      }
      // After the final flush of players and chat, before the store closes.
      server.onShutdown(async () => {
        chat.spendLog.close();
        await chat.spendLog.flush();
      });
      metrics.watchLlmCost(() => voice.cost.today);
      metrics.watchWorkers(() => engine.workerUtilization());
      metrics.watchBounds({
        tickPeriodSeconds: () => 1 / engine.tickHz,
        flushPeriodSeconds: config.flushMs / 1000,
        llmDailyBudgetDollars: config.llmDailyBudget,
      });
      metrics.watchPersistence(() => writer.cachedStatus());
      writer.start();
      players.start();
      purge.start();
      engine.start();
      lifecycle.ready();
      logStarted(config, server, store.backend, receipts, logger);
      return server;
    } catch (error) {
      for (const step of undo.reverse()) await step();
      throw error;
    }
  }

  get port(): number {
    return this.#r.listening.port;
  }

  /** The metrics port, when LIFETICK_METRICS_PORT is set (useful with 0: any free port). */
  get metricsPort(): number | undefined {
    return this.#r.listening.metrics?.port;
  }

  get engine(): Engine {
    return this.#r.engine;
  }

  /** Resident players by id (tests read where a player's slot is). */
  get players(): PlayerDirectory {
    return this.#r.players;
  }

  /** The write-behind writer (tests read its cached status and how often it walked the slots). */
  get writer(): WriteBehindWriter {
    return this.#r.writer;
  }

  /** The write-behind writer's state, measured now: unsaved players, failures. */
  get persistence(): WriterStatus {
    return this.#r.writer.status();
  }

  get metrics(): ServerMetrics {
    return this.#r.metrics;
  }

  /** Fleet mode: this process's place in the fleet (as /stats shows it); undefined when it runs alone. */
  get fleet(): FleetStatus | undefined {
    return this.#r.fleet?.status();
  }

  /** Where this process places the player now: what a hello of theirs would be answered with. */
  placementOf(playerId: string): Placement {
    return this.#r.ownership.placementOf(playerId);
  }

  /**
   * Purge now the accounts whose deletion grace period has passed (the job
   * also runs every LIFETICK_PURGE_INTERVAL_MS); resolves with their ids.
   */
  runPurge(): Promise<readonly string[]> {
    return this.#r.purge.run();
  }

  /**
   * Send every connected player of `shards` a redirect frame and close 4004,
   * each to where `placementOf` now places them (players it places `here`
   * stay). Only the sockets: the fleet wiring drops the players from this
   * process. Returns how many were redirected.
   */
  redirectShards(shards: Iterable<number>, placementOf: (playerId: string) => Placement): number {
    const { sessions, out, metrics } = this.#r;
    return redirectShards({ sessions, out, metrics }, shards, placementOf);
  }

  /**
   * Run `hook` during shutdown: after clients are closed, the engine has
   * stopped ticking and the final flush of players and chat, before the
   * engine's workers and the store close.
   */
  onShutdown(hook: ShutdownHook): void {
    this.#hooks.push(hook);
  }

  /**
   * Stop accepting, close every client with 1001, run the shutdown hooks,
   * stop the engine. Safe to call more than once.
   */
  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    const { engine, players, writer, chat, commandLog, store, sessions, out, logger, fleet } =
      this.#r;
    this.#r.lifecycle.stopping();
    stopListening(this.#r.listening);
    fleet?.stopRebalancing();
    for (const session of sessions.openSessions()) {
      // Fleet mode: players are handed off, not sent away: they wait a
      // moment and say hello again, by then to the shard's next owner.
      if (fleet && session.state === SessionState.live)
        redirectSession(out, this.#r.metrics, session, {
          kind: 'moving',
          shard: shardOf(session.playerId),
          retryAfterMs: fleet.handoffRetryAfterMs,
        });
      else out.close(session, CloseCode.GOING_AWAY, 'server shutting down');
    }
    await this.#r.purge.stop();
    await engine.stop();
    players.stop();
    // Everything acked before the signal is in the columns; save it all.
    try {
      const before = writer.status().rowsSaved;
      await writer.flushAll();
      logger.info({ rows: writer.status().rowsSaved - before }, 'final flush done');
    } catch (error) {
      logger.error({ err: error, unflushed: writer.status().unflushed }, 'final flush failed');
    }
    await chat.chatLog.flush();
    chat.chatLog.close();
    for (const hook of this.#hooks) {
      try {
        await hook();
      } catch (error) {
        logger.error({ err: error }, 'shutdown hook failed');
      }
    }
    // Saved (fenced) above: now the leases go, and the others hear of it
    // at once (NATS "released") instead of waiting for them to expire.
    try {
      await fleet?.close();
    } catch (error) {
      logger.error({ err: error }, 'fleet: leaving failed; the leases expire by themselves');
    }
    chat.voice.close();
    await engine.close();
    // After the engine, so the commands it still held are in the log.
    await commandLog.close();
    await store.close();
    logger.info('stopped');
  }
}
