/**
 * The house plan's layers, enforced (`npm run layers`, run by .ci/run).
 *
 * Each folder imports only from the folders below it, never up, so no two
 * folders can import each other:
 *
 *   cli                          entry points
 *   server                       the process: sockets, HTTP, wiring
 *   commands                     the command table, ledger, views
 *   fleet                        shard leases, membership, ownership
 *   config.ts                    the one zod-checked configuration
 *   persistence    llm           services beside the game (never each other)
 *   engine                       scheduler: pool, tick, headless runs
 *   sim                          the rules: pure functions over columns
 *   content                      game data, checked and indexed
 *   world                        schema, columns, slot store, vocabulary
 *   ops                          logs and metrics (engine and up only)
 *   kit                          utilities: imports nothing from src/
 *
 *   protocol/  stands alone: frames, codec, SDK; imports nothing from src/
 *              (it becomes a client package). commands, server and cli use it.
 *   workers/   thread entries: simulate (sim, content, world, engine's
 *              messages) and persistence (the persistence layer).
 *   bench/, tests/  outside the layers: they may import anything, and
 *              nothing in src/, protocol/ or workers/ imports them.
 *
 * A lower layer that must call a higher one declares the interface it needs
 * and the server wires the two (persistence/save-source.ts is one). Type-only
 * imports count (tsPreCompilationDeps).
 */

/** Everything the rules look at: the project's own folders. */
const PROJECT = '^(src|protocol|workers|bench|tests)/';

/**
 * The layers, bottom first. `may` lists what a layer may import besides
 * itself and packages; each becomes one rule whose comment is `why`.
 */
const LAYERS = [
  {
    name: 'kit',
    path: '^src/kit/',
    may: [],
    why: 'kit is the bottom: small utilities (token bucket, FNV-1a, latency histograms, worker bundling) that import nothing from the project.',
  },
  {
    name: 'ops',
    path: '^src/ops/',
    may: ['kit'],
    why: 'ops (logs, metrics, the command log) sits low so every service can log; it declares the shapes it reads (ops/metrics.ts) instead of importing engine or llm.',
  },
  {
    name: 'world',
    path: '^src/world/',
    may: ['kit'],
    why: 'world is the bottom of the game: the field schema, shared columns, the slot store and the vocabulary of a life.',
  },
  {
    name: 'content',
    path: '^src/content/',
    may: ['world', 'kit'],
    why: 'content is game data checked with zod and indexed against the world vocabulary; it knows no rules.',
  },
  {
    name: 'sim',
    path: '^src/sim/',
    may: ['content', 'world', 'kit'],
    why: 'sim is the rules: pure functions over columns, run inside simulate workers; no I/O, no logs, no protocol (game errors have their own codes, mapped to wire codes in server/).',
  },
  {
    name: 'engine',
    path: '^src/engine/',
    may: ['sim', 'content', 'world', 'kit', 'ops'],
    why: 'engine schedules the rules: worker pool, two-phase tick, headless runs.',
  },
  {
    name: 'persistence',
    path: '^src/persistence/',
    may: ['world', 'kit', 'ops'],
    why: 'persistence stores players beside the game, never inside it: it reads the columns through an interface it declares (save-source.ts) and the server wires it to the engine; it does not import llm.',
  },
  {
    name: 'llm',
    path: '^src/llm/',
    may: ['world', 'kit', 'ops'],
    why: 'llm gives NPCs a voice beside the game: it never imports the engine or the rules, and does not import persistence (the server hands it callbacks).',
  },
  {
    name: 'config',
    path: '^src/config\\.ts$',
    may: ['persistence', 'llm', 'engine', 'sim', 'content', 'world', 'kit', 'ops'],
    why: 'config.ts reads the settings once; its defaults come from the components below it (llm/voice-defaults.ts, sim/clock.ts), never the other way round.',
  },
  {
    name: 'fleet',
    path: '^src/fleet/',
    may: ['config', 'persistence', 'world', 'kit', 'ops'],
    why: 'fleet decides which process owns which shard (leases on the shared database, membership over NATS); it knows nothing of sockets, commands or rules, and the server wires it in.',
  },
  {
    name: 'commands',
    path: '^src/commands/',
    may: [
      'config',
      'persistence',
      'llm',
      'engine',
      'sim',
      'content',
      'world',
      'kit',
      'ops',
      'protocol',
    ],
    why: 'commands is the command table: handlers over the rules, the ledger and the views, against the protocol schemas; it never imports the server.',
  },
  {
    name: 'server',
    path: '^src/server/',
    may: [
      'fleet',
      'commands',
      'config',
      'persistence',
      'llm',
      'engine',
      'sim',
      'content',
      'world',
      'kit',
      'ops',
      'protocol',
    ],
    why: 'server is the process: it wires every service together and speaks the protocol; only cli is above it.',
  },
  {
    name: 'cli',
    path: '^src/cli/',
    may: [
      'server',
      'fleet',
      'commands',
      'config',
      'persistence',
      'llm',
      'engine',
      'sim',
      'content',
      'world',
      'kit',
      'ops',
      'protocol',
    ],
    why: 'cli holds the entry points; nothing imports them.',
  },
  {
    name: 'protocol',
    path: '^protocol/',
    may: [],
    why: 'protocol stands alone (it becomes a client package): schemas, codec, close and error codes, the SDK; it imports nothing from src/.',
  },
  {
    name: 'workers',
    path: '^workers/',
    may: ['persistence', 'engine', 'sim', 'content', 'world', 'kit', 'ops'],
    why: 'workers are thread entries: simulate runs the rules (sim, content, world and the engine messages), persistence runs the persistence layer.',
  },
];

/** Where each layer lives, for the `may` lists. */
const PATHS = {
  ...Object.fromEntries(LAYERS.map((l) => [l.name, l.path])),
  protocol: '^protocol/',
};

module.exports = {
  forbidden: [
    ...LAYERS.map((layer) => ({
      name: `layer-${layer.name}`,
      comment: layer.why,
      severity: 'error',
      from: { path: layer.path, ...(layer.pathNot ? { pathNot: layer.pathNot } : {}) },
      to: { path: PROJECT, pathNot: [layer.path, ...layer.may.map((name) => PATHS[name])] },
    })),
    {
      name: 'no-circular',
      comment:
        'No module imports itself through others: with the layer rules, this keeps every folder a room with one way in.',
      severity: 'error',
      from: { path: PROJECT },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a layer that needs a type from above is as tied to it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.json'] },
  },
};
