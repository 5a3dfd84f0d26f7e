import { parseArgs } from 'node:util';
import type { z } from 'zod';

/**
 * Read a command's `--flags` into a zod object schema: each key is a flag
 * (`--json` alone for booleans, `--name value` otherwise), unknown flags are
 * refused. A bad value prints `<command>: --flag: problem` for each one and
 * exits 2.
 */
export function parseOptions<S extends z.ZodObject>(
  command: string,
  schema: S,
  argv = process.argv.slice(2),
): z.output<S> {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    // A boolean flag accepts true but not the string "1" (a coerced number
    // accepts both, a string neither).
    const f = field as z.ZodType;
    const type = f.safeParse(true).success && !f.safeParse('1').success ? 'boolean' : 'string';
    options[key] = { type };
  }
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: argv, options, strict: true }).values;
  } catch (error) {
    console.error(`${command}: ${(error as Error).message}`);
    process.exit(2);
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      console.error(`${command}: --${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  return parsed.data;
}
