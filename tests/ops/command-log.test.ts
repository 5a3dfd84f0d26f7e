import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CommandLog, commandLogFile, rotatedFile } from '../../src/ops/command-log.ts';
import { summariseCommandLog } from '../../src/ops/command-log-summary.ts';
import type { Logger } from '../../src/ops/log.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-command-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => path.join(dir, `log-${++files}`, 'command-latency.log');

function fakeLogger() {
  return { error: vi.fn(), warn: vi.fn(), info: vi.fn() };
}
const asLogger = (l: ReturnType<typeof fakeLogger>) => l as unknown as Logger;

const readLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** A log line as the server writes it. */
const line = (cmd: string, ms: number, time = new Date(), code?: string) =>
  `${JSON.stringify({ time: time.toISOString(), cmd, ms, ok: code === undefined, ...(code ? { code } : {}) })}\n`;

/** Relative distance, for HDR percentiles (three significant digits). */
const near = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(0.001);

describe('commandLogFile', () => {
  it('defaults to the data dir, resolves relative paths there, and is undefined when off', () => {
    expect(commandLogFile({ dataDir: '/srv/data' })).toBe('/srv/data/command-latency.log');
    expect(commandLogFile({ dataDir: '/srv/data', commandLog: 'logs/c.log' })).toBe(
      '/srv/data/logs/c.log',
    );
    expect(commandLogFile({ dataDir: '/srv/data', commandLog: '/var/log/c.log' })).toBe(
      '/var/log/c.log',
    );
    expect(commandLogFile({ dataDir: '/srv/data', commandLog: 'off' })).toBeUndefined();
  });
});

describe('CommandLog', () => {
  it('writes one JSON line per answer, flushed by close, and tells the observer', async () => {
    const file = freshFile();
    const observed: [string, number, boolean][] = [];
    const log = new CommandLog({
      file,
      logger: asLogger(fakeLogger()),
      observe: (cmd, ms, ok) => observed.push([cmd, ms, ok]),
    });
    const started = performance.now() - 5;
    log.record('setSpeed', started);
    log.record('answer', started, 'CONFLICT');
    await log.close();
    log.record('late', started); // after close: ignored, no throw

    const lines = readLines(file);
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0]!)).toEqual(['time', 'cmd', 'ms', 'ok']);
    expect(lines[0]).toMatchObject({ cmd: 'setSpeed', ok: true });
    expect(lines[1]).toMatchObject({ cmd: 'answer', ok: false, code: 'CONFLICT' });
    for (const l of lines) {
      expect(l.ms).toBeGreaterThanOrEqual(5);
      expect(Math.abs(Date.parse(l.time as string) - Date.now())).toBeLessThan(60_000);
    }
    expect(observed.map(([cmd, , ok]) => [cmd, ok])).toEqual([
      ['setSpeed', true],
      ['answer', false],
      ['late', true],
    ]);
  });

  it('without a file (off) only feeds the observer', async () => {
    const observe = vi.fn();
    const log = new CommandLog({ logger: asLogger(fakeLogger()), observe });
    log.record('getState', performance.now());
    await log.close();
    expect(observe).toHaveBeenCalledOnce();
  });

  it('rotates past maxBytes into one .1 file and keeps no more', async () => {
    const file = freshFile();
    // 20 lines of about 75 bytes pass 1000 bytes once: they all go to .1
    // (the ones written while renaming too) and later lines to a new file.
    const first = new CommandLog({ file, logger: asLogger(fakeLogger()), maxBytes: 1000 });
    for (let i = 0; i < 20; i++) first.record('first', performance.now());
    await first.rotated();
    for (let i = 0; i < 5; i++) first.record('after', performance.now());
    await first.close();
    expect(readLines(rotatedFile(file)).map((l) => l.cmd)).toEqual(Array(20).fill('first'));
    expect(readLines(file).map((l) => l.cmd)).toEqual(Array(5).fill('after'));
    rmSync(file);

    // A second run on the same file rotates again: the new .1 replaces the old.
    const second = new CommandLog({ file, logger: asLogger(fakeLogger()), maxBytes: 1000 });
    for (let i = 0; i < 20; i++) second.record('second', performance.now());
    await second.close();
    expect(readLines(rotatedFile(file)).map((l) => l.cmd)).toEqual(Array(20).fill('second'));
    expect(existsSync(`${file}.2`)).toBe(false);
    // Rotated while closing: no new file is started.
    expect(existsSync(file)).toBe(false);

    // Under the limit nothing moves; the size already on disk counts at start.
    writeFileSync(file, line('old', 1));
    const third = new CommandLog({ file, logger: asLogger(fakeLogger()), maxBytes: 1000 });
    third.record('third', performance.now());
    await third.close();
    expect(readLines(file).map((l) => l.cmd)).toEqual(['old', 'third']);
  });

  it('logs a file it cannot open once, keeps serving, and still closes', async () => {
    const blocker = path.join(dir, 'not-a-dir');
    writeFileSync(blocker, '');
    const logger = fakeLogger();
    const observe = vi.fn();
    const log = new CommandLog({
      file: path.join(blocker, 'command-latency.log'),
      logger: asLogger(logger),
      observe,
    });
    log.record('setSpeed', performance.now());
    await log.close();
    expect(logger.error).toHaveBeenCalledOnce();
    expect(observe).toHaveBeenCalledOnce();
  });
});

