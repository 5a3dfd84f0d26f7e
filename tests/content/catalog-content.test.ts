import { beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, compileCatalog } from '../../src/content/catalog.ts';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import type { EventDef } from '../../src/content/event-schema.ts';
import { ADOLESCENCE_EVENTS } from '../../src/content/events/adolescence.ts';
import { ADULTHOOD_EVENTS } from '../../src/content/events/adulthood.ts';
import { CHILDHOOD_EVENTS } from '../../src/content/events/childhood.ts';
import { DILEMMA_EVENTS } from '../../src/content/events/dilemmas.ts';
import { HEALTH_EVENTS } from '../../src/content/events/health.ts';
import { HOLIDAY_EVENTS } from '../../src/content/events/holidays.ts';
import { ALL_EVENTS } from '../../src/content/events/index.ts';
import { NEGATIVE_EVENTS } from '../../src/content/events/negative.ts';
import { OLD_AGE_EVENTS } from '../../src/content/events/old-age.ts';
import { RANDOM_EVENTS } from '../../src/content/events/random.ts';
import { SCHOOL_EVENTS } from '../../src/content/events/school.ts';
import { STARTER_EVENTS } from '../../src/content/events.ts';
import { answerQuestionsAutomatically } from '../../src/engine/auto-answer.ts';
import { Engine } from '../../src/engine/engine.ts';
import { setSpeed } from '../../src/sim/actions.ts';
import { MAX_SPEED } from '../../src/sim/clock.ts';
import { historyHas } from '../../src/sim/events.ts';
import { CHANCE_ONE } from '../../src/world/chance.ts';
import { DAYS_PER_YEAR, Flag, Interest } from '../../src/world/life.ts';

const cat = defaultCatalog();

/** The groups this content owns, with the fewest events each must hold. */
const GROUPS: readonly [string, readonly EventDef[], number][] = [
  ['starter', STARTER_EVENTS, 35],
  ['childhood', CHILDHOOD_EVENTS, 20],
  ['adolescence', ADOLESCENCE_EVENTS, 15],
  ['school', SCHOOL_EVENTS, 15],
  ['adulthood', ADULTHOOD_EVENTS, 30],
  ['old age', OLD_AGE_EVENTS, 10],
  ['holidays', HOLIDAY_EVENTS, 10],
  ['health', HEALTH_EVENTS, 15],
  ['random', RANDOM_EVENTS, 12],
  ['negative', NEGATIVE_EVENTS, 12],
  ['dilemmas', DILEMMA_EVENTS, 15],
];
const OWNED: readonly EventDef[] = GROUPS.flatMap(([, events]) => events);

// Per-age ceiling on the sum of every random candidate's hourly chance. The
// sum is an upper bound on how often an hour brings an event (most candidates
// wait for a flag, a stat or a person); 8% keeps even a life that meets every
// condition at a handful of events a day at most, and leaves the one-draw
// check its cheap exit (sim/events.ts) on more than nine hours in ten.
const MAX_CHANCE_PER_HOUR = 0.08;

/** Ids of the dilemma steps reachable from a dilemma's first step, itself included. */
function stepsFrom(c: Catalog, root: number): Set<number> {
  const seen = new Set<number>([root]);
  const todo = [root];
  while (todo.length > 0) {
    for (const o of c.options[todo.pop()!]!) {
      if (o.next >= 0 && !seen.has(o.next)) {
        seen.add(o.next);
        todo.push(o.next);
      }
    }
  }
  return seen;
}

/** Longest chain of steps from a dilemma's first step (1 for a single step). */
function depthFrom(c: Catalog, i: number, path: ReadonlySet<number> = new Set()): number {
  let deepest = 0;
  for (const o of c.options[i]!) {
    if (o.next >= 0 && !path.has(o.next))
      deepest = Math.max(deepest, depthFrom(c, o.next, new Set([...path, i])));
  }
  return 1 + deepest;
}

