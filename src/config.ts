import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_MODEL, VOICE_DEFAULTS } from './llm/voice-defaults.ts';
import { MAX_TIME_SCALE } from './sim/clock.ts';

/**
 * The server's configuration: environment variables, overridden by command
 * line flags, checked by one zod schema. A bad value stops start-up with a
 * message that names the variable (or flag) and what is wrong with it.
 */
export const configSchema = z.object({
  /**
   * `development` turns on the tools for people building a game: the
   * playground's token minting and development commands such as
   * explainEvents. `production` turns them off.
   */
  env: z.enum(['development', 'production']).default('development'),
  /**
   * Game time runs this many times faster than the speed levels say. For
   * development and tests only (a life in seconds); refused in production.
   */
  timeScale: z.coerce.number().min(1).max(MAX_TIME_SCALE).default(1),
  /** New players get the tutorial sequence; `off` for load tests and bots. */
  tutorial: z.enum(['on', 'off']).default('on'),
  port: z.coerce.number().int().min(0).max(65_535).default(8001),
  host: z.string().min(1).default('0.0.0.0'),
  /** HS256 secret for player tokens; generated and kept in the data dir when unset. */
  secret: z.string().min(16, 'must be at least 16 characters').optional(),
  dataDir: z.string().min(1).default('./data'),
  /** Where player state is saved; SQLite in the data dir when unset. */
  databaseUrl: z.string().min(1).optional(),
  workers: z.coerce.number().int().min(1).max(256).default(os.availableParallelism()),
  tickHz: z.coerce.number().min(1).max(1000).default(20),
  llm: z.enum(['template', 'openai']).default('template'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Resident player slots committed at start; the world grows on demand up to maxPlayers. */
  capacity: z.coerce.number().int().min(1).default(65_536),
  maxPlayers: z.coerce.number().int().min(1).max(16_777_216).default(4_194_304),
  /** Seed of every new life's randomness. */
  seed: z.coerce.number().int().default(1),
  maxFrameBytes: z.coerce
    .number()
    .int()
    .min(256)
    .max(1_048_576)
    .default(16 * 1024),
  /**
   * Open WebSocket connections in all, and from one address (an IPv6 /64);
   * past either, a new connection is closed with 1013 (try again later).
   * 65,536 in all matches the player slots committed by default; 64 from one
   * address is more than a household or office plays at once, and keeps one
   * machine to a thousandth of the total. Behind a reverse proxy
   * every connection comes from the proxy's address: raise the second to the
   * first.
   */
  maxConnections: z.coerce.number().int().min(1).default(65_536),
  maxConnectionsPerIp: z.coerce.number().int().min(1).default(64),
  /** Commands per second per connection, and the burst allowed above that. */
  rateLimit: z.coerce.number().min(1).default(30),
  rateBurst: z.coerce.number().int().min(1).default(60),
  /**
   * When set, /metrics and /stats are served only on this port (of
   * metricsHost), never on the game port; 0 takes any free port.
   */
  metricsPort: z.coerce.number().int().min(0).max(65_535).optional(),
  /** Address the metrics port binds: loopback unless a scraper elsewhere must reach it. */
  metricsHost: z.string().min(1).default('127.0.0.1'),
  /** Bearer token for the admin endpoints (/admin/*); they are off when unset. */
  adminToken: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How often the write-behind writer starts a flush. */
  flushMs: z.coerce.number().int().min(50).max(600_000).default(1000),
  /** A disconnected player is saved and evicted after this long. */
  evictAfterMs: z.coerce.number().int().min(1000).default(300_000),
  /** Most game minutes caught up for the time a player was away (default one game week). */
  catchUpCapMinutes: z.coerce
    .number()
    .int()
    .min(0)
    .default(7 * 1440),
  /** Share of the player's speed that time away runs at. */
  catchUpRate: z.coerce.number().min(0).max(1).default(1),
  /** With llm=openai: the standard OpenAI settings, and the model. */
  openaiApiKey: z.string().min(1).optional(),
  openaiBaseUrl: z.string().url().optional(),
  llmModel: z.string().min(1).default(DEFAULT_MODEL),
  /**
   * Dollars per million input and output tokens, given as "in,out" and read
   * here once; undefined: the built-in table prices the model.
   */
  llmPrice: z
    .string()
    .regex(
      /^\d+(\.\d+)?,\d+(\.\d+)?$/,
      'use "input,output" dollars per million tokens, e.g. 0.15,0.6',
    )
    .transform((text) => {
      const [input, output] = text.split(',');
      return { inputPerMillion: Number(input), outputPerMillion: Number(output) };
    })
    .optional(),
  /** Dollars a UTC day for all NPC chat, and for one player. */
  llmDailyBudget: z.coerce.number().min(0).default(VOICE_DEFAULTS.dailyBudget),
  llmPlayerDailyBudget: z.coerce.number().min(0).default(VOICE_DEFAULTS.playerDailyBudget),
  /** Model calls per minute and at once, for the whole process. */
  llmRpm: z.coerce.number().int().min(1).default(VOICE_DEFAULTS.globalRpm),
  llmConcurrency: z.coerce.number().int().min(1).default(VOICE_DEFAULTS.maxConcurrent),
  /** One NPC reply's deadline (queueing and both attempts). */
  llmDeadlineMs: z.coerce.number().int().min(100).default(VOICE_DEFAULTS.deadlineMs),
  /** The command latency log: a path (relative: in the data dir), or `off`; `DATA_DIR/command-latency.log` when unset. */
  commandLog: z.string().min(1).optional(),
  /** Days between deleteAccount and the permanent purge (cancelDeletion works until then). */
  deletionGraceDays: z.coerce.number().min(0).max(3650).default(30),
  /** How often the purge job looks for accounts past their grace period. */
  purgeIntervalMs: z.coerce.number().int().min(1000).default(3_600_000),
  /**
   * Whether diamond packs are sold (purchaseInAppItem). When on, production
   * needs at least one store's verifier configured below; `off` refuses
   * every in-app purchase and lists no products.
   */
  inAppPurchases: z.enum(['on', 'off']).default('on'),
  /** App Store: Apple's root certificates, comma-separated paths to DER or PEM files. */
  appleRootCerts: z.string().min(1).optional(),
  /** App Store: the app's bundle id, which every transaction must carry. */
  appleBundleId: z.string().min(1).optional(),
  /** App Store: the app's Apple id (required by Apple's verifier in production). */
  appleAppId: z.coerce.number().int().positive().optional(),
  /** App Store: which environment's transactions are accepted. */
  appleEnvironment: z.enum(['production', 'sandbox']).default('production'),
  /** App Store: check certificates for revocation online (OCSP) and against the current time. */
  appleOnlineChecks: z.enum(['on', 'off']).default('on'),
  /** Google Play: path to the service account's JSON key file. */
  googleServiceAccount: z.string().min(1).optional(),
  /** Google Play: the app's package name. */
  googlePackageName: z.string().min(1).optional(),
  /** Google Play: the Android Publisher API root (Google's when unset). */
  googleApiUrl: z.string().url().optional(),
  /** Google Play: the OAuth token endpoint (Google's when unset). */
  googleTokenUrl: z.string().url().optional(),
  /**
   * Fleet mode: several processes share one MySQL database, each player
   * owned by exactly one of them (src/fleet). `off`: one process owns all.
   */
  fleet: z.enum(['on', 'off']).default('off'),
  /** Fleet: the WebSocket URL other processes redirect this one's players to. */
  publicUrl: z
    .string()
    .url()
    .refine((u) => /^wss?:\/\//.test(u), 'must be a ws:// or wss:// URL')
    .optional(),
  /** Fleet: NATS for fast membership and takeover news; without it members poll the database. */
  natsUrl: z.string().min(1).optional(),
  /** Fleet: how long a shard lease lasts without renewal, on the database's clock. */
  leaseTtlMs: z.coerce.number().int().min(1000).max(600_000).default(6000),
  /** Fleet: this process's name in the lease table (default: host name and port). */
  nodeId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only')
    .optional(),
});
export type Config = z.infer<typeof configSchema>;
type ConfigKey = keyof Config;

/** The environment variable behind each setting. */
export const ENV_NAMES: Readonly<Record<ConfigKey, string>> = {
  env: 'LIFETICK_ENV',
  timeScale: 'LIFETICK_TIME_SCALE',
  tutorial: 'LIFETICK_TUTORIAL',
  port: 'LIFETICK_PORT',
  host: 'LIFETICK_HOST',
  secret: 'LIFETICK_SECRET',
  dataDir: 'LIFETICK_DATA_DIR',
  databaseUrl: 'LIFETICK_DATABASE_URL',
  workers: 'LIFETICK_WORKERS',
  tickHz: 'LIFETICK_TICK_HZ',
  llm: 'LIFETICK_LLM',
  logLevel: 'LIFETICK_LOG_LEVEL',
  capacity: 'LIFETICK_CAPACITY',
  maxPlayers: 'LIFETICK_MAX_PLAYERS',
  seed: 'LIFETICK_SEED',
  maxFrameBytes: 'LIFETICK_MAX_FRAME_BYTES',
  maxConnections: 'LIFETICK_MAX_CONNECTIONS',
  maxConnectionsPerIp: 'LIFETICK_MAX_CONNECTIONS_PER_IP',
  rateLimit: 'LIFETICK_RATE_LIMIT',
  rateBurst: 'LIFETICK_RATE_BURST',
  metricsPort: 'LIFETICK_METRICS_PORT',
  metricsHost: 'LIFETICK_METRICS_HOST',
  adminToken: 'LIFETICK_ADMIN_TOKEN',
  flushMs: 'LIFETICK_FLUSH_MS',
  evictAfterMs: 'LIFETICK_EVICT_AFTER_MS',
  catchUpCapMinutes: 'LIFETICK_CATCHUP_CAP_MINUTES',
  catchUpRate: 'LIFETICK_CATCHUP_RATE',
  openaiApiKey: 'OPENAI_API_KEY',
  openaiBaseUrl: 'OPENAI_BASE_URL',
  llmModel: 'LIFETICK_LLM_MODEL',
  llmPrice: 'LIFETICK_LLM_PRICE',
  llmDailyBudget: 'LIFETICK_LLM_DAILY_BUDGET',
  llmPlayerDailyBudget: 'LIFETICK_LLM_PLAYER_DAILY_BUDGET',
  llmRpm: 'LIFETICK_LLM_RPM',
  llmConcurrency: 'LIFETICK_LLM_CONCURRENCY',
  llmDeadlineMs: 'LIFETICK_LLM_DEADLINE_MS',
  commandLog: 'LIFETICK_COMMAND_LOG',
  deletionGraceDays: 'LIFETICK_DELETION_GRACE_DAYS',
  purgeIntervalMs: 'LIFETICK_PURGE_INTERVAL_MS',
  inAppPurchases: 'LIFETICK_IN_APP_PURCHASES',
  appleRootCerts: 'LIFETICK_APPLE_ROOT_CERTS',
  appleBundleId: 'LIFETICK_APPLE_BUNDLE_ID',
  appleAppId: 'LIFETICK_APPLE_APP_ID',
  appleEnvironment: 'LIFETICK_APPLE_ENVIRONMENT',
  appleOnlineChecks: 'LIFETICK_APPLE_ONLINE_CHECKS',
  googleServiceAccount: 'LIFETICK_GOOGLE_SERVICE_ACCOUNT',
  googlePackageName: 'LIFETICK_GOOGLE_PACKAGE_NAME',
  googleApiUrl: 'LIFETICK_GOOGLE_API_URL',
  googleTokenUrl: 'LIFETICK_GOOGLE_TOKEN_URL',
  fleet: 'LIFETICK_FLEET',
  publicUrl: 'LIFETICK_PUBLIC_URL',
  natsUrl: 'LIFETICK_NATS_URL',
  leaseTtlMs: 'LIFETICK_LEASE_TTL_MS',
  nodeId: 'LIFETICK_NODE_ID',
};

/** `--data-dir` for `dataDir`, and so on. */
const flagName = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Read the configuration from `env` and `argv` (flags win). Throws
 * ConfigError naming every bad setting.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = [],
): Config {
  const keys = Object.keys(ENV_NAMES) as ConfigKey[];
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({
      args: [...argv],
      options: Object.fromEntries(keys.map((k) => [flagName(k), { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new ConfigError(`config: ${(error as Error).message}`);
  }
  const raw: Record<string, string> = {};
  for (const key of keys) {
    const fromFlag = flags[flagName(key)];
    const fromEnv = env[ENV_NAMES[key]];
    const value = typeof fromFlag === 'string' ? fromFlag : fromEnv;
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path[0] as ConfigKey;
      return `${ENV_NAMES[key]} (--${flagName(key)}): ${issue.message}`;
    });
    throw new ConfigError(`config: ${problems.join('; ')}`);
  }
  const config = parsed.data;
  if (config.capacity > config.maxPlayers) {
    throw new ConfigError(
      `config: ${ENV_NAMES.capacity} (${config.capacity}) is larger than ${ENV_NAMES.maxPlayers} (${config.maxPlayers})`,
    );
  }
  if (
    config.metricsPort !== undefined &&
    config.metricsPort !== 0 &&
    config.metricsPort === config.port
  ) {
    throw new ConfigError(
      `config: ${ENV_NAMES.metricsPort} (${config.metricsPort}) must differ from ${ENV_NAMES.port}`,
    );
  }
  if (config.env === 'production' && config.timeScale !== 1) {
    throw new ConfigError(
      `config: ${ENV_NAMES.timeScale} is a development setting; production runs at 1`,
    );
  }
  if (config.llm === 'openai' && !config.openaiApiKey) {
    throw new ConfigError(`config: ${ENV_NAMES.llm}=openai needs ${ENV_NAMES.openaiApiKey}`);
  }
  checkStores(config);
  checkFleet(config);
  return { ...config, dataDir: path.resolve(config.dataDir) };
}

/** `LIFETICK_X (--x)`, as messages name a setting. */
const setting = (key: ConfigKey) => `${ENV_NAMES[key]} (--${flagName(key)})`;

/** What each store's verifier needs; Apple's verifier takes no app id in the sandbox. */
function storeNeeds(config: Config): Record<'apple' | 'google', ConfigKey[]> {
  return {
    apple: [
      'appleRootCerts',
      'appleBundleId',
      ...(config.appleEnvironment === 'production' ? ['appleAppId' as const] : []),
    ],
    google: ['googleServiceAccount', 'googlePackageName'],
  };
}

/**
 * A store whose settings are begun must be complete; production, selling
 * diamond packs, must have a store: the development receipts are never
 * taken there, so without one every purchase would be refused after the
 * player had paid.
 */
function checkStores(config: Config): void {
  const needs = storeNeeds(config);
  const begun = {
    apple: needs.apple.some((k) => config[k] !== undefined),
    google: [...needs.google, 'googleApiUrl' as const, 'googleTokenUrl' as const].some(
      (k) => config[k] !== undefined,
    ),
  };
  const names = { apple: 'the App Store verifier', google: 'the Google Play verifier' };
  for (const store of ['apple', 'google'] as const) {
    const missing = needs[store].filter((k) => config[k] === undefined);
    if (begun[store] && missing.length > 0) {
      throw new ConfigError(`config: ${names[store]} needs ${missing.map(setting).join(', ')}`);
    }
  }
  if (
    config.env === 'production' &&
    config.inAppPurchases === 'on' &&
    !begun.apple &&
    !begun.google
  ) {
    throw new ConfigError(
      `config: production sells diamond packs only through a store: set ${needs.apple.map(setting).join(', ')} (App Store) or ${needs.google.map(setting).join(', ')} (Google Play), or ${ENV_NAMES.inAppPurchases}=off to sell none`,
    );
  }
}

/**
 * Fleet mode needs what makes one owner per player possible: a shared MySQL
 * database (SQLite is one process's file) and a URL the others can send
 * this process's players to.
 */
function checkFleet(config: Config): void {
  if (config.fleet !== 'on') return;
  if (!config.databaseUrl?.startsWith('mysql://')) {
    throw new ConfigError(
      `config: ${setting('fleet')}=on needs a shared MySQL database: set ${setting('databaseUrl')} to a mysql:// URL (SQLite mode is one process)`,
    );
  }
  if (config.publicUrl === undefined) {
    throw new ConfigError(
      `config: ${setting('fleet')}=on needs ${setting('publicUrl')}, the ws:// URL other processes redirect this one's players to`,
    );
  }
}
