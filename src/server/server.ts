import type { us_listen_socket } from 'uWebSockets.js';
import uWS from 'uWebSockets.js';
import { CloseCode } from '../../protocol/close-codes.ts';
import type { ReceiptVerifier } from '../commands/context.ts';
import { ReceiptRouter, receiptVerifierFor } from '../commands/receipt-router.ts';
import type { Config } from '../config.ts';
import { Engine, type EngineOptions } from '../engine/engine.ts';
import { DEFAULT_PRICES, priceOf, utcDayOf } from '../llm/cost.ts';
import { NpcVoice } from '../llm/npc-voice.ts';
import { OpenAIProvider } from '../llm/openai-provider.ts';
import { CommandLog, commandLogFile } from '../ops/command-log.ts';
import { createLogger, type Logger } from '../ops/log.ts';
import { ServerMetrics } from '../ops/metrics.ts';
import { ChatLog } from '../persistence/chat-log.ts';
import { PlayerStore } from '../persistence/player-store.ts';
import { GLOBAL_SPEND, type SpendRow } from '../persistence/repository.ts';
import { SPEND_DAYS_KEPT, SpendLog } from '../persistence/spend-log.ts';
import { WriteBehindWriter, type WriterStatus } from '../persistence/writer.ts';
import { ACHIEVEMENT_REPORT } from '../sim/events.ts';
import { holdReward } from '../world/cold.ts';
import { secretKey } from './auth.ts';
import { ColdStates } from './cold-states.ts';
import { ensureDataDir } from './data-dir.ts';
import { Gateway } from './gateway.ts';
import { addHttpRoutes } from './http-routes.ts';
import { listenMetrics, type MetricsListener } from './metrics-listener.ts';
import { OperatorAccess, operatorAccess } from './operator-access.ts';
import { Outbound } from './outbound.ts';
import { StoreRecords } from './player-records.ts';
import { PlayerDirectory } from './players.ts';
import { publishUpdates } from './publisher.ts';
import { PurchaseSaver } from './purchase-saver.ts';
import { PurgeJob } from './purge.ts';
import { loadSecret } from './secret.ts';
import type { ServerContext } from './server-context.ts';
import type { Session } from './session.ts';

export interface ServerOptions {
  readonly logger?: Logger;
  /** Engine settings beyond the config (tests use a different worker entry). */
  readonly engine?: Partial<EngineOptions>;
  /** Wall-clock source (default Date.now); tests pass a clock they move. */
  readonly clock?: () => number;
  /** In-app purchase receipt checks (default: the stores the config sets up, receipt-router.ts). */
  readonly receipts?: ReceiptVerifier;
}

/** Bytes a socket may buffer before uWebSockets.js closes it (see publisher.ts for updates). */
const MAX_BACKPRESSURE = 1024 * 1024;

/** Work to finish before the process exits (the persistence layer flushes here). */
export type ShutdownHook = () => Promise<void>;

/**
 * The lifetick server: the engine ticking, the WebSocket protocol on /ws and
 * the HTTP endpoints, all on the main thread's event loop.
 */
export class LifetickServer {
  readonly #ctx: ServerContext;
  readonly #out: Outbound;
  readonly #hooks: ShutdownHook[] = [];
  #purge: PurgeJob | undefined;
  #listenSocket: us_listen_socket | undefined;
  #port = 0;
  #metrics: MetricsListener | undefined;
  #closed: Promise<void> | undefined;

  private constructor(ctx: ServerContext, out: Outbound) {
    this.#ctx = ctx;
    this.#out = out;
  }

