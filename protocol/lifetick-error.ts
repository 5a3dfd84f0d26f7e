/** Why a command (or the connection) failed: a protocol error code, or a client-side one. */
export type ClientErrorCode = string;

/** A refused command, or a connection that could not be made or was lost. */
export class LifetickError extends Error {
  override readonly name = 'LifetickError';
  constructor(
    /**
     * A protocol error code (INVALID_ARGS, ...) or a client-side one:
     * DISCONNECTED, TIMEOUT, CLOSED, TOO_MANY_REDIRECTS, BAD_REDIRECT.
     */
    readonly code: ClientErrorCode,
    message: string,
    /** The WebSocket close code, when the connection closed. */
    readonly closeCode?: number,
  ) {
    super(message);
  }
}
