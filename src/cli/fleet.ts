/**
 * `npm run fleet -- --processes 3`: a local fleet for development: N server
 * processes on this machine, in fleet mode on one MySQL database (made when
 * missing) and NATS, each on its own 127.0.0.1 port with its own node id,
 * public URL and data dir, all with one token secret. Prints each process's
 * URL, forwards SIGINT/SIGTERM to them (each hands its shards off and
 * exits) and exits once they all have. Listens on nothing but 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { z } from 'zod';
import { parseOptions } from './parse-options.ts';

const options = parseOptions(
  'fleet',
  z.object({
    processes: z.coerce.number().int().min(1).max(32).default(3),
    'database-url': z
      .string()
      .regex(/^mysql:\/\/[^/]+\/[A-Za-z0-9_]+$/, 'a mysql://user@host:port/database URL')
      .default('mysql://root@127.0.0.1:3306/lifetick_fleet'),
    'nats-url': z.string().min(1).default('nats://127.0.0.1:4222'),
    'no-nats': z.boolean().default(false),
    /** First port; the others follow it. Default: free ports. */
    port: z.coerce.number().int().min(1).max(65_535).optional(),
    'lease-ttl-ms': z.coerce.number().int().min(1000).optional(),
    'data-dir': z.string().min(1).default('data/fleet'),
  }),
);

/** A port of 127.0.0.1 nothing listens on (bound, read and closed). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Creates the fleet's database when it is missing (the servers migrate it). */
async function ensureDatabase(url: string): Promise<void> {
  const parsed = new URL(url);
  const name = parsed.pathname.slice(1);
  parsed.pathname = '/';
  const admin = await mysql.createConnection({ uri: parsed.href, connectTimeout: 5000 });
  try {
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${name}\``);
  } finally {
    await admin.end();
  }
}

/** The fleet's token secret: LIFETICK_SECRET, or one kept in <data dir>/secret (made once, 0600). */
function fleetSecret(dataDir: string): string {
  const fromEnv = process.env.LIFETICK_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/** The start entry beside this file: start.ts from the sources, start.js when built. */
function startEntry(): string {
  const self = fileURLToPath(import.meta.url);
  return path.join(path.dirname(self), `start${path.extname(self)}`);
}

interface Member {
  readonly nodeId: string;
  readonly port: number;
  readonly child: ChildProcess;
  readonly exited: Promise<number>;
}

function startMember(
  nodeId: string,
  port: number,
  env: Record<string, string>,
  onListening: () => void,
): Member {
  const url = `ws://127.0.0.1:${port}/ws`;
  const child = spawn(process.execPath, [...process.execArgv, startEntry()], {
    env: {
      ...process.env,
      ...env,
      LIFETICK_HOST: '127.0.0.1',
      LIFETICK_PORT: String(port),
      LIFETICK_PUBLIC_URL: url,
      LIFETICK_NODE_ID: nodeId,
      LIFETICK_DATA_DIR: path.resolve(options['data-dir'], nodeId),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a terminal's Ctrl-C reaches this process only,
    // which passes it on once (a second signal would stop a member at once).
    detached: true,
  });
  // Every line of the member's, prefixed with its node id; its "listening"
  // line says it is up.
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => {
      if (line.includes('"msg":"listening on ')) onListening();
      (stream === child.stderr ? process.stderr : process.stdout).write(`[${nodeId}] ${line}\n`);
    });
  }
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => {
      console.log(`fleet: ${nodeId} exited (${signal ?? `code ${code}`})`);
      resolve(code ?? 1);
    });
  });
  return { nodeId, port, child, exited };
}

async function main(): Promise<void> {
  const dataDir = path.resolve(options['data-dir']);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const databaseUrl = options['database-url'];
  try {
    await ensureDatabase(databaseUrl);
  } catch (error) {
    console.error(`fleet: cannot reach MySQL at ${databaseUrl}: ${(error as Error).message}`);
    process.exit(2);
  }
  const env: Record<string, string> = {
    LIFETICK_FLEET: 'on',
    LIFETICK_DATABASE_URL: databaseUrl,
    LIFETICK_SECRET: fleetSecret(dataDir),
    ...(options['no-nats'] ? {} : { LIFETICK_NATS_URL: options['nats-url'] }),
    ...(options['lease-ttl-ms'] !== undefined
      ? { LIFETICK_LEASE_TTL_MS: String(options['lease-ttl-ms']) }
      : {}),
  };
  const members: Member[] = [];
  let up = 0;
  for (let i = 1; i <= options.processes; i++) {
    const port = options.port !== undefined ? options.port + i - 1 : await freePort();
    const nodeId = `fleet-${i}`;
    const member = startMember(nodeId, port, env, () => {
      console.log(`fleet: ${nodeId} ws://127.0.0.1:${port}/ws http://127.0.0.1:${port}/health`);
      if (++up === options.processes)
        console.log(
          `fleet: ${up} processes up on ${databaseUrl}${options['no-nats'] ? ' (no NATS)' : ` and ${options['nats-url']}`}; tokens are signed with LIFETICK_SECRET from ${path.join(dataDir, 'secret')}; Ctrl-C stops them`,
        );
    });
    members.push(member);
  }
  // This process ending any other way takes the members with it.
  process.on('exit', () => {
    for (const m of members) if (m.child.exitCode === null) m.child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      for (const m of members) if (m.child.exitCode === null) m.child.kill(signal);
    });
  const codes = await Promise.all(members.map((m) => m.exited));
  process.exit(codes.every((c) => c === 0) ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
