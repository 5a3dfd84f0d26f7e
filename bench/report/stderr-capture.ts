/**
 * Catches what a suite writes to stderr while it runs (its progress lines,
 * its children's output piped through), so the report can keep it beside
 * the suite's results. Passed on to the real stderr only when asked (a
 * terminal is watching); otherwise a `bench all` run stays quiet.
 */

/** Lines kept per suite: the end of a long log is where a failure shows. */
const KEEP_LINES = 200;

/** userinfo in URLs (mysql://user:password@host): the password never reaches a report. */
const CREDENTIALS = /(\/\/[^/:@\s]*):[^@\s/]*@/g;

/** A line with any URL password replaced by "***". */
export function redact(line: string): string {
  return line.replace(CREDENTIALS, '$1:***@');
}

/** What `work` returned or threw, and what it wrote to stderr. */
export interface Captured<T> {
  readonly outcome:
    | { readonly ok: true; readonly value: T }
    | { readonly ok: false; readonly error: unknown };
  /** The last KEEP_LINES lines written, passwords redacted. */
  readonly lines: readonly string[];
}

/**
 * Run `work` with process.stderr.write replaced by a tee into a line
 * buffer (and, with `echo`, on to the real stderr). Restored afterwards,
 * whatever happens; never throws what `work` throws (see `outcome`).
 */
export async function captureStderr<T>(
  work: () => Promise<T>,
  echo: boolean,
): Promise<Captured<T>> {
  const stderr = process.stderr;
  const original = stderr.write;
  const lines: string[] = [];
  let partial = '';
  const take = (chunk: unknown) => {
    const text =
      typeof chunk === 'string'
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk).toString('utf8')
          : String(chunk);
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(redact(line));
      if (lines.length > KEEP_LINES) lines.shift();
    }
  };
  // Same signature as the original (it has overloads): record, then pass on or report done.
  const tee = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    take(chunk);
    if (echo) return Reflect.apply(original, stderr, [chunk, ...rest]) as boolean;
    const callback = rest.find((r): r is (error?: Error | null) => void => typeof r === 'function');
    if (callback) queueMicrotask(() => callback(null));
    return true;
  };
  stderr.write = tee as typeof stderr.write;
  try {
    const value = await work();
    return { outcome: { ok: true, value }, lines: finish() };
  } catch (error) {
    return { outcome: { ok: false, error }, lines: finish() };
  } finally {
    stderr.write = original;
  }

  function finish(): string[] {
    if (partial) lines.push(redact(partial));
    partial = '';
    return lines.slice(-KEEP_LINES);
  }
}
