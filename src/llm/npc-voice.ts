import { LRUCache } from 'lru-cache';
import { TokenBucket } from '../kit/token-bucket.ts';
import type { ChatRequest, ChatService } from './chat-service.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { ConversationMemory, type Turn } from './conversation.ts';
import {
  CostMeter,
  costOf,
  estimatePromptTokens,
  estimateTokens,
  type ModelPrice,
  type Reservation,
} from './cost.ts';
import { type Persona, personaOf } from './persona.ts';
import { promptKey, promptMessages } from './prompt.ts';
import type { ChatProvider, ChatTurn } from './provider.ts';
import { completeWithRetry } from './retry.ts';
import { relationshipEffect, sentiment } from './sentiment.ts';
import { templateReplyFor } from './template-provider.ts';
import { VOICE_DEFAULTS, type VoiceLimits } from './voice-defaults.ts';

/** Why a reply came from the template provider instead of the model. */
export const FallbackReason = {
  playerRate: 'player_rate',
  overloaded: 'overloaded',
  budget: 'budget',
  breaker: 'breaker_open',
  deadline: 'deadline',
  quota: 'insufficient_quota',
  error: 'model_error',
} as const;
export type FallbackReason = (typeof FallbackReason)[keyof typeof FallbackReason];

/** An NPC's reply on its way to the player, with what it does to the relationship. */
export interface NpcReply {
  readonly playerId: string;
  readonly npcId: number;
  readonly text: string;
  readonly at: number;
  /** Set when the template provider answered in the model's place. */
  readonly fallback?: FallbackReason;
  readonly source: 'model' | 'cache' | 'template';
  readonly effect: { readonly affinity: number; readonly familiarity: number };
}

/** Hooks for metrics; every method is optional work for the caller. */
export interface VoiceObserver {
  call(outcome: 'ok' | 'failed', attempts: number): void;
  cacheHit(): void;
  fallback(reason: FallbackReason): void;
  tokens(prompt: number, completion: number, dollars: number): void;
}

export interface VoiceOptions {
  /** The model; the template provider alone when undefined (LIFETICK_LLM=template). */
  readonly provider?: ChatProvider;
  readonly price: ModelPrice;
  readonly deliver: (reply: NpcReply) => void;
  /** Conversation turns to keep (the persistence layer writes them). */
  readonly persist?: (playerId: string, npcId: number, turn: Turn) => void;
  readonly observer?: VoiceObserver;
  // The numbers below default to VOICE_DEFAULTS (voice-defaults.ts).
  /** Per player: calls per second and burst. */
  readonly playerRate?: number;
  readonly playerBurst?: number;
  /** Whole process: calls per minute, and at once. */
  readonly globalRpm?: number;
  readonly maxConcurrent?: number;
  /** Calls waiting for a free slot; beyond this the template answers. */
  readonly maxQueue?: number;
  /** One reply's deadline, queueing and both attempts included. */
  readonly deadlineMs?: number;
  readonly maxTokens?: number;
  readonly cacheSize?: number;
  readonly cacheTtlMs?: number;
  readonly breakerThreshold?: number;
  readonly breakerCooldownMs?: number;
  /** Dollars per UTC day, for everyone and for one player. */
  readonly dailyBudget?: number;
  readonly playerDailyBudget?: number;
  /** Each settled call's cost, for the server to save (the day's spend survives a restart). */
  readonly onSpend?: (day: number, playerId: string, dollars: number) => void;
  readonly now?: () => number;
}

/** The options' tuning numbers, each given one or its default. */
function limitsOf(o: VoiceOptions): VoiceLimits {
  const d = VOICE_DEFAULTS;
  return {
    playerRate: o.playerRate ?? d.playerRate,
    playerBurst: o.playerBurst ?? d.playerBurst,
    globalRpm: o.globalRpm ?? d.globalRpm,
    maxConcurrent: o.maxConcurrent ?? d.maxConcurrent,
    deadlineMs: o.deadlineMs ?? d.deadlineMs,
    maxTokens: o.maxTokens ?? d.maxTokens,
    cacheSize: o.cacheSize ?? d.cacheSize,
    cacheTtlMs: o.cacheTtlMs ?? d.cacheTtlMs,
    breakerThreshold: o.breakerThreshold ?? d.breakerThreshold,
    breakerCooldownMs: o.breakerCooldownMs ?? d.breakerCooldownMs,
    dailyBudget: o.dailyBudget ?? d.dailyBudget,
    playerDailyBudget: o.playerDailyBudget ?? d.playerDailyBudget,
  };
}

interface Job {
  readonly request: ChatRequest;
  readonly persona: Persona;
  readonly messages: ChatTurn[];
  readonly cacheKey: string;
  readonly deadlineAt: number;
  /** The call's worst case, held against the budgets until it is settled or released. */
  readonly reservation: Reservation;
  /** The half-open breaker's probe: its outcome closes or reopens the breaker. */
  readonly probe: boolean;
}

