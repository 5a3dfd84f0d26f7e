import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mintPlayerToken, secretKey } from '../../src/server/auth.ts';
import { Bot, lifeMinutes } from './bot.ts';
import { type ChildServer, killHard, spawnServer } from './child-server.ts';
import { readSqlitePlayers, type SavedPlayer } from './saved-players.ts';

/**
 * The crash test, shared by tests/persistence/crash.test.ts (20 kills) and
 * the nightly soak (tests/soak/crash-soak.ts, hundreds).
 *
 * Each cycle: start the server (SQLite) on the same data dir, connect the
 * bots, let them play for a random moment, SIGKILL the server, then read the
 * database file directly (the dead process's lock is gone) and check it:
 *
 * (a) PRAGMA integrity_check is "ok";
 * (b) no player's version went backwards since the previous check;
 * (c) every state older than the window W = 2 * flushMs + slack is there:
 *     - a player whose last acked setSpeed came more than W before the kill
 *       has that speed saved (or the speed of the one command it sent after,
 *       which the server may have applied without the ack getting out), with
 *       updated_at no earlier than when that command was sent;
 *     - the saved clock is at least the clock the player saw in an update
 *       frame received more than W before the kill;
 *     - a player connected for at least W and still changing in the last W
 *       (its clock moved in an update received then) has
 *       updated_at >= kill time - W.
 * On the next start every returning player's welcome must show the saved
 * speed, and a clock no earlier than the saved one.
 *
 * Why W = 2 * flushMs + slack: a change waits at most one flush interval for
 * the next flush to begin, and the flush in flight at the kill (snapshot in
 * the next tick's phase 2, then the worker's transaction) may not have
 * committed, so the last committed snapshot can be up to two intervals old.
 * The slack (300 ms) covers the tick the snapshot waits for (50 ms at
 * 20 Hz), the worker's commit, and event-loop lag of a loaded 2-core machine
 * running the test, its 50 bots and the server together.
 */
export interface CrashOptions {
  readonly kills: number;
  readonly bots?: number;
  readonly flushMs?: number;
  readonly slackMs?: number;
  /** Bounds of the random time the bots play before the kill, ms. */
  readonly runMs?: readonly [number, number];
  /** Progress lines (the soak prints them). */
  readonly log?: (line: string) => void;
  /** The data dir to use (the caller removes it); a temporary one removed at the end otherwise. */
  readonly dataDir?: string;
}

export interface CycleReport {
  readonly cycle: number;
  readonly ranMs: number;
  readonly players: number;
  /** Players whose last ack was older than W, so their saved speed was checked. */
  readonly speedChecks: number;
  /** Players held to updated_at >= kill - W. */
  readonly freshnessChecks: number;
  /** Smallest (updated_at - (kill - W)) over the freshness checks: the margin left, ms. */
  readonly minMarginMs: number | undefined;
  /** Players whose saved speed was the unacked command's (sent just before the kill). */
  readonly unackedSaved: number;
  readonly cycleMs: number;
}

