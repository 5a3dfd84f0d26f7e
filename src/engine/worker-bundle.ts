import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

/**
 * When lifetick runs from its TypeScript sources (tsx), a worker's entry is
 * bundled into one plain ES module before Piscina loads it.
 *
 * Why not let tsx load the worker too: in Node 20 tsx's ES module hooks do
 * not reach worker threads, so the worker would come in through tsx's
 * require hook as CommonJS, and there every imported constant that the hot
 * loop reads is a getter call; ticks measured about 3x slower. A bundle is a
 * single native module whose constants are plain bindings. It takes ~100 ms
 * once per process per entry, at start, never on the tick path.
 *
 * Built JavaScript (dist/) needs none of this and loads the entry as it is.
 */
const bundles = new Map<string, URL>();
let bundleDir: string | undefined;

export function loadableWorkerFile(entry: URL): URL {
  if (!/\.m?ts$/.test(entry.pathname)) return entry;
  const cached = bundles.get(entry.href);
  if (cached) return cached;
  if (!bundleDir) {
    const dir = mkdtempSync(join(tmpdir(), 'lifetick-workers-'));
    bundleDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const result = buildSync({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    write: false,
    logLevel: 'silent',
  });
  const out = join(
    bundleDir,
    `${bundles.size}-${entry.pathname
      .split('/')
      .pop()!
      .replace(/\.m?ts$/, '')}.mjs`,
  );
  writeFileSync(out, result.outputFiles[0]!.contents);
  const url = pathToFileURL(out);
  bundles.set(entry.href, url);
  return url;
}