// Players whose rate buckets are remembered at once; the least recently
// active are forgotten (a forgotten player simply starts with a full bucket).
const PLAYER_BUCKETS = 100_000;
// Turns of recent context sent with each call, besides the summary.
const CONTEXT_TURNS = 8;
// Least time left before its deadline for a queued call to be started.
const MIN_CALL_MS = 1000;
// The queue holds at least this many calls, however low the per-minute cap.
const MIN_QUEUE = 16;

/**
 * NPC voices under governance. A talk never waits: `ask` returns at once and
 * the reply is delivered later. On the way, in this order: a cached reply
 * for exactly the same prompt (prompt.ts); the daily budgets, which hold
 * back the call's worst case until it is settled; the circuit breaker;
 * the player's token bucket; the bounded queue, served within a global
 * requests-per-minute and concurrency cap; one retry layer with a per-call
 * deadline. Whenever the model cannot or should not answer, the template
 * provider does, and the reply says why.
 */
export class NpcVoice implements ChatService {
  readonly memory = new ConversationMemory();
  readonly cost: CostMeter;
  readonly breaker: CircuitBreaker;
  readonly #o: VoiceOptions;
  readonly #limits: VoiceLimits;
  readonly #now: () => number;
  readonly #cache: LRUCache<string, string>;
  readonly #buckets: LRUCache<string, TokenBucket>;
  readonly #global: TokenBucket;
  readonly #queue: Job[] = [];
  #running = 0;
  #wakeTimer: NodeJS.Timeout | undefined;
  readonly #maxQueue: number;
  #closed = false;

  constructor(options: VoiceOptions) {
    this.#o = options;
    const limits = limitsOf(options);
    this.#limits = limits;
    this.#now = options.now ?? Date.now;
    this.#cache = new LRUCache({ max: limits.cacheSize, ttl: limits.cacheTtlMs });
    this.#buckets = new LRUCache({ max: PLAYER_BUCKETS });
    const perSecond = limits.globalRpm / 60;
    this.#global = new TokenBucket(perSecond, Math.max(1, Math.ceil(perSecond)), this.#now());
    // By default the queue holds what the per-minute cap can serve within
    // one deadline: anything beyond would only wait for its deadline to pass.
    this.#maxQueue =
      options.maxQueue ?? Math.max(MIN_QUEUE, Math.ceil(perSecond * (limits.deadlineMs / 1000)));
    this.cost = new CostMeter(limits.dailyBudget, limits.playerDailyBudget, options.onSpend);
    this.breaker = new CircuitBreaker(limits.breakerThreshold, limits.breakerCooldownMs);
  }

  get queued(): number {
    return this.#queue.length;
  }

  get inFlight(): number {
    return this.#running;
  }

  ask(request: ChatRequest): void {
    if (this.#closed) return;
    const now = this.#now();
    const persona = personaOf(
      request.playerId,
      request.npcId,
      {
        role: request.role,
        age: request.npcAge,
        affinity: request.affinity,
        familiarity: request.familiarity,
      },
      request.playerMood,
    );
    const playerTurn: Turn = { from: 'player', text: request.text, at: now };
    const conversation = this.memory.get(request.playerId, request.npcId);
    const context = conversation.turns.slice(-CONTEXT_TURNS);
    this.memory.append(request.playerId, request.npcId, playerTurn);
    this.#o.persist?.(request.playerId, request.npcId, playerTurn);

    const provider = this.#o.provider;
    if (!provider) {
      this.#template(request, persona);
      return;
    }
    const messages = promptMessages(persona, conversation.summary, context, request.text);
    const cacheKey = promptKey(messages);
    const cached = this.#cache.get(cacheKey);
    if (cached !== undefined) {
      this.#o.observer?.cacheHit();
      this.#reply(request, cached, 'cache');
      return;
    }
    const worstCase = costOf(this.#o.price, estimatePromptTokens(messages), this.#limits.maxTokens);
    const reservation = this.cost.reserve(request.playerId, worstCase, now);
    if (typeof reservation === 'string') {
      this.#template(request, persona, FallbackReason.budget);
      return;
    }
    // Not closed: this call is the half-open breaker's probe, if allowed at all.
    const probe = this.breaker.state !== 'closed';
    const refusal =
      probe && !this.breaker.allow(now)
        ? FallbackReason.breaker
        : this.#refusal(request.playerId, now);
    if (refusal) {
      if (probe && refusal !== FallbackReason.breaker) this.breaker.abandonProbe();
      this.cost.release(reservation, now);
      this.#template(request, persona, refusal);
      return;
    }
    this.#queue.push({
      request,
      persona,
      messages,
      cacheKey,
      deadlineAt: now + this.#limits.deadlineMs,
      reservation,
      probe,
    });
    this.#pump();
  }

