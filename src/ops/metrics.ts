import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

// ops sits low (it imports nothing but kit), so the shapes it reads from the
// layers above are declared here and those layers' own types fit them.

/** A tick's main figures, as the engine reports them (engine.ts TickReport). */
interface TickTimes {
  readonly simulateMs: number;
  readonly applyMs: number;
  readonly publishMs: number;
}

/**
 * The NPC voice service's metric hooks (llm/npc-voice.ts VoiceObserver takes
 * these): outcomes and reasons arrive as the service's own names and become
 * label values as they are.
 */
export interface ModelCallMetrics {
  call(outcome: string, attempts: number): void;
  cacheHit(): void;
  fallback(reason: string): void;
  tokens(prompt: number, completion: number, dollars: number): void;
}

/** What the persistence gauges read (the write-behind writer's status). */
interface PersistenceStatus {
  readonly unflushed: number;
  readonly oldestUnsavedMs: number;
  readonly failing: boolean;
  readonly rowsSaved: number;
  readonly failures: number;
}

/** Frame types counted separately in and out. */
type FrameType = string;

/**
 * The server's Prometheus metrics, in a registry of its own (so several
 * servers in one process, as in tests, do not collide). Hot paths use
 * pre-bound label children: a metric update is an add, not a label lookup.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly tickSeconds = new Histogram({
    name: 'lifetick_tick_duration_seconds',
    help: 'Tick duration by phase (simulate on the workers, apply and publish on the main thread).',
    labelNames: ['phase'],
    // 0.5 ms .. 0.5 s: a 20 Hz tick has 50 ms.
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.035, 0.05, 0.1, 0.25, 0.5],
    registers: [this.registry],
  });
  readonly playersResident = new Gauge({
    name: 'lifetick_players_resident',
    help: 'Players with a slot in this process.',
    registers: [this.registry],
  });
  readonly playersConnected = new Gauge({
    name: 'lifetick_players_connected',
    help: 'Players with a live session.',
    registers: [this.registry],
  });
  readonly framesIn = new Counter({
    name: 'lifetick_frames_in_total',
    help: 'Frames received, by type.',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly framesOut = new Counter({
    name: 'lifetick_frames_out_total',
    help: 'Frames sent, by type.',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly bytesIn = new Counter({
    name: 'lifetick_bytes_in_total',
    help: 'Bytes received, by frame type.',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly bytesOut = new Counter({
    name: 'lifetick_bytes_out_total',
    help: 'Bytes sent, by frame type.',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'lifetick_errors_total',
    help: 'Error frames sent, by code.',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'lifetick_rate_limited_total',
    help: 'Frames refused by the per-connection rate limit.',
    registers: [this.registry],
  });
  readonly updatesSkipped = new Counter({
    name: 'lifetick_updates_skipped_total',
    help: 'Update frames held back from backpressured clients (their changes go out merged later).',
    registers: [this.registry],
  });
  /**
   * Fleet mode: players sent to another process (`elsewhere`) or told to
   * wait while their shard changes owner (`moving`), at hello or mid-session.
   */
  readonly redirects = new Counter({
    name: 'lifetick_redirects_total',
    help: 'Redirect frames sent (fleet mode), by kind: elsewhere (to another process) or moving (retry later).',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly closes = new Counter({
    name: 'lifetick_closes_total',
    help: 'Connections closed by the server, by close code.',
    labelNames: ['code'],
    registers: [this.registry],
  });
  /**
   * The whole tick (simulate + apply + publish), for the "tick p99 over the
   * period" alert: per-phase quantiles do not add up to the whole's.
   */
  readonly tickWholeSeconds = new Histogram({
    name: 'lifetick_tick_whole_duration_seconds',
    help: 'Whole tick duration: simulate, apply and publish together.',
    // Every period of a common tick rate is a bucket bound (60, 50, 40, 30,
    // 25, 20, 10 and 5 Hz), so "p99 > period" reads exactly: it holds iff
    // more than 1% of ticks fell above the period's bucket.
    buckets: [
      0.001,
      0.0025,
      0.005,
      0.01,
      1 / 60,
      0.02,
      0.025,
      1 / 30,
      0.04,
      0.05,
      0.075,
      0.1,
      0.2,
      0.25,
      0.5,
      1,
    ],
    registers: [this.registry],
  });
  readonly lateTicks = new Counter({
    name: 'lifetick_late_ticks_total',
    help: 'Tick periods merged into a later tick or dropped.',
    registers: [this.registry],
  });

  readonly commandSeconds = new Histogram({
    name: 'lifetick_command_duration_seconds',
    help: 'Time from reading a cmd frame to sending its ack or error, by command.',
    labelNames: ['command'],
    // A command that arrives during a simulate phase waits for it (up to a tick).
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly persistStall = new Histogram({
    name: 'lifetick_persist_snapshot_seconds',
    help: 'Main-thread time per write-behind snapshot chunk (copying state out of the columns).',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025],
    registers: [this.registry],
  });

  readonly llmCalls = new Counter({
    name: 'lifetick_llm_calls_total',
    help: 'Model calls by outcome.',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly llmAttempts = new Counter({
    name: 'lifetick_llm_attempts_total',
    help: 'HTTP attempts made to the model (at most 2 per call).',
    registers: [this.registry],
  });
  readonly llmCacheHits = new Counter({
    name: 'lifetick_llm_cache_hits_total',
    help: 'NPC replies served from the response cache.',
    registers: [this.registry],
  });
  readonly llmFallbacks = new Counter({
    name: 'lifetick_llm_fallbacks_total',
    help: "Template replies given in the model's place, by reason.",
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly llmTokens = new Counter({
    name: 'lifetick_llm_tokens_total',
    help: 'Model tokens, by kind.',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly llmCost = new Counter({
    name: 'lifetick_llm_cost_dollars_total',
    help: 'Model spend in dollars since start.',
    registers: [this.registry],
  });

  readonly #commandChildren = new Map<string, Histogram>();
  readonly #inChildren = new Map<FrameType, { frames: Counter; bytes: Counter }>();
  readonly #outChildren = new Map<FrameType, { frames: Counter; bytes: Counter }>();
  readonly #phase = {
    simulate: this.tickSeconds.labels('simulate'),
    apply: this.tickSeconds.labels('apply'),
    publish: this.tickSeconds.labels('publish'),
  };

  constructor() {
    // Event-loop lag, heap, GC and the other process metrics.
    collectDefaultMetrics({ register: this.registry, prefix: 'lifetick_' });
  }

  /** The NPC voice service's metric hooks. */
  llmObserver(): ModelCallMetrics {
    return {
      call: (outcome, attempts) => {
        this.llmCalls.labels(outcome).inc();
        this.llmAttempts.inc(attempts);
      },
      cacheHit: () => this.llmCacheHits.inc(),
      fallback: (reason) => this.llmFallbacks.labels(reason).inc(),
      tokens: (prompt, completion, dollars) => {
        this.llmTokens.labels('prompt').inc(prompt);
        this.llmTokens.labels('completion').inc(completion);
        this.llmCost.inc(dollars);
      },
    };
  }

  /** Each simulate worker's busy share, read from the engine when Prometheus scrapes. */
  watchWorkers(utilization: () => number[]): void {
    new Gauge({
      name: 'lifetick_worker_utilization',
      help: 'Busy share (0..1) of each simulate worker thread since it started.',
      labelNames: ['worker'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [i, u] of utilization().entries()) this.labels(String(i)).set(u);
      },
    });
  }

  /** Fleet mode: the shard leases this process holds now, read from the lease keeper when Prometheus scrapes. */
  watchFleet(shardsHeld: () => number): void {
    new Gauge({
      name: 'lifetick_fleet_shards_held',
      help: 'Shards (of 4096) whose lease this process holds and serves now (fleet mode).',
      registers: [this.registry],
      collect() {
        this.set(shardsHeld());
      },
    });
  }

  /** Spend today, in all and per player, read from the voice service's meter when Prometheus scrapes. */
  watchLlmCost(today: () => { total: number; players: number; perPlayer: number }): void {
    new Gauge({
      name: 'lifetick_llm_cost_per_player_today_dollars',
      help: 'Model spend today divided by the players who chatted today.',
      registers: [this.registry],
      collect() {
        this.set(today().perPlayer);
      },
    });
    // Unlike lifetick_llm_cost_dollars_total (since start), this is what the
    // daily budget is checked against: today's spend, restored after a restart.
    new Gauge({
      name: 'lifetick_llm_cost_today_dollars',
      help: 'Model spend today (UTC), as the daily budget counts it.',
      registers: [this.registry],
      collect() {
        this.set(today().total);
      },
    });
  }

  /**
   * The bounds the alert rules compare against, as this server runs them:
   * the tick period (read when Prometheus scrapes: `/admin/resize` changes
   * it), the write-behind flush period and the model's daily budget.
   */
  watchBounds(bounds: {
    tickPeriodSeconds: () => number;
    flushPeriodSeconds: number;
    llmDailyBudgetDollars: number;
  }): void {
    new Gauge({
      name: 'lifetick_tick_period_seconds',
      help: 'The tick period (1 / tick rate) a tick has to finish within.',
      registers: [this.registry],
      collect() {
        this.set(bounds.tickPeriodSeconds());
      },
    });
    new Gauge({
      name: 'lifetick_persist_flush_period_seconds',
      help: 'How often changed players are saved (LIFETICK_FLUSH_MS).',
      registers: [this.registry],
    }).set(bounds.flushPeriodSeconds);
    new Gauge({
      name: 'lifetick_llm_daily_budget_dollars',
      help: 'Dollars per UTC day for all model calls (LIFETICK_LLM_DAILY_BUDGET).',
      registers: [this.registry],
    }).set(bounds.llmDailyBudgetDollars);
  }

  /** Gauges read from the write-behind writer's cached status (constant work) when Prometheus scrapes. */
  watchPersistence(status: () => PersistenceStatus): void {
    const gauges: [name: string, help: string, read: (s: PersistenceStatus) => number][] = [
      [
        'lifetick_unflushed_players',
        'Players whose latest change is not in the database yet.',
        (s) => s.unflushed,
      ],
      [
        'lifetick_oldest_unsaved_seconds',
        'Age of the oldest change not in the database.',
        (s) => s.oldestUnsavedMs / 1000,
      ],
      [
        'lifetick_database_up',
        '1 while saves succeed, 0 while the database is failing.',
        (s) => (s.failing ? 0 : 1),
      ],
      ['lifetick_persist_rows_saved', 'Player rows written since start.', (s) => s.rowsSaved],
      ['lifetick_persist_failures', 'Failed saves since start.', (s) => s.failures],
    ];
    for (const [name, help, read] of gauges) {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read(status()));
        },
      });
    }
  }

  frameIn(type: FrameType, bytes: number): void {
    const c = this.#child(this.#inChildren, this.framesIn, this.bytesIn, type);
    c.frames.inc();
    c.bytes.inc(bytes);
  }

  frameOut(type: FrameType, bytes: number): void {
    const c = this.#child(this.#outChildren, this.framesOut, this.bytesOut, type);
    c.frames.inc();
    c.bytes.inc(bytes);
  }

  tick(report: TickTimes): void {
    this.#phase.simulate.observe(report.simulateMs / 1000);
    this.#phase.apply.observe(report.applyMs / 1000);
    this.#phase.publish.observe(report.publishMs / 1000);
    this.tickWholeSeconds.observe((report.simulateMs + report.applyMs + report.publishMs) / 1000);
  }

  /** One answered command (names are the command table's, so labels stay bounded). */
  command(name: string, ms: number): void {
    let child = this.#commandChildren.get(name);
    if (!child) {
      child = this.commandSeconds.labels(name) as unknown as Histogram;
      this.#commandChildren.set(name, child);
    }
    child.observe(ms / 1000);
  }

  #child(
    cache: Map<FrameType, { frames: Counter; bytes: Counter }>,
    frames: Counter<'type'>,
    bytes: Counter<'type'>,
    type: FrameType,
  ) {
    let child = cache.get(type);
    if (!child) {
      // Only the protocol's own frame names become labels; anything a client
      // invents is counted as "other", so labels stay bounded.
      child = {
        frames: frames.labels(type) as unknown as Counter,
        bytes: bytes.labels(type) as unknown as Counter,
      };
      cache.set(type, child);
    }
    return child;
  }
}
