/**
 * The command line of `bench <suite>`: each suite reads its own flags
 * through a FlagReader, which fills in defaults and refuses bad values with
 * a UsageError (main prints it and exits 2).
 */

/** A command line the bench cannot run: the message says what to change. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A flag's value as a positive integer; `fallback` when the flag is absent. */
export function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--${name} must be a positive integer, got ${value}`);
  return n;
}

/** A suite's view of the command line: only the flags it declared. */
export interface FlagReader {
  /** A positive integer. */
  int(name: string, fallback: number): number;
  /** A positive integer, or undefined when absent (the suite picks). */
  optionalInt(name: string): number | undefined;
  /** Comma-separated positive integers. */
  ints(name: string, fallback: readonly number[]): number[];
  /** A switch: true when given (`--lockstep`), false when absent. */
  on(name: string): boolean;
  /** One of `choices`. */
  choice<C extends string>(name: string, choices: readonly C[], fallback: C): C;
}

/**
 * A FlagReader over parsed `values` for a suite that declared `declared`:
 * reading an undeclared flag is the suite's bug, so it throws plainly.
 */
export function flagReader(
  values: Readonly<Record<string, string | boolean | undefined>>,
  declared: readonly string[],
): FlagReader {
  const get = (name: string): string | undefined => {
    if (!declared.includes(name)) throw new Error(`bench: the suite reads --${name} undeclared`);
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    int: (name, fallback) => positiveInt(get(name), name, fallback),
    optionalInt: (name) => {
      const value = get(name);
      return value === undefined ? undefined : positiveInt(value, name, 0);
    },
    ints: (name, fallback) => {
      const value = get(name);
      if (value === undefined) return [...fallback];
      return value.split(',').map((v) => positiveInt(v, name, 0));
    },
    on: (name) => {
      if (!declared.includes(name)) throw new Error(`bench: the suite reads --${name} undeclared`);
      return values[name] === true;
    },
    choice: <C extends string>(name: string, choices: readonly C[], fallback: C): C => {
      const value = get(name) ?? fallback;
      if (!(choices as readonly string[]).includes(value))
        throw new UsageError(`--${name} must be ${choices.join(' or ')}, got ${value}`);
      return value as C;
    },
  };
}
