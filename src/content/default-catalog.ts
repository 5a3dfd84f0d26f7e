import { type Catalog, compileCatalog } from './catalog.ts';
import { STARTER_EVENTS } from './events.ts';

let cached: Catalog | undefined;

/** The catalog the engine and its workers run with, compiled once per thread. */
export function defaultCatalog(): Catalog {
  cached ??= compileCatalog(STARTER_EVENTS);
  return cached;
}
