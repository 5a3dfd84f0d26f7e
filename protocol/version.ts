/** The protocol version this server and SDK speak; `hello.v` and `welcome.v`. */
export const PROTOCOL_VERSION = 1;

/** Default largest inbound frame, in bytes. */
export const MAX_FRAME_BYTES = 16 * 1024;

/**
 * Largest frame read before welcome, in bytes: only hello is read then. A
 * hello is a three-key map around the token; a token from `npm run token` is
 * about 200 characters and other JWT libraries add a few claims, so the
 * longest token hello accepts (1536 characters, frames.ts) plus the map fits
 * with room. Anything larger before welcome closes with 1009.
 */
export const HELLO_MAX_BYTES = 2048;

/** Milliseconds a client has to say hello after connecting (5 s). */
export const HELLO_TIMEOUT_MS = 5000;