  /** Build everything, bind, start ticking. Resolves once listening. */
  static async start(config: Config, options: ServerOptions = {}): Promise<LifetickServer> {
    const logger = options.logger ?? createLogger(config.logLevel);
    // Before anything that needs closing: a damaged secret file stops the start here.
    const dataDirWarning = ensureDataDir(config.dataDir);
    if (dataDirWarning) logger.warn(dataDirWarning);
    const key = secretKey(loadSecret(config.dataDir, config.secret));
    // Before anything starts: a store key or certificate that cannot be read stops start-up.
    const receipts = options.receipts ?? receiptVerifierFor(config, logger);
    const engine = new Engine({
      capacity: config.capacity,
      maxCapacity: config.maxPlayers,
      workers: config.workers,
      tickHz: config.tickHz,
      timeScale: config.timeScale,
      ...options.engine,
    });
    // The database first: a server that cannot save must not start.
    let store: PlayerStore;
    try {
      store = await PlayerStore.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    } catch (error) {
      await engine.close();
      throw error;
    }
    // Today's model spend so far: the budgets carry on where they were.
    const today = utcDayOf(Date.now());
    let spentToday: SpendRow[];
    try {
      spentToday = await store.spendOn(today);
    } catch (error) {
      await store.close();
      await engine.close();
      throw error;
    }
    const metrics = new ServerMetrics();
    const cold = new ColdStates();
    const writer = new WriteBehindWriter({
      engine,
      store,
      logger,
      flushMs: config.flushMs,
      cold: (slot) => cold.bytes(slot),
      onStall: (ms) => metrics.persistStall.observe(ms / 1000),
    });
    const sessions = new Set<Session>();
    const live = new Map<string, Session>();
    let out: Outbound | undefined;
    let players: PlayerDirectory | undefined;
    const chatLog = new ChatLog(store, logger);
    const spendLog = new SpendLog(store, logger);
    const chat = new NpcVoice({
      ...(config.llm === 'openai'
        ? {
            provider: new OpenAIProvider({
              apiKey: config.openaiApiKey!,
              model: config.llmModel,
              ...(config.openaiBaseUrl ? { baseURL: config.openaiBaseUrl } : {}),
            }),
          }
        : {}),
      price: config.llmPrice
        ? {
            inputPerMillion: Number(config.llmPrice.split(',')[0]),
            outputPerMillion: Number(config.llmPrice.split(',')[1]),
          }
        : priceOf(DEFAULT_PRICES, config.llmModel, DEFAULT_PRICES['gpt-4o-mini']!),
      globalRpm: config.llmRpm,
      maxConcurrent: config.llmConcurrency,
      deadlineMs: config.llmDeadlineMs,
      dailyBudget: config.llmDailyBudget,
      playerDailyBudget: config.llmPlayerDailyBudget,
      observer: metrics.llmObserver(),
      onSpend: (day, playerId, dollars) => spendLog.add(day, playerId, dollars),
      persist: (playerId, npcId, turn) =>
        chatLog.append(playerId, {
          npcId,
          fromNpc: turn.from === 'npc',
          text: turn.text,
          at: turn.at,
        }),
      deliver: (reply) => {
        // The reply's sentiment moves the relationship (with the engine idle).
        engine
          .submit(() => players?.applyChatEffect(reply.playerId, reply.npcId, reply.effect))
          .catch((error: unknown) =>
            logger.warn({ err: error, playerId: reply.playerId }, 'chat effect not applied'),
          );
        const session = live.get(reply.playerId);
        const message = {
          from: 'npc' as const,
          text: reply.text,
          at: reply.at,
          ...(reply.fallback ? { fallback: reply.fallback } : {}),
        };
        if (session && out) out.send(session, 'chat', { t: 'chat', npcId: reply.npcId, message });
      },
    });
    chat.cost.restore(
      {
        day: today,
        total: spentToday.find((r) => r.playerId === GLOBAL_SPEND)?.dollars ?? 0,
        byPlayer: spentToday
          .filter((r) => r.playerId !== GLOBAL_SPEND)
          .map((r) => [r.playerId, r.dollars] as const),
      },
      Date.now(),
    );
    store.dropSpendBefore(today - SPEND_DAYS_KEPT).catch((error: unknown) => {
      logger.warn({ err: error }, 'old model spend not dropped; next start tries again');
    });
    players = new PlayerDirectory({
      engine,
      store,
      writer,
      cold,
      logger,
      seed: config.seed,
      tutorial: config.tutorial === 'on',
      catchUpCapMinutes: config.catchUpCapMinutes,
      catchUpRate: config.catchUpRate,
      evictAfterMs: config.evictAfterMs,
      isLive: (playerId) => live.has(playerId),
      remember: (playerId, npcId, turns) => chat.remember(playerId, npcId, turns),
    });
    metrics.watchLlmCost(() => chat.cost.today);
    metrics.watchWorkers(() => engine.workerUtilization());
    metrics.watchBounds({
      tickPeriodSeconds: () => 1 / engine.tickHz,
      flushPeriodSeconds: config.flushMs / 1000,
      llmDailyBudgetDollars: config.llmDailyBudget,
    });
    const ctx: ServerContext = {
      config,
      engine,
      players,
      writer,
      purchases: new PurchaseSaver({ engine, store, writer, cold, players, logger }),
      store,
      chatLog,
      chat,
      cold,
      services: {
        config,
        receipts,
        records: new StoreRecords(store, chatLog),
      },
      clock: options.clock ?? Date.now,
      metrics,
      logger,
      key,
      sessions,
      live,
      liveBySlot: [],
      closing: false,
      ready: false,
      commandLog: new CommandLog({
        file: commandLogFile(config),
        logger,
        observe: (cmd, ms) => metrics.command(cmd, ms),
      }),
    };
    out = new Outbound(ctx);
    const server = new LifetickServer(ctx, out);
    server.#purge = server.#purgeJob();
    // After the final flush of players and chat, before the store closes.
    server.onShutdown(async () => {
      spendLog.close();
      await spendLog.flush();
    });
    server.#wireEngine();
    try {
      await server.#listen();
    } catch (error) {
      chat.close();
      await ctx.commandLog.close();
      await engine.close();
      await store.close();
      throw error;
    }
    metrics.watchPersistence(() => writer.cachedStatus());
    writer.start();
    players.start();
    server.#purge.start();
    engine.start();
    ctx.ready = true;
    logger.info(
      { port: server.port, host: config.host, workers: config.workers, tickHz: config.tickHz },
      `listening on ws://${config.host}:${server.port}/ws`,
    );
    logger.info({ backend: store.backend, flushMs: config.flushMs }, 'saving players');
    if (server.metricsPort !== undefined)
      logger.info(
        `metrics and stats on http://${config.metricsHost}:${server.metricsPort}/metrics`,
      );
    else if (operatorAccess(config) === OperatorAccess.none)
      logger.warn(
        'metrics and stats are off in production without a place to serve them: set LIFETICK_METRICS_PORT (or LIFETICK_ADMIN_TOKEN to ask for it on the game port)',
      );
    if (receipts instanceof ReceiptRouter)
      logger.info(
        { platforms: receipts.platforms },
        config.inAppPurchases === 'off' ? 'in-app purchases are off' : 'taking store receipts',
      );
    // The Docker image turns purchases off by default: a store set up
    // without turning them on is most likely a forgotten setting.
    if (config.inAppPurchases === 'off' && (config.appleRootCerts || config.googleServiceAccount))
      logger.warn('store settings are given but LIFETICK_IN_APP_PURCHASES is off: nothing is sold');
    return server;
  }