export interface CrashReport {
  readonly windowMs: number;
  readonly cycles: CycleReport[];
  /** What went wrong; the run stops after the first cycle with a problem. */
  readonly problems: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const between = ([min, max]: readonly [number, number]) => min + Math.random() * (max - min);

export async function runCrashCycles(options: CrashOptions): Promise<CrashReport> {
  const botCount = options.bots ?? 50;
  const flushMs = options.flushMs ?? 200;
  const windowMs = 2 * flushMs + (options.slackMs ?? 300);
  const runMs = options.runMs ?? [150, 2000];
  const log = options.log ?? (() => {});
  const dir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'lifetick-crash-'));
  const dbFile = path.join(dir, 'lifetick.db');
  const secret = randomBytes(24).toString('base64url');
  const key = secretKey(secret);
  const ids = Array.from({ length: botCount }, (_, i) => `crash-${i}`);
  const tokens = await Promise.all(ids.map((id) => mintPlayerToken(id, key, 24 * 3600)));
  const report: CrashReport = { windowMs, cycles: [], problems: [] };
  const problems = report.problems;
  let saved = new Map<string, SavedPlayer>();
  let server: ChildServer | undefined;
  let bots: Bot[] = [];
  try {
    for (let cycle = 1; cycle <= options.kills; cycle++) {
      const cycleStarted = Date.now();
      const where = `cycle ${cycle}`;
      server = await spawnServer({
        LIFETICK_DATA_DIR: dir,
        LIFETICK_SECRET: secret,
        LIFETICK_FLUSH_MS: String(flushMs),
      });
      bots = await Promise.all(ids.map((id, i) => Bot.connect(server!.url, id, tokens[i]!)));

      // The restarted server gives every returning player what was saved.
      for (const bot of bots) {
        const row = saved.get(bot.id);
        if (!row) continue;
        const state = bot.welcome.state as Record<string, number>;
        if (state.speed !== row.fields.speed)
          problems.push(
            `${where}: ${bot.id} welcome speed ${state.speed}, saved ${row.fields.speed}`,
          );
        if (lifeMinutes(state) < lifeMinutes(row.fields))
          problems.push(
            `${where}: ${bot.id} welcome clock ${lifeMinutes(state)} is behind the saved ${lifeMinutes(row.fields)}`,
          );
      }
      for (const bot of bots) bot.start({ levels: [2, 3, 4, 5], pauseMs: [100, 1200] });

      // Let them play for a random moment (the test is about when the kill lands).
      const playing = Date.now();
      await sleep(between(runMs));
      const killAt = Date.now();
      server.child.kill('SIGKILL');
      const exit = await server.exited;
      if (exit.signal !== 'SIGKILL')
        problems.push(`${where}: server exited by itself first: ${JSON.stringify(exit)}`);
      await Promise.all(bots.map((b) => b.client.closed));
      await Promise.all(bots.map((b) => b.stop()));
      server = undefined;

      const { integrity, players } = readSqlitePlayers(dbFile);
      if (integrity !== 'ok') problems.push(`${where}: integrity_check says ${integrity}`);
      for (const [id, before] of saved) {
        const now = players.get(id);
        if (!now) problems.push(`${where}: ${id} (version ${before.version}) is gone`);
        else if (now.version < before.version)
          problems.push(
            `${where}: ${id} version went back from ${before.version} to ${now.version}`,
          );
      }

      const cutoff = killAt - windowMs;
      let speedChecks = 0;
      let freshnessChecks = 0;
      let unackedSaved = 0;
      let minMarginMs: number | undefined;
      for (const bot of bots) {
        const row = players.get(bot.id);
        const acked = bot.lastAcked(killAt);
        if (bot.welcomedAt <= cutoff && !row) {
          problems.push(`${where}: ${bot.id} played for ${killAt - bot.welcomedAt} ms, no row`);
          continue;
        }
        if (!row) continue;
        if (row.updatedAt > killAt)
          problems.push(`${where}: ${bot.id} updated_at ${row.updatedAt} after the kill ${killAt}`);
        if (acked && acked.ackAt! <= cutoff) {
          speedChecks++;
          const after = bot.commands.filter((c) => c.sentAt > acked.sentAt && c.sentAt < killAt);
          const allowed = [acked.level, ...after.map((c) => c.level)];
          if (row.fields.speed !== acked.level && allowed.includes(row.fields.speed!))
            unackedSaved++;
          if (!allowed.includes(row.fields.speed!))
            problems.push(
              `${where}: ${bot.id} saved speed ${row.fields.speed}, but setSpeed ${acked.level} was acked ${killAt - acked.ackAt!} ms before the kill (allowed ${allowed.join('/')})`,
            );
          if (row.updatedAt < acked.sentAt)
            problems.push(
              `${where}: ${bot.id} updated_at is ${acked.sentAt - row.updatedAt} ms older than its setSpeed acked ${killAt - acked.ackAt!} ms before the kill`,
            );
        }
        const seen = bot.clockSeen(cutoff);
        if (seen !== undefined && lifeMinutes(row.fields) < seen)
          problems.push(
            `${where}: ${bot.id} saved clock ${lifeMinutes(row.fields)} is behind ${seen}, seen more than ${windowMs} ms before the kill`,
          );
        const changing = bot.clock.some(([at]) => at > cutoff && at <= killAt);
        if (bot.welcomedAt <= cutoff && changing) {
          freshnessChecks++;
          const margin = row.updatedAt - cutoff;
          minMarginMs = minMarginMs === undefined ? margin : Math.min(minMarginMs, margin);
          if (margin < 0)
            problems.push(
              `${where}: ${bot.id} kept changing, but its newest saved state is ${killAt - row.updatedAt} ms old at the kill (window ${windowMs} ms)`,
            );
        }
      }
      const refused = bots.flatMap((b) =>
        b.commands.filter((c) => c.error !== undefined).map((c) => `${b.id}: ${c.error}`),
      );
      if (refused.length > 0) problems.push(`${where}: setSpeed refused: ${refused.join('; ')}`);

      const result: CycleReport = {
        cycle,
        ranMs: killAt - playing,
        players: players.size,
        speedChecks,
        freshnessChecks,
        minMarginMs,
        unackedSaved,
        cycleMs: Date.now() - cycleStarted,
      };
      report.cycles.push(result);
      log(
        `kill ${cycle}/${options.kills}: played ${result.ranMs} ms, ${speedChecks} speed and ${freshnessChecks} freshness checks, margin ${minMarginMs ?? '-'} ms, cycle ${result.cycleMs} ms`,
      );
      saved = players;
      bots = [];
      if (problems.length > 0) break;
    }
  } finally {
    for (const bot of bots) bot.client.terminate();
    await killHard(server);
    if (!options.dataDir) rmSync(dir, { recursive: true, force: true });
  }
  return report;
}
