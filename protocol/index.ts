/**
 * lifetick-client: everything a game needs to speak the lifetick protocol
 * (protocol/PROTOCOL.md) from a browser, a bundler or Node 20+.
 *
 * - `connect()` and `LifetickClient`: the SDK (hello, commands with typed
 *   arguments and results, updates, reconnect);
 * - the typed frames and their zod schemas, the command table;
 * - the codec (MessagePack with the server's size and shape limits);
 * - the close and error codes, the protocol version.
 *
 * The server imports these modules by relative path; a game imports this
 * package. Nothing here may import from node:* (the package runs in browsers).
 */
export * from './client.ts';
export * from './close-codes.ts';
export * from './codec.ts';
export * from './commands.ts';
export * from './error-codes.ts';
export * from './frame-types.ts';
export * from './frames.ts';
export * from './version.ts';
