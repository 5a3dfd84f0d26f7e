import { freePort, startTestServer, type TestServer } from './server.ts';

/** Lease ttl of the fleet server tests: takeovers in a few seconds, yet no flakiness on two busy cores. */
export const SERVER_TTL_MS = 2500;

/**
 * A server of a fleet, in this process: fleet mode on the shared database,
 * its own port (known before start, so its public URL can name it) and
 * node id, the fleet's shared token secret.
 */
export async function startFleetServer(
  nodeId: string,
  fleet: { readonly databaseUrl: string; readonly secret: string; readonly natsUrl?: string },
  env: Record<string, string> = {},
): Promise<TestServer> {
  const port = await freePort();
  return startTestServer({
    LIFETICK_PORT: String(port),
    LIFETICK_FLEET: 'on',
    LIFETICK_DATABASE_URL: fleet.databaseUrl,
    LIFETICK_PUBLIC_URL: `ws://127.0.0.1:${port}/ws`,
    LIFETICK_NODE_ID: nodeId,
    LIFETICK_SECRET: fleet.secret,
    LIFETICK_LEASE_TTL_MS: String(SERVER_TTL_MS),
    ...(fleet.natsUrl !== undefined ? { LIFETICK_NATS_URL: fleet.natsUrl } : {}),
    ...env,
  });
}

/**
 * Resolves once `check()` holds, asked every `everyMs` (a condition with a
 * deadline: the lease keepers change things on their own timers); rejects
 * naming `what` after `timeoutMs`.
 */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A player id that `server` places as `kind` now (tries ids from `prefix`0), or undefined. */
export function playerPlaced(
  server: TestServer,
  kind: 'here' | 'elsewhere',
  prefix: string,
): string | undefined {
  for (let i = 0; i < 10_000; i++) {
    const id = `${prefix}${i}`;
    if (server.server.placementOf(id).kind === kind) return id;
  }
  return undefined;
}

/** A player id that `server` places as `kind`, once it does (its view of the leases refreshes each renewal). */
export async function playerPlacedSoon(
  server: TestServer,
  kind: 'here' | 'elsewhere',
  prefix: string,
): Promise<string> {
  let found: string | undefined;
  await until(`a player placed ${kind}`, () => {
    found = playerPlaced(server, kind, prefix);
    return found !== undefined;
  });
  return found!;
}
