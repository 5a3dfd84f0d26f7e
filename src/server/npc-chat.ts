import type { Config } from '../config.ts';
import type { Engine } from '../engine/engine.ts';
import { DEFAULT_PRICES, priceOf, utcDayOf } from '../llm/cost.ts';
import { type NpcReply, NpcVoice } from '../llm/npc-voice.ts';
import { OpenAIProvider } from '../llm/openai-provider.ts';
import type { Logger } from '../ops/log.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import { ChatLog } from '../persistence/chat-log.ts';
import type { PlayerStore } from '../persistence/player-store.ts';
import { GLOBAL_SPEND } from '../persistence/repository.ts';
import { SPEND_DAYS_KEPT, SpendLog } from '../persistence/spend-log.ts';
import type { Outbound } from './outbound.ts';
import type { PlayerDirectory } from './players.ts';
import type { SessionRegistry } from './session-registry.ts';

/** NPC chat: the voices, and the logs that keep its lines and its bill. */
export interface NpcChat {
  readonly voice: NpcVoice;
  /** Conversation lines, written behind. */
  readonly chatLog: ChatLog;
  /** The model's spend per day and player, written behind. */
  readonly spendLog: SpendLog;
}

/** What NPC chat is built with. */
export interface ChatParts {
  readonly config: Pick<
    Config,
    | 'llm'
    | 'openaiApiKey'
    | 'openaiBaseUrl'
    | 'llmModel'
    | 'llmPrice'
    | 'llmRpm'
    | 'llmConcurrency'
    | 'llmDeadlineMs'
    | 'llmDailyBudget'
    | 'llmPlayerDailyBudget'
  >;
  readonly store: PlayerStore;
  readonly engine: Pick<Engine, 'submit'>;
  readonly players: Pick<PlayerDirectory, 'applyChatEffect'>;
  readonly sessions: Pick<SessionRegistry, 'liveOf'>;
  readonly out: Outbound;
  readonly metrics: Pick<ServerMetrics, 'llmObserver'>;
  readonly logger: Logger;
  /** The server's wall clock: the spend's UTC day, and the time of each line. */
  readonly clock: () => number;
}

/**
 * NPC chat as the configuration asks for it (the model or the offline
 * templates), with today's spend read back from the database so the budgets
 * carry on where they were. Rejects when the database cannot be read.
 */
export async function buildChat(deps: ChatParts): Promise<NpcChat> {
  const { config, store, logger, clock } = deps;
  const today = utcDayOf(clock());
  const spentToday = await store.spendOn(today);
  const chatLog = new ChatLog(store, logger);
  const spendLog = new SpendLog(store, logger);
  const voice = new NpcVoice({
    ...(config.llm === 'openai'
      ? {
          provider: new OpenAIProvider({
            // loadConfig refuses llm=openai without a key.
            apiKey: config.openaiApiKey!,
            model: config.llmModel,
            ...(config.openaiBaseUrl ? { baseURL: config.openaiBaseUrl } : {}),
          }),
        }
      : {}),
    price:
      config.llmPrice ?? priceOf(DEFAULT_PRICES, config.llmModel, DEFAULT_PRICES['gpt-4o-mini']!),
    globalRpm: config.llmRpm,
    maxConcurrent: config.llmConcurrency,
    deadlineMs: config.llmDeadlineMs,
    dailyBudget: config.llmDailyBudget,
    playerDailyBudget: config.llmPlayerDailyBudget,
    now: clock,
    observer: deps.metrics.llmObserver(),
    onSpend: (day, playerId, dollars) => spendLog.add(day, playerId, dollars),
    persist: (playerId, npcId, turn) =>
      chatLog.append(playerId, {
        npcId,
        fromNpc: turn.from === 'npc',
        text: turn.text,
        at: turn.at,
      }),
    deliver: (reply) => deliver(deps, reply),
  });
  voice.cost.restore(
    {
      day: today,
      total: spentToday.find((r) => r.playerId === GLOBAL_SPEND)?.dollars ?? 0,
      byPlayer: spentToday
        .filter((r) => r.playerId !== GLOBAL_SPEND)
        .map((r) => [r.playerId, r.dollars] as const),
    },
    clock(),
  );
  store.dropSpendBefore(today - SPEND_DAYS_KEPT).catch((error: unknown) => {
    logger.warn({ err: error }, 'old model spend not dropped; next start tries again');
  });
  return { voice, chatLog, spendLog };
}

/** An NPC's reply reaches the player: the relationship moves, and a connected player reads it. */
function deliver(deps: ChatParts, reply: NpcReply): void {
  // The reply's sentiment moves the relationship (with the engine idle).
  deps.engine
    .submit(() => deps.players.applyChatEffect(reply.playerId, reply.npcId, reply.effect))
    .catch((error: unknown) =>
      deps.logger.warn({ err: error, playerId: reply.playerId }, 'chat effect not applied'),
    );
  const session = deps.sessions.liveOf(reply.playerId);
  if (!session) return;
  deps.out.send(session, {
    t: 'chat',
    npcId: reply.npcId,
    message: {
      from: 'npc',
      text: reply.text,
      at: reply.at,
      ...(reply.fallback ? { fallback: reply.fallback } : {}),
    },
  });
}