  get port(): number {
    return this.#port;
  }

  /** The metrics port, when LIFETICK_METRICS_PORT is set (useful with 0: any free port). */
  get metricsPort(): number | undefined {
    return this.#metrics?.port;
  }

  get engine(): Engine {
    return this.#ctx.engine;
  }

  /** Resident players by id (tests read where a player's slot is). */
  get players(): PlayerDirectory {
    return this.#ctx.players;
  }

  /** The write-behind writer (tests read its cached status and how often it walked the slots). */
  get writer(): WriteBehindWriter {
    return this.#ctx.writer;
  }

  /** The write-behind writer's state, measured now: unsaved players, failures. */
  get persistence(): WriterStatus {
    return this.#ctx.writer.status();
  }

  get metrics(): ServerMetrics {
    return this.#ctx.metrics;
  }

  /**
   * Purge now the accounts whose deletion grace period has passed (the job
   * also runs every LIFETICK_PURGE_INTERVAL_MS); resolves with their ids.
   */
  runPurge(): Promise<readonly string[]> {
    return this.#purge!.run();
  }

  /** Run `hook` during shutdown, after clients are closed and before the engine stops. */
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
    const ctx = this.#ctx;
    ctx.closing = true;
    if (this.#listenSocket) uWS.us_listen_socket_close(this.#listenSocket);
    this.#listenSocket = undefined;
    if (this.#metrics) uWS.us_listen_socket_close(this.#metrics.socket);
    this.#metrics = undefined;
    for (const session of [...ctx.sessions])
      this.#out.close(session, CloseCode.GOING_AWAY, 'server shutting down');
    await this.#purge?.stop();
    await ctx.engine.stop();
    ctx.players.stop();
    // Everything acked before the signal is in the columns; save it all.
    try {
      const before = ctx.writer.status().rowsSaved;
      await ctx.writer.flushAll();
      ctx.logger.info({ rows: ctx.writer.status().rowsSaved - before }, 'final flush done');
    } catch (error) {
      ctx.logger.error(
        { err: error, unflushed: ctx.writer.status().unflushed },
        'final flush failed',
      );
    }
    await ctx.chatLog.flush();
    ctx.chatLog.close();
    for (const hook of this.#hooks) {
      try {
        await hook();
      } catch (error) {
        ctx.logger.error({ err: error }, 'shutdown hook failed');
      }
    }
    ctx.chat.close();
    await ctx.engine.close();
    // After the engine, so the commands it still held are in the log.
    await ctx.commandLog.close();
    await ctx.store.close();
    ctx.logger.info('stopped');
  }

  #wireEngine(): void {
    const { engine, metrics, logger } = this.#ctx;
    engine.onEvent((slot, event) => {
      if (event >= ACHIEVEMENT_REPORT) {
        const live = this.#ctx.liveBySlot[slot];
        if (live) this.#out.queueAchievement(live, event - ACHIEVEMENT_REPORT);
        return;
      }
      if (engine.catalog.claimable[event] === 1) this.#holdReward(slot, event);
      const session = this.#ctx.liveBySlot[slot];
      if (session) this.#out.queueEvent(session, event);
    });
    engine.onPublish((columns, _highWater, tick) =>
      publishUpdates(this.#ctx, this.#out, columns, tick),
    );
    let late = 0;
    engine.onTick((report) => {
      metrics.tick(report);
      const counters = engine.loopCounters;
      const nowLate = counters.merged + counters.dropped;
      if (nowLate > late) metrics.lateTicks.inc(nowLate - late);
      late = nowLate;
    });
    engine.onTickError((error) => logger.error({ err: error }, 'tick failed'));
  }

  /** The account purge job (purge.ts), closing sessions through this server's outbound. */
  #purgeJob(): PurgeJob {
    const ctx = this.#ctx;
    const drop = (playerId: string, stale: boolean) => {
      const session = ctx.live.get(playerId);
      if (!session || (stale && ctx.players.slotOf(playerId) === session.slot)) return;
      ctx.live.delete(playerId);
      if (ctx.liveBySlot[session.slot] === session) ctx.liveBySlot[session.slot] = undefined;
      this.#out.close(session, CloseCode.AUTH_FAILED, 'account deleted');
    };
    return new PurgeJob({
      store: ctx.store,
      players: ctx.players,
      cold: ctx.cold,
      chatLog: ctx.chatLog,
      chat: ctx.chat,
      sessions: { close: (id) => drop(id, false), closeStale: (id) => drop(id, true) },
      clock: ctx.clock,
      intervalMs: ctx.config.purgeIntervalMs,
      logger: ctx.logger,
    });
  }

