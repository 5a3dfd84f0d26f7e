import type { HttpResponse } from 'uWebSockets.js';

/** Answer with a JSON body. */
export function json(res: HttpResponse, status: string, body: unknown): void {
  res.cork(() => {
    res
      .writeStatus(status)
      .writeHeader('Content-Type', 'application/json')
      .writeHeader('Cache-Control', 'no-store')
      .end(JSON.stringify(body));
  });
}

/**
 * Read a JSON request body of at most `limit` bytes (an empty body reads as
 * `{}`); a larger or unreadable body is answered 413 or 400 here and `done`
 * is not called.
 */
export function readJsonBody(
  res: HttpResponse,
  limit: number,
  done: (body: unknown) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  res.onData((chunk, isLast) => {
    if (failed) return;
    size += chunk.byteLength;
    if (size > limit) {
      failed = true;
      json(res, '413 Payload Too Large', { error: `body over ${limit} bytes` });
      return;
    }
    // The chunk's memory is reused after this callback: copy it.
    chunks.push(Buffer.from(chunk.slice(0)));
    if (!isLast) return;
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      json(res, '400 Bad Request', { error: 'body must be JSON' });
      return;
    }
    done(body);
  });
}
