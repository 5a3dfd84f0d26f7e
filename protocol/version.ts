/** The protocol version this server and SDK speak; `hello.v` and `welcome.v`. */
export const PROTOCOL_VERSION = 1;

/** Default largest inbound frame, in bytes. */
export const MAX_FRAME_BYTES = 16 * 1024;

/** Seconds a client has to say hello after connecting. */
export const HELLO_TIMEOUT_MS = 5000;
