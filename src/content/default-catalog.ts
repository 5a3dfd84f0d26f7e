import { type Catalog, compileCatalog } from './catalog.ts';
import { ALL_EVENTS } from './events/index.ts';

let cached: Catalog | undefined;

/** The catalog the engine and its workers run with, compiled once per thread. */
export function defaultCatalog(): Catalog {
  cached ??= compileCatalog(ALL_EVENTS);
  return cached;
}