  /** A message event with a reward fired: the reward waits in the cold state for claimEvent. */
  #holdReward(slot: number, event: number): void {
    const { cold, writer, engine } = this.#ctx;
    if (!cold.has(slot)) return;
    holdReward(cold.get(slot), engine.catalog.defs[event]!.id);
    cold.changed(slot);
    writer.markDirty(slot);
  }

  async #listen(): Promise<void> {
    const ctx = this.#ctx;
    const gateway = new Gateway(ctx, this.#out);
    const app = uWS.App();
    app.ws<Session>('/ws', {
      compression: uWS.DISABLED,
      // The transport cuts off frames far beyond the protocol's limit; frames
      // between the two are refused by the gateway with close 1009.
      maxPayloadLength: ctx.config.maxFrameBytes * 4,
      maxBackpressure: MAX_BACKPRESSURE,
      closeOnBackpressureLimit: true as unknown as number,
      idleTimeout: 120,
      sendPingsAutomatically: true,
      upgrade: (res, req, context) => gateway.upgrade(res, req, context),
      open: (ws) => gateway.open(ws),
      message: (ws, message, isBinary) => gateway.message(ws, message, isBinary),
      close: (ws) => gateway.close(ws),
    });
    addHttpRoutes(app, ctx);
    await new Promise<void>((resolve, reject) => {
      app.listen(ctx.config.host, ctx.config.port, (socket) => {
        if (!socket) {
          reject(new Error(`could not listen on ${ctx.config.host}:${ctx.config.port}`));
          return;
        }
        this.#listenSocket = socket;
        this.#port = uWS.us_socket_local_port(socket as unknown as uWS.us_socket);
        resolve();
      });
    });
    if (ctx.config.metricsPort === undefined) return;
    try {
      this.#metrics = await listenMetrics(ctx, ctx.config.metricsPort);
    } catch (error) {
      uWS.us_listen_socket_close(this.#listenSocket!);
      this.#listenSocket = undefined;
      throw error;
    }
  }
}
