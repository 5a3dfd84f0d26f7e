/**
 * A suite run at a few sizes in turn for `bench all` (realtime at several
 * player counts, load at several client counts), and the one-line reason
 * a failure is reported with.
 */
import { redact } from './stderr-capture.ts';

/** The first line of an error, for a skip reason or a note. */
export function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return redact(text.split('\n')[0] ?? text);
}

/**
 * Run `once` at each size in turn. A failed size becomes a note; when every
 * size fails the first error is thrown (the suite is skipped with it).
 */
export async function sweep<R>(
  sizes: readonly number[],
  unit: string,
  once: (size: number) => Promise<{ rows: readonly R[]; ratios: Readonly<Record<string, number>> }>,
): Promise<{ rows: R[]; ratios: Record<string, number>; notes: string[] }> {
  const rows: R[] = [];
  const ratios: Record<string, number> = {};
  const notes: string[] = [];
  let firstError: unknown;
  for (const size of sizes) {
    try {
      const result = await once(size);
      rows.push(...result.rows);
      for (const [name, value] of Object.entries(result.ratios)) ratios[`${name}@${size}`] = value;
    } catch (error) {
      firstError ??= error;
      notes.push(`${size} ${unit}: failed: ${reason(error)}`);
    }
  }
  if (rows.length === 0 && firstError !== undefined) throw firstError;
  return { rows, ratios, notes };
}
