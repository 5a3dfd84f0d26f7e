import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAYS_PER_YEAR, Flag, Focus, School, Stage } from '../../src/world/life.ts';
import { type Frame, RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.close();
});

/** The only living player's slot on the test server. */
function onlySlot(): number {
  const { world } = ts.server.engine;
  const slots: number[] = [];
  for (let s = 0; s < world.highWater; s++) if (world.columns.alive[s] === 1) slots.push(s);
  expect(slots).toHaveLength(1);
  return slots[0]!;
}

describe('the career commands over the wire', () => {
  it('a newborn is refused jobs; grown up, the same player is hired and sees it in an update', async () => {
    const client = await RawClient.open(ts.url);
    const welcome = await client.hello(await ts.token('career-1'));
    expect(welcome.t).toBe('welcome');
    const fields = welcome.fields as string[];
    const focusId = fields.indexOf('focus');
    const jobId = fields.indexOf('job');
    expect(focusId).toBeGreaterThanOrEqual(0);
    expect(jobId).toBeGreaterThanOrEqual(0);
    let id = 0;
    expect(await client.command(++id, 'setSpeed', { level: 0 })).toMatchObject({ t: 'ack' });

    const jobs = await client.command(++id, 'getJobs');
    expect(jobs.t).toBe('ack');
    const list = (jobs.result as { jobs: { id: string; eligible: boolean; reasons: string[] }[] })
      .jobs;
    expect(list.length).toBeGreaterThan(10);
    expect(list.every((j) => !j.eligible && j.reasons.includes('tooYoung'))).toBe(true);

    const tooYoung = await client.command(++id, 'applyForJob', { jobId: 'babysitter' });
    expect(tooYoung).toMatchObject({ t: 'error', id, code: 'CONFLICT' });
    expect(await client.command(++id, 'applyForJob', { jobId: 'astronaut' })).toMatchObject({
      t: 'error',
      id,
      code: 'NOT_FOUND',
    });
    expect(await client.command(++id, 'focusUpdate', { focus: 'naps' })).toMatchObject({
      t: 'error',
      id,
      code: 'INVALID_ARGS',
    });
    const activities = await client.command(++id, 'getExtraCurriculars');
    expect(activities).toMatchObject({ t: 'ack', result: { max: 2, joined: [] } });

    // Focus: acked, and the field reaches the client in an update frame.
    const focusChanged = client.next(
      (f: Frame) => f.t === 'update' && fieldIn(f, focusId) === Focus.academics,
    );
    expect(await client.command(++id, 'focusUpdate', { focus: 'academics' })).toMatchObject({
      t: 'ack',
      result: { focus: 'academics' },
    });
    await focusChanged;

    // Grow the player up on the server (no command ages a life by twenty
    // years): a high-school graduate of 20 with a 3.0 GPA.
    const { engine } = ts.server;
    await engine.submit(() => {
      const c = engine.world.columns;
      const s = onlySlot();
      c.ageDays[s] = 20 * DAYS_PER_YEAR;
      c.stage[s] = Stage.adult;
      c.school[s] = School.none;
      c.educationDone[s] = School.highSchool;
      c.gpa[s] = 300;
      c.flags[s] = (c.flags[s]! | Flag.graduatedHighSchool) & ~Flag.inSchool;
    });

    const hired = client.next((f: Frame) => f.t === 'update' && (fieldIn(f, jobId) ?? 0) > 0);
    const ack = await client.command(++id, 'applyForJob', { jobId: 'electrician' });
    expect(ack).toMatchObject({
      t: 'ack',
      id,
      result: { job: { jobId: 'electrician', level: 0, title: 'Apprentice Electrician' } },
    });
    const update = await hired;
    expect(fieldIn(update, jobId)).toBeGreaterThan(0);
    expect(await client.command(++id, 'applyForJob', { jobId: 'electrician' })).toMatchObject({
      t: 'error',
      id,
      code: 'CONFLICT',
    });
    expect(await client.command(++id, 'quitJob')).toMatchObject({
      t: 'ack',
      result: { left: 'electrician' },
    });
    client.close();
  });
});

/** The value of field `fieldId` in an update frame, or undefined when it did not change. */
function fieldIn(frame: Frame, fieldId: number): number | undefined {
  const d = frame.d as Record<number, number> | undefined;
  return d?.[fieldId];
}
