import type { TemplatedApp } from 'uWebSockets.js';
import type { ReceiptVerifier } from '../commands/context.ts';
import { ReceiptRouter } from '../commands/receipt-router.ts';
import type { Config } from '../config.ts';
import { Engine, type EngineOptions } from '../engine/engine.ts';
import type { Ownership } from '../fleet/ownership.ts';
import type { ChatService } from '../llm/chat-service.ts';
import { CommandLog, commandLogFile } from '../ops/command-log.ts';
import type { Logger } from '../ops/log.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import type { PlayerStore } from '../persistence/player-store.ts';
import { WriteBehindWriter } from '../persistence/writer.ts';
import { secretKey } from './auth.ts';
import { ColdStates } from './cold-states.ts';
import type { CommandContextParts } from './command-context.ts';
import { CommandRunner } from './command-runner.ts';
import { ensureDataDir } from './data-dir.ts';
import type { FleetHost } from './fleet-host.ts';
import { Gateway } from './gateway.ts';
import { Handshake } from './handshake.ts';
import { addHttpRoutes, type HttpRouteParts } from './http-routes.ts';
import type { ServerLifecycle } from './lifecycle.ts';
import { OperatorAccess, operatorAccess } from './operator-access.ts';
import type { Outbound } from './outbound.ts';
import { PlayerDirectory } from './players.ts';
import { loadSecret } from './secret.ts';
import type { SessionRegistry } from './session-registry.ts';

/**
 * The builders LifetickServer.start runs in order: each makes one part of
 * the server from the settings and the parts built before it, passing each
 * constructor what it uses and nothing more.
 */

/**
 * The data dir (made, or warned about when others can enter it) and the HS256
 * key of the token secret. Throws on a damaged secret file, before anything
 * that would need closing is built.
 */
export function tokenKey(config: Pick<Config, 'dataDir' | 'secret'>, logger: Logger): Uint8Array {
  const dataDirWarning = ensureDataDir(config.dataDir);
  if (dataDirWarning) logger.warn(dataDirWarning);
  return secretKey(loadSecret(config.dataDir, config.secret));
}

export function buildEngine(config: Config, overrides: Partial<EngineOptions> | undefined): Engine {
  return new Engine({
    capacity: config.capacity,
    maxCapacity: config.maxPlayers,
    workers: config.workers,
    tickHz: config.tickHz,
    timeScale: config.timeScale,
    ...overrides,
  });
}

/** Resident players' cold state, and the write-behind writer that saves them. */
export function buildWriter(
  config: Pick<Config, 'flushMs'>,
  engine: Engine,
  store: PlayerStore,
  metrics: Pick<ServerMetrics, 'persistStall'>,
  logger: Logger,
  clock: () => number,
  fleet?: Pick<FleetHost, 'fence' | 'fencedOut'>,
): { readonly cold: ColdStates; readonly writer: WriteBehindWriter } {
  const cold = new ColdStates();
  const writer = new WriteBehindWriter({
    source: engine.world,
    store,
    logger,
    flushMs: config.flushMs,
    cold: (slot) => cold.bytes(slot),
    onStall: (ms) => metrics.persistStall.observe(ms / 1000),
    clock,
    // Fleet mode: rows of shards not held are never copied, and a save the
    // database fences out drops its players here (fleet-host.ts).
    ...(fleet
      ? { fence: fleet.fence, onFencedOut: (shards: readonly number[]) => fleet.fencedOut(shards) }
      : {}),
  });
  // The writer reads the columns in phase 2, before the dirty masks are
  // cleared: registered here, before the publisher, as it always was.
  engine.onPublish(() => writer.phase2());
  return { cold, writer };
}

export function buildPlayers(
  config: Pick<Config, 'seed' | 'tutorial' | 'catchUpCapMinutes' | 'catchUpRate' | 'evictAfterMs'>,
  engine: Engine,
  store: PlayerStore,
  persistence: { readonly cold: ColdStates; readonly writer: WriteBehindWriter },
  sessions: Pick<SessionRegistry, 'isLive'>,
  logger: Logger,
  clock: () => number,
): PlayerDirectory {
  return new PlayerDirectory({
    engine,
    store,
    writer: persistence.writer,
    cold: persistence.cold,
    logger,
    clock,
    seed: config.seed,
    tutorial: config.tutorial === 'on',
    catchUpCapMinutes: config.catchUpCapMinutes,
    catchUpRate: config.catchUpRate,
    evictAfterMs: config.evictAfterMs,
    isLive: (playerId) => sessions.isLive(playerId),
  });
}

export function buildCommandLog(
  config: Pick<Config, 'dataDir' | 'commandLog'>,
  metrics: Pick<ServerMetrics, 'command'>,
  logger: Logger,
): CommandLog {
  return new CommandLog({
    file: commandLogFile(config),
    logger,
    observe: (cmd, ms) => metrics.command(cmd, ms),
  });
}

/** What the gateway is built from, beyond what a command context needs. */
export interface GatewayInputs {
  readonly key: Uint8Array;
  readonly lifecycle: ServerLifecycle;
  readonly sessions: SessionRegistry;
  readonly out: Outbound;
  readonly commandLog: CommandLog;
  readonly metrics: ServerMetrics;
  readonly logger: Logger;
  /** Asked on every hello: whether this process serves the player. */
  readonly ownership: Ownership;
}

/** The WebSocket gateway, with its handshake and command runner. */
export function buildGateway(
  config: Config,
  commands: CommandContextParts & { readonly players: PlayerDirectory; readonly chat: ChatService },
  inputs: GatewayInputs,
): Gateway {
  const { engine, players, chat, cold, clock } = commands;
  const { key, sessions, out, metrics, logger } = inputs;
  return new Gateway({
    limits: config,
    lifecycle: inputs.lifecycle,
    sessions,
    engine,
    players,
    out,
    handshake: new Handshake({
      key,
      acceptDevTokens: config.env === 'development',
      clock,
      engine,
      players,
      chat,
      cold,
      sessions,
      out,
      metrics,
      logger,
      ownership: inputs.ownership,
    }),
    commands: new CommandRunner(commands, out, inputs.commandLog, logger),
    metrics,
    logger,
  });
}

/** Every HTTP route of the game port, as settings allow. */
export function gamePortRoutes(
  config: Pick<Config, 'env' | 'metricsPort' | 'adminToken'>,
  http: HttpRouteParts,
  key: Uint8Array,
  clock: () => number,
): (app: TemplatedApp) => void {
  return (app) =>
    addHttpRoutes(app, http, {
      access: operatorAccess(config),
      adminToken: config.adminToken,
      playground: { mint: config.env === 'development', key, clock, logger: http.logger },
    });
}

/** What a started server tells its operator: where it listens, and settings worth a second look. */
export function logStarted(
  config: Config,
  ports: { readonly port: number; readonly metricsPort: number | undefined },
  backend: string,
  receipts: ReceiptVerifier,
  logger: Logger,
): void {
  logger.info(
    { port: ports.port, host: config.host, workers: config.workers, tickHz: config.tickHz },
    `listening on ws://${config.host}:${ports.port}/ws`,
  );
  logger.info({ backend, flushMs: config.flushMs }, 'saving players');
  if (ports.metricsPort !== undefined)
    logger.info(`metrics and stats on http://${config.metricsHost}:${ports.metricsPort}/metrics`);
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
}
