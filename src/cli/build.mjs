#!/usr/bin/env node
// `npm run build`: the server compiled to plain ES modules under dist/, run
// in production by `node dist/src/cli/start.js` (or `lifetick start
// --production`, or the Docker image) with no TypeScript loader.
//
// A plain .mjs, not TypeScript: it has to run before anything is compiled.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Files the server reads at run time beside its modules (tsc copies only what it compiles). */
const ASSETS = ['src/server/playground/page.css'];

// A stale module left from a renamed source would still load: start empty.
rmSync(`${root}dist`, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
for (const asset of ASSETS) cpSync(`${root}${asset}`, `${root}dist/${asset}`);
console.log('built dist/ (run: node dist/src/cli/start.js)');
