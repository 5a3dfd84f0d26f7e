/**
 * The part of the Reflect metadata API that tsyringe, which @peculiar/x509
 * builds on, needs at load time (getMetadata, getOwnMetadata,
 * defineMetadata). @peculiar/x509 asks its users for a polyfill (its
 * README: reflect-metadata or another) and none is installed here, so the
 * test helpers that make certificates import this first. Replace it with
 * `import 'reflect-metadata'` once that package is a dev dependency.
 */
type Target = object;
const store = new WeakMap<Target, Map<unknown, unknown>>();

interface ReflectMetadata {
  getOwnMetadata(key: unknown, target: Target): unknown;
  getMetadata(key: unknown, target: Target): unknown;
  defineMetadata(key: unknown, value: unknown, target: Target): void;
}

const reflect = Reflect as typeof Reflect & Partial<ReflectMetadata>;
if (typeof reflect.getMetadata !== 'function') {
  const own = (key: unknown, target: Target) => store.get(target)?.get(key);
  Object.assign(Reflect, {
    getOwnMetadata: own,
    // Metadata is inherited along the prototype chain, as in reflect-metadata.
    getMetadata(key: unknown, target: Target): unknown {
      for (let t: Target | null = target; t !== null; t = Object.getPrototypeOf(t)) {
        const value = own(key, t);
        if (value !== undefined) return value;
      }
      return undefined;
    },
    defineMetadata(key: unknown, value: unknown, target: Target): void {
      const map = store.get(target) ?? new Map<unknown, unknown>();
      map.set(key, value);
      store.set(target, map);
    },
  } satisfies ReflectMetadata);
}