describe('summariseCommandLog', () => {
  it('gives per-command counts, errors and percentiles within 0.1%, exact max', async () => {
    const file = path.join(dir, 'summary.log');
    // 1..1000 ms for setSpeed, shuffled; the exact nearest-rank p50/p95/p99
    // are 500, 950 and 990.
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    for (let i = values.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [values[i], values[j]] = [values[j]!, values[i]!];
    }
    let text = values.map((ms) => line('setSpeed', ms)).join('');
    // getState: 0.05 ms, 90 answers and 10 errors at 2.5 ms.
    for (let i = 0; i < 90; i++) text += line('getState', 0.05);
    for (let i = 0; i < 10; i++) text += line('getState', 2.5, new Date(), 'INTERNAL');
    writeFileSync(file, text);

    const s = await summariseCommandLog(file);
    expect(s.files).toEqual([file]);
    expect(s.entries).toBe(1100);
    expect(s.badLines).toBe(0);
    expect(s.commands.map((c) => c.cmd)).toEqual(['getState', 'setSpeed']);
    const setSpeed = s.commands[1]!;
    expect(setSpeed).toMatchObject({ count: 1000, errors: 0, errorCodes: {}, maxMs: 1000 });
    near(setSpeed.p50Ms, 500);
    near(setSpeed.p95Ms, 950);
    near(setSpeed.p99Ms, 990);
    const getState = s.commands[0]!;
    expect(getState).toMatchObject({ count: 100, errors: 10, errorCodes: { INTERNAL: 10 } });
    near(getState.p50Ms, 0.05);
    near(getState.p95Ms, 2.5);
    expect(getState.maxMs).toBe(2.5);
    expect(s.total).toMatchObject({ count: 1100, errors: 10, maxMs: 1000 });
  });

  it('reads the rotated .1 file first, skips and counts bad lines, ignores blank ones', async () => {
    const file = path.join(dir, 'bad.log');
    writeFileSync(rotatedFile(file), line('talk', 4));
    writeFileSync(
      file,
      [
        line('talk', 2),
        'not json\n',
        '\n',
        '[1,2]\n',
        `${JSON.stringify({ time: 'yesterday-ish', cmd: 'talk', ms: 1, ok: true })}\n`,
        `${JSON.stringify({ time: new Date().toISOString(), cmd: 'talk', ms: -1, ok: true })}\n`,
        `${JSON.stringify({ time: new Date().toISOString(), cmd: 'talk', ms: 1 })}\n`,
        `${JSON.stringify({ time: new Date().toISOString(), ms: 1, ok: true })}\n`,
        line('talk', 6),
        // A torn last line, as a crash mid-write leaves it.
        '{"time":"2025-01-01T00:00:00.000Z","cmd":"ta',
      ].join(''),
    );
    const s = await summariseCommandLog(file);
    expect(s.files).toEqual([rotatedFile(file), file]);
    expect(s.entries).toBe(3);
    expect(s.badLines).toBe(7);
    expect(s.commands).toEqual([expect.objectContaining({ cmd: 'talk', count: 3, maxMs: 6 })]);
    near(s.commands[0]!.p50Ms, 4);
  });

  it('keeps only entries since fromMs', async () => {
    const file = path.join(dir, 'since.log');
    const now = Date.now();
    writeFileSync(
      file,
      [
        line('getState', 100, new Date(now - 3_600_000)),
        line('getState', 200, new Date(now - 20 * 60_000)),
        line('getState', 3, new Date(now - 5 * 60_000)),
        line('setSpeed', 1, new Date(now - 1000)),
      ].join(''),
    );
    const s = await summariseCommandLog(file, { fromMs: now - 10 * 60_000 });
    expect(s.entries).toBe(2);
    expect(s.older).toBe(2);
    expect(s.commands.map((c) => [c.cmd, c.count, c.maxMs])).toEqual([
      ['getState', 1, 3],
      ['setSpeed', 1, 1],
    ]);
  });

  it('reports no files for a missing log', async () => {
    const s = await summariseCommandLog(path.join(dir, 'missing.log'));
    expect(s.files).toEqual([]);
    expect(s.entries).toBe(0);
  });
});