describe('the event catalog', () => {
  it('compiles, with ids, job ids, condition ids and fields all resolved', () => {
    // compileCatalog checks every name against the schema, the job, major and
    // condition tables and the other events: compiling is the check.
    expect(() => compileCatalog(ALL_EVENTS)).not.toThrow();
    expect(cat.defs.length).toBe(ALL_EVENTS.length);
    const death = STARTER_EVENTS[0]!;
    const asking = (effects: Record<string, unknown>) => ({
      id: 'x.bad',
      kind: 'question',
      title: 'T',
      text: 'T',
      when: { age: [20, 30], chance: 0.001 },
      options: [{ id: 'a', label: 'A', effects }],
    });
    expect(() => compileCatalog([death, asking({ job: 'astronaut' })])).toThrow(/effects\.job/);
    expect(() => compileCatalog([death, asking({ conditions: { add: ['gout'] } })])).toThrow(
      /effects\.conditions\.add/,
    );
    expect(() => compileCatalog([death, asking({ stats: { charm: 5 } })])).toThrow(
      /effects\.stats/,
    );
  });

  it('holds at least 150 events, every group with its share', () => {
    expect(cat.defs.length).toBeGreaterThanOrEqual(150);
    for (const [name, events, min] of GROUPS) {
      expect(events.length, name).toBeGreaterThanOrEqual(min);
    }
  });

  it('keeps each group to its own id prefix', () => {
    const prefixes: Record<string, readonly string[]> = {
      childhood: ['baby.', 'child.'],
      adolescence: ['teen.'],
      school: ['school.'],
      adulthood: ['adult.'],
      'old age': ['senior.'],
      holidays: ['holiday.'],
      health: ['health.'],
      random: ['random.'],
      negative: ['negative.'],
      dilemmas: ['dilemma.'],
    };
    for (const [name, events] of GROUPS) {
      const allowed = prefixes[name];
      if (!allowed) continue;
      for (const e of events) {
        expect(
          allowed.some((p) => e.id.startsWith(p)),
          `${name}: ${e.id}`,
        ).toBe(true);
      }
    }
  });

  it('has all three kinds, and at least six dilemmas of two or more reachable steps', () => {
    const kinds = new Set(cat.defs.map((d) => d.kind));
    expect([...kinds].sort()).toEqual(['dilemma', 'message', 'question']);
    const roots = cat.defs.flatMap((d, i) => (d.kind === 'dilemma' && d.when ? [i] : []));
    const multiStep = roots.filter((i) => depthFrom(cat, i) >= 2);
    expect(multiStep.length).toBeGreaterThanOrEqual(6);
    expect(roots.filter((i) => depthFrom(cat, i) >= 3).length).toBeGreaterThanOrEqual(3);
    for (const i of multiStep) {
      for (const step of stepsFrom(cat, i)) expect(cat.defs[step]!.kind).toBe('dilemma');
    }
  });

  it('leaves no step unreachable: every event without `when` is a named next step', () => {
    const named = new Set<number>();
    for (const opts of cat.options) for (const o of opts) if (o.next >= 0) named.add(o.next);
    for (const e of OWNED) {
      if (e.when || e.id === 'life.death') continue;
      expect(named.has(cat.indexById.get(e.id)!), e.id).toBe(true);
    }
  });

  it('gives every question and dilemma step a free option, so no one is stuck', () => {
    for (const e of OWNED) {
      if (e.kind === 'message') continue;
      const free = (e.options ?? []).some(
        (o) => !o.cost || (!o.cost.energy && !o.cost.money && !o.cost.diamonds),
      );
      expect(free, e.id).toBe(true);
    }
  });

  it('tags events with every interest, each several times', () => {
    const uses = new Map<string, number>();
    for (const d of cat.defs) for (const t of d.tags ?? []) uses.set(t, (uses.get(t) ?? 0) + 1);
    for (const tag of Object.keys(Interest)) {
      expect(uses.get(tag) ?? 0, tag).toBeGreaterThanOrEqual(3);
    }
    const tagged = OWNED.filter((e) => (e.tags ?? []).length > 0).length;
    expect(tagged / OWNED.length).toBeGreaterThan(0.75);
  });

  it('has random candidates at every age from 0 to 100, never more than 8% an hour in all', () => {
    for (let age = 0; age <= 100; age++) {
      const candidates = cat.byAgeStart[age + 1]! - cat.byAgeStart[age]!;
      expect(candidates, `age ${age}`).toBeGreaterThanOrEqual(10);
      expect(cat.byAgeTotal[age]! / CHANCE_ONE, `age ${age}`).toBeLessThan(MAX_CHANCE_PER_HOUR);
    }
  });

  it('schedules holidays over the year, at least one in each quarter', () => {
    const days = cat.defs.flatMap((d) => (d.when?.day === undefined ? [] : [d.when.day]));
    expect(days.length).toBeGreaterThanOrEqual(12);
    for (const quarter of [0, 1, 2, 3]) {
      expect(
        days.some((d) => Math.floor(d / 91.25) === quarter),
        `quarter ${quarter}`,
      ).toBe(true);
    }
    for (const d of [0, 44, 303, 358]) expect(days).toContain(d);
    // No two scheduled events share a day and hour: one would hide the other.
    const slots = cat.defs.flatMap((d) =>
      d.when?.day === undefined ? [] : [`${d.when.day}:${d.when.hour}`],
    );
    expect(new Set(slots).size).toBe(slots.length);
  });

  it('touches a partner, child, pet, sibling or ex only where the person has one or gains one', () => {
    // An effect on an NPC the player lacks introduces one (sim/effects.ts):
    // right for a birth or a first date, wrong for a will or an argument.
    const had: Record<string, (w: EventDef['when']) => boolean> = {
      partner: (w) => (w?.all ?? []).some((f) => ['hasPartner', 'engaged', 'married'].includes(f)),
      child: (w) => (w?.all ?? []).includes('hasChild'),
      pet: (w) => (w?.all ?? []).includes('hasPet'),
      sibling: () => false,
      ex: () => false,
    };
    const gained: Record<string, string> = {
      partner: 'hasPartner',
      child: 'hasChild',
      pet: 'hasPet',
      ex: 'divorced',
    };
    // A dilemma step is governed by the conditions of the step that starts it.
    const governing = new Map<number, EventDef['when']>();
    cat.defs.forEach((d, i) => {
      if (!d.when) return;
      for (const step of stepsFrom(cat, i)) if (!governing.has(step)) governing.set(step, d.when);
    });
    for (const e of OWNED) {
      const when = governing.get(cat.indexById.get(e.id)!);
      for (const fx of [e.effects, ...(e.options ?? []).map((o) => o.effects)]) {
        const role = fx?.npc?.role;
        if (!role || !(role in had)) continue;
        const ok =
          when?.npc?.role === role ||
          had[role]!(when) ||
          (fx?.setFlags ?? []).some((f) => f === gained[role]);
        expect(ok, `${e.id}: ${role}`).toBe(true);
      }
    }
  });

  it('shapes tastes, jobs, health and family through its options', () => {
    const effects = OWNED.flatMap((e) => [e.effects, ...(e.options ?? []).map((o) => o.effects)]);
    const some = (p: (x: NonNullable<EventDef['effects']>) => boolean) =>
      effects.filter((x) => x !== undefined && p(x)).length;
    expect(some((x) => (x.interests?.length ?? 0) > 0)).toBeGreaterThanOrEqual(30);
    expect(some((x) => (x.dislikes?.length ?? 0) > 0)).toBeGreaterThanOrEqual(3);
    expect(some((x) => x.job !== undefined && x.job !== 'none')).toBeGreaterThanOrEqual(8);
    expect(some((x) => x.job === 'none')).toBeGreaterThanOrEqual(4);
    expect(some((x) => (x.conditions?.add?.length ?? 0) > 0)).toBeGreaterThanOrEqual(8);
    expect(some((x) => (x.conditions?.cure?.length ?? 0) > 0)).toBeGreaterThanOrEqual(5);
    for (const role of ['friend', 'partner', 'coworker', 'sibling', 'pet', 'child', 'ex']) {
      expect(
        some((x) => x.npc?.role === role),
        role,
      ).toBeGreaterThanOrEqual(2);
    }
    for (const flag of ['engaged', 'married', 'tryingForChild', 'hasChild', 'divorced'] as const) {
      expect(
        some((x) => x.setFlags?.includes(flag) ?? false),
        flag,
      ).toBeGreaterThanOrEqual(1);
    }
    expect(OWNED.filter((e) => e.reward).length).toBeGreaterThanOrEqual(8);
  });
});

