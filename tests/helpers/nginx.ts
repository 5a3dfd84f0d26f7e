import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './server.ts';

/**
 * Debian's nginx (`apt-get install nginx`, as .ci/run does), run by a test
 * as its own child process: never the system's nginx service, its
 * configuration or its logs.
 */
export const NGINX_PATH = process.env.LIFETICK_NGINX ?? '/usr/sbin/nginx';

/** Whether an nginx test can run here; in CI (CI=true) a missing nginx is a failure, not a skip. */
export function nginxAvailable(): boolean {
  return existsSync(NGINX_PATH);
}

/** One line of the proxy's access log: what came in, and which upstream answered it. */
export interface ProxiedRequest {
  /** Path and query as the client sent them. */
  readonly uri: string;
  /** The status nginx logged: 101 for a WebSocket that was upgraded. */
  readonly status: number;
  /** `host:port` of the upstream that answered (a list, comma separated, if nginx tried several). */
  readonly upstream: string;
}

/** A running nginx with the fleet sample: round robin over `upstreams`, on an ephemeral port of 127.0.0.1. */
export interface NginxProxy {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly http: string;
  /** `ws://127.0.0.1:<port>/ws`, the lifetick socket through the proxy. */
  readonly url: string;
  /** The temp directory with the configuration and both logs. */
  readonly dir: string;
  /** The access log so far (a request is logged when it ends: a WebSocket when it closes). */
  requests(): ProxiedRequest[];
  /** The error log so far, for diagnostics. */
  errorLog(): string;
  /** Fast shutdown (SIGTERM), wait for it, and remove the temp directory. */
  stop(): Promise<void>;
}

/** nginx processes started here and not yet exited: stopped at exit if a test forgot. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  // SIGTERM, not SIGKILL: the master then stops its workers too.
  for (const child of running) child.kill('SIGTERM');
});

/** The operator's sample (an http{} snippet), which the test runs with its own upstreams and port. */
export const FLEET_SNIPPET = new URL('../../src/ops/nginx/lifetick-fleet.conf', import.meta.url);

/**
 * The sample snippet with its upstream servers replaced by `upstreams` and
 * its listen address by 127.0.0.1:`port`. Throws if the sample no longer
 * has the lines replaced, so it cannot drift away from what is tested.
 */
export function fleetSnippet(port: number, upstreams: readonly string[]): string {
  const sample = readFileSync(FLEET_SNIPPET, 'utf8');
  const upstreamBlock = /(upstream lifetick \{\n)((?:\s*(?:#[^\n]*|server [^;]+;)\n)+)(\s*\})/;
  const listen = /^(\s*)listen 80;$/m;
  if (!upstreamBlock.test(sample) || !listen.test(sample))
    throw new Error(`${FLEET_SNIPPET.pathname}: no "upstream lifetick" block or "listen 80;" line`);
  return sample
    .replace(
      upstreamBlock,
      (_, open: string, _servers: string, close: string) =>
        `${open}${upstreams.map((u) => `    server ${u};\n`).join('')}${close}`,
    )
    .replace(listen, (_, indent: string) => `${indent}listen 127.0.0.1:${port};`);
}

/**
 * The main configuration around the snippet: one worker, every path (pid,
 * logs, temp files) in `dir`, and an access log that names the upstream of
 * each request.
 */
export function nginxConfig(dir: string): string {
  const at = (name: string) => path.join(dir, name);
  return `worker_processes 1;
error_log ${at('error.log')} info;
events { worker_connections 1024; }
http {
  client_body_temp_path ${at('client_body')};
  proxy_temp_path ${at('proxy')};
  fastcgi_temp_path ${at('fastcgi')};
  uwsgi_temp_path ${at('uwsgi')};
  scgi_temp_path ${at('scgi')};
  log_format lifetick escape=json '{"uri":"$request_uri","status":$status,"upstream":"$upstream_addr"}';
  access_log ${at('access.log')} lifetick;
  include ${at('lifetick-fleet.conf')};
}
`;
}

/**
 * Start nginx with the fleet sample in front of `upstreams` (`host:port`
 * each) on a free port of
 * 127.0.0.1, as a child process (`daemon off`). Resolves once it accepts
 * connections; rejects with its error log if it exits first or does not
 * listen within `startTimeoutMs`. Retries on another port if the one picked
 * was taken in the meantime.
 */
export async function startNginx(
  upstreams: readonly string[],
  startTimeoutMs = 15_000,
): Promise<NginxProxy> {
  if (upstreams.length === 0) throw new Error('nginx needs at least one upstream');
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-nginx-'));
    // Run as root, nginx's workers drop to `nobody`: they must reach the temp paths.
    chmodSync(dir, 0o755);
    const port = await freePort();
    try {
      return await launch(dir, port, upstreams, startTimeoutMs);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      lastError = error as Error;
      if (!/Address already in use/.test(lastError.message)) throw lastError;
    }
  }
  throw lastError ?? new Error('nginx did not start');
}

async function launch(
  dir: string,
  port: number,
  upstreams: readonly string[],
  startTimeoutMs: number,
): Promise<NginxProxy> {
  const conf = path.join(dir, 'nginx.conf');
  const errorLogPath = path.join(dir, 'error.log');
  const accessLogPath = path.join(dir, 'access.log');
  writeFileSync(conf, nginxConfig(dir));
  writeFileSync(path.join(dir, 'lifetick-fleet.conf'), fleetSnippet(port, upstreams));
  const child = spawn(
    NGINX_PATH,
    [
      '-c',
      conf,
      '-p',
      `${dir}/`,
      '-e',
      errorLogPath,
      '-g',
      `daemon off; pid ${path.join(dir, 'nginx.pid')};`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  running.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.length > 16_000) stderr = stderr.slice(-8_000);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  let exitedYet = false;
  void exited.then(() => {
    exitedYet = true;
  });
  const errorLog = () => (existsSync(errorLogPath) ? readFileSync(errorLogPath, 'utf8') : '');

  const deadline = Date.now() + startTimeoutMs;
  while (!(await accepts(port))) {
    if (exitedYet || Date.now() > deadline) {
      if (!exitedYet) child.kill('SIGKILL');
      await exited;
      throw new Error(
        `nginx ${exitedYet ? 'exited' : `did not listen within ${startTimeoutMs} ms`} ` +
          `(port ${port}):\n${errorLog()}\n${stderr}`,
      );
    }
    // Polling a port nginx is about to bind: a short pause between tries, bounded by the deadline.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    port,
    http: `http://127.0.0.1:${port}`,
    url: `ws://127.0.0.1:${port}/ws`,
    dir,
    requests: () =>
      existsSync(accessLogPath)
        ? readFileSync(accessLogPath, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as ProxiedRequest)
        : [],
    errorLog,
    async stop() {
      if (!exitedYet) {
        // Fast shutdown: open WebSockets are cut, not waited for (SIGQUIT would wait).
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether something accepts a TCP connection on 127.0.0.1:`port`. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
