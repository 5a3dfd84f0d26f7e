import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { boundedRecord } from '../../protocol/bounded-record.ts';
import { COMMAND_NAMES, COMMANDS } from '../../protocol/commands.ts';
import { commandFrame, helloFrame } from '../../protocol/frames.ts';

type Schema = z.core.$ZodType;

const hasMax = (schema: Schema) =>
  (schema._zod.def.checks ?? []).some((check) => {
    const kind = check._zod.def.check;
    return kind === 'max_length' || kind === 'length_equals' || kind === 'max_size';
  });

/**
 * Paths of every string, array, record, map or set in `schema` without an
 * upper bound on its length or entries, and of every open-ended value
 * (unknown, any, an object with a catchall). Walks zod 4's definitions.
 */
function unbounded(schema: Schema, path: string): string[] {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const walk = (inner: unknown, at: string) => unbounded(inner as Schema, at);
  switch (def.type) {
    case 'string':
      return hasMax(schema) ? [] : [path];
    case 'array':
      return [...(hasMax(schema) ? [] : [path]), ...walk(def.element, `${path}[]`)];
    case 'set':
    case 'map':
      return hasMax(schema) ? [] : [path];
    case 'record': {
      const max = z.globalRegistry.get(schema as z.ZodType)?.maxProperties;
      const keyed = (def.keyType as Schema)._zod.def.type === 'enum';
      return [
        ...(typeof max === 'number' || keyed ? [] : [path]),
        ...walk(def.keyType, `${path}{key}`),
        ...walk(def.valueType, `${path}{}`),
      ];
    }
    case 'object': {
      const shape = def.shape as Record<string, Schema>;
      const catchall = def.catchall as Schema | undefined;
      return [
        ...Object.entries(shape).flatMap(([key, inner]) => walk(inner, `${path}.${key}`)),
        ...(catchall && catchall._zod.def.type !== 'never' ? [`${path}.*`] : []),
      ];
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return walk(def.innerType, path);
    case 'union':
      return (def.options as Schema[]).flatMap((option, i) => walk(option, `${path}|${i}`));
    case 'intersection':
      return [...walk(def.left, path), ...walk(def.right, path)];
    case 'tuple':
      return [
        ...(def.items as Schema[]).flatMap((item, i) => walk(item, `${path}[${i}]`)),
        ...(def.rest ? [`${path}[...]`] : []),
      ];
    case 'pipe':
      return [...walk(def.in, path), ...walk(def.out, path)];
    case 'unknown':
    case 'any':
    case 'lazy':
    case 'custom':
      return [path];
    default:
      // numbers, booleans, enums, literals, null: bounded by their type
      return [];
  }
}

describe('every inbound schema is bounded', () => {
  it('finds an unbounded string, array, record or catchall (the walker can fail)', () => {
    const loose = z.object({
      a: z.string(),
      b: z.array(z.number()).max(3),
      c: z.array(z.string().max(2)),
      d: z.record(z.string().max(4), z.number()).optional(),
      e: z.object({}).catchall(z.number()),
      f: boundedRecord(z.string().max(4), z.string().max(4), 3),
      g: z.union([z.literal(1), z.string()]),
    });
    expect(unbounded(loose, 'x')).toEqual(['x.a', 'x.c', 'x.d', 'x.e.*', 'x.g|1']);
  });

  it.each(COMMAND_NAMES)('%s: arguments have a bound on every string, array and record', (name) => {
    expect(unbounded(COMMANDS[name].args, name)).toEqual([]);
  });

  it('hello and cmd frames: bounded, except cmd.args, which each command checks above', () => {
    expect(unbounded(helloFrame, 'hello')).toEqual([]);
    expect(unbounded(commandFrame, 'cmd')).toEqual(['cmd.args']);
  });

  it('characterSetup refuses an appearance with more than 16 entries', () => {
    const args = (entries: number) => ({
      firstName: 'Ada',
      lastName: 'Lovelace',
      sex: 'female',
      appearance: Object.fromEntries(Array.from({ length: entries }, (_, i) => [`k${i}`, 'v'])),
    });
    expect(COMMANDS.characterSetup.args.safeParse(args(16)).success).toBe(true);
    expect(COMMANDS.characterSetup.args.safeParse(args(17)).success).toBe(false);
  });
});
