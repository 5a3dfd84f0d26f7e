import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const consumer = fileURLToPath(new URL('./consumer/', import.meta.url));
const requireFromRoot = createRequire(path.join(root, 'package.json'));

/** A child's output, kept for the failure message. */
export interface Ran {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment for npm and node in the game project: the parent's, less
 * what `npm test` set for the lifetick project itself (npm_* settings such
 * as the workspace or prefix would point npm back into the repository) and
 * vitest's NODE_OPTIONS. The npm cache setting stays: the install reuses it.
 */
export function gameEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower === 'node_options') continue;
    if (lower.startsWith('npm_') && lower !== 'npm_config_cache') continue;
    env[key] = value;
  }
  return env;
}

/** `npm pack` the lifetick-client workspace (its prepack builds it) into a new temp dir. */
export async function packClient(): Promise<string> {
  const into = mkdtempSync(path.join(tmpdir(), 'lifetick-client-pack-'));
  try {
    await run('npm', ['pack', '-w', 'lifetick-client', '--pack-destination', into], {
      cwd: root,
      env: gameEnv(),
    });
    const tarball = readdirSync(into).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack wrote no tarball into ${into}`);
    return path.join(into, tarball);
  } catch (error) {
    rmSync(into, { recursive: true, force: true });
    throw error;
  }
}

/** The version of a package the repository's lock installs (the one npm's cache holds). */
function installedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`package-lock.json installs no ${name}`);
  return version;
}

/**
 * A fresh game project under the system temp dir (outside the repository,
 * so nothing resolves through the repository's node_modules) with the
 * tarball and `ws` installed by `npm install`.
 *
 * The package's own dependencies (msgpackr, zod) come from its manifest;
 * overrides pin them to the versions the repository's lock installs, so npm
 * finds them in its cache (--prefer-offline: filled by the repository's own
 * `npm ci`) and needs the registry only when the cache lacks them.
 */
export async function gameProject(tarball: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-game-'));
  try {
    await installInto(dir, tarball);
  } catch (error) {
    // The test never gets the dir to clean up: leave nothing behind.
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}

async function installInto(dir: string, tarball: string): Promise<void> {
  // The repository's own overrides too (msgpackr-extract's version).
  const { overrides } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    overrides?: Record<string, string>;
  };
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'a-game',
      private: true,
      type: 'module',
      overrides: {
        ...overrides,
        msgpackr: installedVersion('msgpackr'),
        zod: installedVersion('zod'),
      },
    }),
  );
  await run(
    'npm',
    [
      'install',
      tarball,
      `ws@${installedVersion('ws')}`,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      // msgpackr-extract's install step only compiles when no prebuilt
      // binary fits; msgpackr runs without it either way.
      '--ignore-scripts',
    ],
    { cwd: dir, env: gameEnv(), timeout: 150_000 },
  );
  for (const file of readdirSync(consumer)) {
    copyFileSync(path.join(consumer, file), path.join(dir, file));
  }
}

/** Every module specifier the package's JavaScript imports or re-exports. */
export function importedSpecifiers(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const file = path.join(at, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.js')) {
        const source = readFileSync(file, 'utf8');
        for (const match of source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g))
          found.push(match[1]!);
      }
    }
  };
  walk(dir);
  return found;
}

/** Type-check the consumer's typed.ts against the installed package, with the repository's tsc. */
export async function typecheckConsumer(dir: string): Promise<Ran> {
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        // A browser game's settings: no Node types, so the .d.ts must need none.
        lib: ['ES2023', 'DOM'],
        types: [],
        noEmit: true,
      },
      files: ['typed.ts'],
    }),
  );
  const tsc = requireFromRoot.resolve('typescript/bin/tsc');
  return run(process.execPath, [tsc, '-p', dir], { cwd: dir, env: gameEnv() });
}

/** Run the consumer's play.mjs with plain node against a server; its JSON lines by step. */
export async function play(
  dir: string,
  url: string,
  token: string,
): Promise<Map<string, Record<string, unknown>>> {
  const { stdout } = await run(process.execPath, ['play.mjs', url, token], {
    cwd: dir,
    env: gameEnv(),
    timeout: 60_000,
  });
  const steps = new Map<string, Record<string, unknown>>();
  for (const line of stdout.split('\n').filter(Boolean)) {
    const entry = JSON.parse(line) as Record<string, unknown> & { step: string };
    steps.set(entry.step, entry);
  }
  return steps;
}