  /** Why the model may not be asked now, besides the budgets and the breaker: player rate, queue. */
  #refusal(playerId: string, now: number): FallbackReason | undefined {
    let bucket = this.#buckets.get(playerId);
    if (!bucket) {
      bucket = new TokenBucket(this.#limits.playerRate, this.#limits.playerBurst, now);
      this.#buckets.set(playerId, bucket);
    }
    if (!bucket.take(now)) return FallbackReason.playerRate;
    if (this.#queue.length >= this.#maxQueue) return FallbackReason.overloaded;
    return undefined;
  }

  conversation(
    playerId: string,
    npcId: number,
  ): { readonly turns: readonly Turn[]; readonly summary: string } {
    return this.memory.get(playerId, npcId);
  }

  remember(playerId: string, npcId: number, turns: readonly Turn[]): void {
    if (this.memory.has(playerId, npcId)) return;
    for (const turn of turns) this.memory.append(playerId, npcId, turn);
  }

  forget(playerId: string): void {
    this.memory.forget(playerId);
  }

  close(): void {
    this.#closed = true;
    if (this.#wakeTimer) clearTimeout(this.#wakeTimer);
    this.#queue.length = 0;
  }

  /** Start queued calls while the concurrency and per-minute caps allow. */
  #pump(): void {
    while (this.#queue.length > 0 && this.#running < this.#limits.maxConcurrent) {
      const now = this.#now();
      const job = this.#queue[0]!;
      // A call that cannot finish before its deadline is not worth starting:
      // it would only be aborted (and the player kept waiting for nothing).
      if (job.deadlineAt - now < Math.min(MIN_CALL_MS, this.#limits.deadlineMs / 2)) {
        this.#queue.shift();
        this.cost.release(job.reservation, now);
        if (job.probe) this.breaker.abandonProbe();
        this.#template(job.request, job.persona, FallbackReason.deadline);
        continue;
      }
      if (!this.#global.take(now)) {
        // Wake when the per-minute cap has a token again.
        this.#wakeTimer ??= setTimeout(
          () => {
            this.#wakeTimer = undefined;
            this.#pump();
          },
          Math.ceil(60_000 / this.#limits.globalRpm),
        );
        return;
      }
      this.#queue.shift();
      // A failure #run does not turn into a fallback itself is a bug; the
      // player still gets an answer.
      this.#run(job).catch(() => this.#template(job.request, job.persona, FallbackReason.error));
    }
  }

  async #run(job: Job): Promise<void> {
    const provider = this.#o.provider!;
    this.#running++;
    // An AbortController whose timer is cleared when the call ends: a bare
    // AbortSignal.timeout would fire later anyway and keep each finished
    // request's objects alive until then.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.max(1, job.deadlineAt - this.#now()));
    try {
      const outcome = await completeWithRetry(
        provider,
        {
          messages: job.messages,
          maxTokens: this.#limits.maxTokens,
          signal: controller.signal,
        },
        job.deadlineAt,
        this.#now,
      );
      if (outcome.ok) {
        const { text } = outcome.result;
        // A server that sends no usage is charged an estimate, never nothing.
        const promptTokens = outcome.result.promptTokens ?? estimatePromptTokens(job.messages);
        const completionTokens = outcome.result.completionTokens ?? estimateTokens(text);
        const dollars = costOf(this.#o.price, promptTokens, completionTokens);
        // Charged even when closing: the call was made and its cost is real.
        this.cost.settle(job.reservation, dollars, this.#now());
        if (this.#closed) return;
        this.breaker.success();
        this.#o.observer?.call('ok', outcome.attempts);
        this.#o.observer?.tokens(promptTokens, completionTokens, dollars);
        this.#cache.set(job.cacheKey, text);
        this.#reply(job.request, text, 'model');
      } else {
        this.cost.release(job.reservation, this.#now());
        if (this.#closed) return;
        const code = outcome.error.code;
        // Running out of our own deadline says nothing about the model's
        // health; only real failures count toward opening the breaker.
        if (code !== 'deadline') this.breaker.failure(this.#now());
        else if (job.probe) this.breaker.abandonProbe();
        this.#o.observer?.call('failed', outcome.attempts);
        const reason =
          code === 'insufficient_quota'
            ? FallbackReason.quota
            : code === 'deadline'
              ? FallbackReason.deadline
              : FallbackReason.error;
        this.#template(job.request, job.persona, reason);
      }
    } finally {
      clearTimeout(timer);
      this.#running--;
      this.#pump();
    }
  }

  #template(request: ChatRequest, persona: Persona, reason?: FallbackReason): void {
    if (reason) this.#o.observer?.fallback(reason);
    this.#reply(request, templateReplyFor(persona, request.text), 'template', reason);
  }

  #reply(
    request: ChatRequest,
    text: string,
    source: NpcReply['source'],
    fallback?: FallbackReason,
  ): void {
    const at = this.#now();
    const turn: Turn = { from: 'npc', text, at };
    this.memory.append(request.playerId, request.npcId, turn);
    this.#o.persist?.(request.playerId, request.npcId, turn);
    const reply: NpcReply = {
      playerId: request.playerId,
      npcId: request.npcId,
      text,
      at,
      source,
      effect: relationshipEffect(sentiment(text)),
      ...(fallback ? { fallback } : {}),
    };
    // Delivered on a later turn of the event loop: never inside the caller's
    // stack (a command handler) and never inside a tick.
    setImmediate(() => {
      if (!this.#closed) this.#o.deliver(reply);
    });
  }
}
