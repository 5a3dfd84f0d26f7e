import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The playground's browser code: app.ts and the client SDK it imports, as one
 * script. From the built server (dist/) the entry is app.js beside this file.
 */
const ENTRY = fileURLToPath(
  new URL(`./app.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
);

let bundle: Promise<string> | undefined;

/**
 * The browser bundle, built once per process on first use and kept in
 * memory. esbuild's asynchronous API builds in its own process, so the
 * event loop (and the tick) never waits on it. A failed build is not kept:
 * the next request tries again.
 */
export function playgroundBundle(): Promise<string> {
  bundle ??= buildBundle().catch((error: unknown) => {
    bundle = undefined;
    throw error;
  });
  return bundle;
}

async function buildBundle(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    // platform 'browser' picks msgpackr's browser build (no Node built-ins).
    // Not minified: a tool for people building a game should be debuggable.
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