// -- a smoke run -------------------------------------------------------------------------------

const LIVES = 200;
const YEARS = 20;
// Game time 100 times the top speed: 25,000 game minutes (17 days) a tick at
// 20 Hz, so a life stops at most 17 days past its 20th birthday.
const TIME_SCALE = 100;
// A life needs about 430 ticks plus one per question; far more means a
// question nobody answered.
const MAX_TICKS = 20_000;

interface Outcome {
  /** Lives each event (or dilemma step) happened to, by catalog index. */
  readonly livesWith: Uint32Array;
  readonly graduated: number;
  readonly working: number;
}

/**
 * Live LIVES lives from birth for YEARS game years through sim/advance.ts as
 * the engine runs it (the bundled worker, so 35 million life-hours take
 * seconds), every question answered with the first option the person can
 * afford, as headless players do (src/engine/auto-answer.ts).
 */
async function liveLives(): Promise<Outcome> {
  const engine = new Engine({ capacity: LIVES, workers: 1, tickHz: 20, timeScale: TIME_SCALE });
  try {
    answerQuestionsAutomatically(engine);
    const slots = Array.from({ length: LIVES }, (_, p) =>
      engine.slotOf(engine.spawn({ seed: 2027, player: p, speed: MAX_SPEED })),
    );
    const c = engine.world.columns;
    const end = YEARS * DAYS_PER_YEAR;
    for (let tick = 0; ; tick++) {
      let living = 0;
      for (const s of slots) {
        if (c.alive[s] === 1 && c.ageDays[s]! < end) living++;
        else if (c.speed[s] !== 0) setSpeed(c, s, 0);
      }
      if (living === 0) break;
      if (tick === MAX_TICKS) throw new Error(`${living} lives still short of ${YEARS}`);
      await engine.tick();
    }
    const livesWith = new Uint32Array(engine.catalog.defs.length);
    let graduated = 0;
    let working = 0;
    for (const s of slots) {
      for (let i = 0; i < livesWith.length; i++) if (historyHas(c, s, i)) livesWith[i]!++;
      if ((c.flags[s]! & Flag.graduatedHighSchool) !== 0) graduated++;
      if (c.job[s] !== 0) working++;
    }
    return { livesWith, graduated, working };
  } finally {
    await engine.close();
  }
}

describe('twenty years of two hundred lives', () => {
  let outcome: Outcome;
  beforeAll(async () => {
    outcome = await liveLives();
  }, 300_000);

  it('reaches at least 80% of the events meant for ages 0 to 20', () => {
    const young = cat.defs.flatMap((d, i) => (d.when?.age && d.when.age[1] <= YEARS ? [i] : []));
    expect(young.length).toBeGreaterThanOrEqual(60);
    const missed = young.filter((i) => outcome.livesWith[i] === 0).map((i) => cat.defs[i]!.id);
    expect(
      (young.length - missed.length) / young.length,
      `never fired: ${missed.join(', ')}`,
    ).toBeGreaterThanOrEqual(0.8);
  });

  it('walks the dilemmas of youth to their later steps', () => {
    for (const id of ['dilemma.bully.showdown', 'dilemma.party.drinks', 'dilemma.party.ride']) {
      expect(outcome.livesWith[cat.indexById.get(id)!], id).toBeGreaterThan(0);
    }
  });

  it('leaves most lives through school and some in work', () => {
    expect(outcome.graduated).toBeGreaterThan(LIVES / 2);
    expect(outcome.working).toBeGreaterThan(0);
  });
});
