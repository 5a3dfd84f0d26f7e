import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAYS_PER_YEAR, Flag, School } from '../../src/world/life.ts';
import { type Frame, RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * One life, birth to 30, driven through the real protocol at the top speed
 * by a scripted player: it answers every question (studying computer
 * science when college comes), claims a daily reward, applies for a job
 * once it can, dates, buys something, pays for a time skip, and checks
 * that each command's effect shows in the state it is sent.
 *
 * The server runs with a development time scale (LIFETICK_TIME_SCALE):
 * the top speed level times 200, so thirty game years take seconds.
 */

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({
    LIFETICK_TIME_SCALE: '200',
    LIFETICK_WORKERS: '1',
    LIFETICK_TUTORIAL: 'on',
  });
});
afterAll(async () => {
  await ts.close();
});

interface Option {
  readonly id: string;
  readonly cost?: { energy?: number; money?: number; diamonds?: number };
}
interface GameEvent {
  readonly id: string;
  readonly kind: string;
  readonly options?: readonly Option[];
}

type State = Record<string, unknown>;

describe('a whole life through the protocol', () => {
  it('goes to school, graduates, works, loves, spends and skips time on the way to 30', async () => {
    const client = await RawClient.open(ts.url);
    const welcome = await client.hello(await ts.token('scenario-life'));
    expect(welcome.t).toBe('welcome');
    const fields = welcome.fields as string[];
    const state = { ...(welcome.state as State) };
    const num = (name: string) => Number(state[name] ?? 0);
    const years = () => num('ageDays') / DAYS_PER_YEAR;
    let id = 0;
    const ok = async (name: string, args: unknown = {}) => {
      const reply = await client.command(++id, name, args);
      expect(reply, `${name} ${JSON.stringify(args)}`).toMatchObject({ t: 'ack' });
      return (reply.result ?? {}) as Record<string, unknown>;
    };
    /** Fold update frames into the client's copy of the state. */
    const apply = (f: Frame) => {
      for (const [k, v] of Object.entries(f.d as Record<number, number>))
        state[fields[Number(k)]!] = v;
    };

    // -- the start of a life -----------------------------------------------------
    await ok('characterSetup', { firstName: 'Ada', lastName: 'Tick', sex: 'female' });
    const reward = await ok('claimDailyReward');
    expect(reward).toBeTruthy();
    expect(await client.command(++id, 'claimDailyReward')).toMatchObject({ code: 'CONFLICT' });
    await ok('focusUpdate', { focus: 'academics' });
    await ok('setSpeed', { level: 5 });

    const did = {
      answered: 0,
      college: false,
      hired: '' as string,
      dated: false,
      matched: false,
      bought: false,
      skipped: false,
      sawSchool: false,
      sawJob: false,
      sawPartner: false,
    };
    const answer = async (event: GameEvent) => {
      const options = event.options ?? [];
      const free = options.filter((o) => !o.cost || Object.values(o.cost).every((v) => !v));
      const pick =
        event.id === 'college.application'
          ? options.find((o) => o.id === 'go')!
          : event.id === 'college.major'
            ? options.find((o) => o.id === 'computer_science')!
            : (free.find((o) => !/drop_out|quit|skip|not_yet/.test(o.id)) ?? free[0]!);
      const reply = await client.command(++id, 'answer', { eventId: event.id, optionId: pick.id });
      expect(reply, `answer ${event.id}/${pick.id}`).toMatchObject({ t: 'ack' });
      did.answered++;
      if (event.id === 'college.major') did.college = true;
    };

    // -- live it ---------------------------------------------------------------------
    while (years() < 30 && num('alive') === 1) {
      const f = await client.next((x) => x.t === 'update' || x.t === 'event');
      if (f.t === 'update') {
        apply(f);
      } else {
        const event = f.event as GameEvent;
        if (event.kind !== 'message') await answer(event);
        continue;
      }
      const flags = num('flags');
      if (num('school') !== School.none) did.sawSchool = true;
      if (num('job') !== 0) did.sawJob = true;
      if ((flags & Flag.hasPartner) !== 0) did.sawPartner = true;
      const age = years();
      const inSchool = num('school') !== School.none;

      // Work: once schooling is over, apply for the best job on offer.
      if (!did.hired && age >= 18 && !inSchool && num('pendingEvent') === 0) {
        const jobs = (await ok('getJobs')).jobs as {
          id: string;
          eligible: boolean;
          salary: number;
        }[];
        const best = jobs.filter((j) => j.eligible).sort((a, b) => b.salary - a.salary)[0];
        if (best) {
          const hired = await ok('applyForJob', { jobId: best.id });
          expect(hired).toBeTruthy();
          did.hired = best.id;
        }
      }
      // Love: swipe until a match (or take the partner life already brought), then a date.
      if (!did.dated && age >= 19 && num('pendingEvent') === 0) {
        if ((flags & Flag.hasPartner) === 0) {
          const candidate = await ok('getSwipeCharacter');
          const match = await ok('swipeMatch', { candidateId: candidate.candidateId, like: true });
          if (match.matched) did.matched = true;
        }
        const snapshot = await ok('getState');
        const partner = (snapshot.npcs as { id: number; role: string }[]).find(
          (n) => n.role === 'partner',
        );
        if (partner && num('money') >= 100 && num('energy') >= 20) {
          const before = (snapshot.npcs as { id: number; affinity: number }[]).find(
            (n) => n.id === partner.id,
          )!.affinity;
          await ok('dateNight', { npcId: partner.id });
          const after = (
            (await ok('retrievePerson', { npcId: partner.id })).npc as { affinity: number }
          ).affinity;
          expect(after).toBeGreaterThanOrEqual(Math.min(100, before));
          did.dated = true;
        }
      }
      // Spend: a purchase, retried with the same id, applied once.
      if (!did.bought && age >= 21 && num('money') >= 200) {
        // The clock is paused meanwhile: a payday between the two getStates
        // would hide the price.
        await ok('setSpeed', { level: 0 });
        const moneyBefore = (await ok('getState')).money as number;
        const first = await ok('purchaseItem', {
          itemId: 'clothes',
          purchaseId: 'scenario-clothes-1',
        });
        const again = await ok('purchaseItem', {
          itemId: 'clothes',
          purchaseId: 'scenario-clothes-1',
        });
        expect(again).toEqual(first);
        const moneyAfter = (await ok('getState')).money as number;
        expect(moneyBefore - moneyAfter).toBeGreaterThanOrEqual(first.price as number);
        expect(moneyBefore - moneyAfter).toBe(first.price);
        did.bought = true;
        await ok('setSpeed', { level: 5 });
      }
      // Time: buy diamonds with a (development) receipt, then a one-day skip.
      // The clock is paused first: each purchase waits for its save, and a
      // question firing meanwhile would (rightly) refuse the skip.
      if (!did.skipped && age >= 25 && num('pendingEvent') === 0) {
        await ok('setSpeed', { level: 0 });
        if (((await ok('getState')).pendingEvent as number) === 0) {
          await ok('purchaseInAppItem', {
            productId: 'diamonds_100',
            platform: 'dev',
            receipt: 'dev:diamonds_100:scenario-1',
            purchaseId: 'scenario-iap-1',
          });
          const before = (await ok('getState')) as Record<string, number>;
          const skip = await ok('purchaseTimeSkip', {
            duration: '1d',
            purchaseId: 'scenario-skip-1',
          });
          const passed = skip.minutesPassed as number;
          expect(passed).toBeGreaterThan(0);
          const after = (await ok('getState')) as Record<string, number>;
          // The clock moved by exactly the minutes the skip reports: a whole
          // day, or less only where a question fired on the way and stopped it.
          const lived = (x: Record<string, number>) => x.ageDays! * 1440 + x.minuteOfDay!;
          expect(lived(after) - lived(before)).toBe(passed);
          expect(after.ageDays).toBe(
            before.ageDays! + Math.floor((before.minuteOfDay! + passed) / 1440),
          );
          expect(
            passed === 1440 || after.pendingEvent !== 0,
            `${passed} minutes, no question`,
          ).toBe(true);
          did.skipped = true;
        }
        await ok('setSpeed', { level: 5 });
      }
    }

    // -- thirty -----------------------------------------------------------------------
    await ok('setSpeed', { level: 0 });
    const end = await ok('getState');
    const stats = await ok('getPlayerStatistics');
    console.log(
      `life at 30: ${did.answered} questions answered; education ${JSON.stringify(stats.education)}; ` +
        `career ${JSON.stringify(stats.career)}; relationships ${JSON.stringify(stats.relationships)}; ` +
        `money ${end.money}, diamonds ${end.diamonds}; counters ${JSON.stringify(stats.counters)}`,
    );
    expect(end.alive).toBe(1);
    expect(end.profile).toMatchObject({ firstName: 'Ada', lastName: 'Tick' });
    expect(did.sawSchool).toBe(true);
    expect(end.educationDone as number).toBeGreaterThanOrEqual(School.highSchool);
    expect(did.college).toBe(true);
    expect(end.educationDone).toBe(School.college);
    expect(did.hired).not.toBe('');
    expect(did.sawJob).toBe(true);
    expect(did.sawPartner || did.matched).toBe(true);
    expect(did.dated).toBe(true);
    expect(did.bought).toBe(true);
    expect(did.skipped).toBe(true);
    expect(did.answered).toBeGreaterThan(10);
    const counters = stats.counters as Record<string, number>;
    expect(counters.dates).toBeGreaterThanOrEqual(1);
    expect(counters.purchases).toBeGreaterThanOrEqual(3);
    const rewards = await ok('getDailyRewards');
    expect(rewards.streak).toBe(1);
    client.close();
  }, 240_000);
});
