#!/usr/bin/env node
// The `lifetick` command (package.json "bin"): runs one of the TypeScript
// entry points in src/cli through tsx, as a child process that gets the
// terminal, the arguments and the signals (so Ctrl-C and `docker stop` reach
// the server's own shutdown).
//
// `--production` (or an install without tsx: `npm ci --omit=dev`) runs the
// built JavaScript of `npm run build` instead, dist/src/cli/<name>.js, with
// plain node and no TypeScript loader.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const COMMANDS = {
  start: ['start.ts', 'run the server (settings: LIFETICK_* variables or --flags, see the README)'],
  token: ['token.ts', 'print a player token: lifetick token <playerId> [--ttl 1h]'],
  sim: [
    'sim.ts',
    'headless players: lifetick sim --players 200000 --workers 2 --speed 3 --seconds 30',
  ],
  bench: [
    '../../bench/main.ts',
    'benchmarks: lifetick bench <sim|scaling|realtime|codec|load|persist|llm> [--json], or: lifetick bench all --report [--quick]',
  ],
  load: [
    '../../bench/main.ts',
    'load test over real WebSockets: lifetick load --clients 5000 --seconds 60',
  ],
  tune: [
    'tune.ts',
    'recommend workers, batch size and capacity: lifetick tune --players 200000 [--target 50] [--json]',
  ],
  migrate: ['migrate.ts', 'apply the database migrations and exit'],
  fleet: [
    'fleet.ts',
    'a local fleet on MySQL and NATS: lifetick fleet --processes 3 [--database-url URL] [--no-nats]',
  ],
  lives: [
    'lives.ts',
    'live lives headless and report what became of them: lifetick lives --players 10000 [--years 25] [--spread]',
  ],
  stats: [
    'stats.ts',
    'command latency p50/p95/p99 from the command log: lifetick stats [--file PATH] [--since 10m] [--json]',
  ],
};

const PRODUCTION_FLAG = '--production';
const argv = process.argv.slice(2);
const production = argv.includes(PRODUCTION_FLAG);
const [name, ...args] = argv.filter((arg) => arg !== PRODUCTION_FLAG);
if (!name || name === '--help' || name === '-h' || !(name in COMMANDS)) {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([k, [, help]]) => `  ${k.padEnd(width)}  ${help}`);
  const out = name && name !== '--help' && name !== '-h' ? console.error : console.log;
  out(
    `usage: lifetick <command> [options] [--production]\n\n${lines.join('\n')}\n\n` +
      '  --production  run the built JavaScript (npm run build) with no TypeScript loader',
  );
  process.exit(name && name !== '--help' && name !== '-h' ? 2 : 0);
}

/** tsx's loader, or undefined where it is not installed (a production install). */
function tsxLoader() {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch {
    return undefined;
  }
}

const [file] = COMMANDS[name];
const tsx = production ? undefined : tsxLoader();
// The built tree mirrors the sources: src/cli/x.ts is dist/src/cli/x.js.
const entry = fileURLToPath(
  new URL(tsx ? file : `../../dist/src/cli/${file.replace(/\.ts$/, '.js')}`, import.meta.url),
);
if (!tsx && !existsSync(entry)) {
  console.error(
    file.startsWith('../')
      ? `lifetick ${name} runs from the sources only (npm install, without --production)`
      : `no built server at ${entry}: run \`npm run build\` first (or drop ${PRODUCTION_FLAG})`,
  );
  process.exit(2);
}
const child = spawn(
  process.execPath,
  [...(tsx ? ['--import', tsx] : []), entry, ...(name === 'load' ? ['load', ...args] : args)],
  {
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
