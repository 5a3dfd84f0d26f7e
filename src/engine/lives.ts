import { JOBS } from '../content/jobs.ts';
import { ACHIEVEMENT_REPORT } from '../sim/events.ts';
import { DAYS_PER_YEAR, Flag, NpcRole, School } from '../world/life.ts';
import { NPC_SLOTS } from '../world/schema.ts';
import { answerQuestionsAutomatically } from './auto-answer.ts';
import { Engine } from './engine.ts';

/** Which lives to live and for how long. */
export interface LivesOptions {
  readonly players: number;
  readonly workers: number;
  readonly seed: number;
  /** Age (years) player n starts at: 0 for a newborn cohort. */
  readonly startAge: (player: number) => number;
  /** Years each life is lived from its start (it may end sooner); Infinity: until death. */
  readonly years: number;
  /** Lives never outlive this age (years); the rules make reaching it unlikely. */
  readonly maxAge?: number;
  /** Called now and then with a progress line. */
  readonly progress?: (line: string) => void;
}

/** What the lives came to. */
export interface LifeOutcomes {
  readonly players: number;
  readonly ticks: number;
  readonly seconds: number;
  readonly gameYearsLived: number;
  readonly alive: number;
  readonly dead: number;
  /** Deaths by decade of age: index 0 is 0-9, 1 is 10-19, ... */
  readonly deathsByDecade: number[];
  readonly medianDeathAge: number;
  /** Share of deaths at 60 or older. */
  readonly deathsOver60Share: number;
  /** Highest school level finished, by name. */
  readonly education: Record<string, number>;
  /** Lives born in this run (start age 0) that reached 18: whose schooling the rules decided. */
  readonly adultsFromBirth: number;
  /** Of those, the share that finished high school and the share that finished college. */
  readonly highSchoolShareOfAdultsFromBirth: number;
  readonly collegeShareOfAdultsFromBirth: number;
  /** Lives that held a job at some point (among those who reached 18). */
  readonly everEmployedShare: number;
  /** Lives seen holding a job before 13 (must be 0). */
  readonly employedUnder13: number;
  /** The last job each life held, counted by job id. */
  readonly lastJobs: Record<string, number>;
  readonly promoted: number;
  readonly married: number;
  readonly withChildren: number;
  readonly retired: number;
  /** Living lives that did not reach their target age: a life stuck at one age (must be 0). */
  readonly stuck: number;
  readonly events: number;
  readonly achievements: number;
}

// Each tick covers about one game day at the top speed (6 quanta of 250
// minutes at 20 Hz): long enough that the pool's per-task cost is small,
// short enough that a life paused by a question loses little time before
// it is answered in phase 2.
const TICK_HZ = 20;
const QUANTA_PER_TICK = 6;
const TOP_SPEED = 5;

/**
 * Live many lives headless and as fast as the cores allow (ticks back to
 * back, everyone at the top speed, questions answered like a bot would),
 * then summarise what became of them. Each life stops at its target age
 * (its speed set to 0), so a cohort ends together however often questions
 * paused its members.
 */
export async function liveLives(options: LivesOptions): Promise<LifeOutcomes> {
  const engine = new Engine({
    capacity: options.players,
    maxCapacity: options.players,
    workers: options.workers,
    tickHz: TICK_HZ,
  });
  const n = options.players;
  const maxAge = options.maxAge ?? 120;
  const targetDays = new Float64Array(n);
  const startDays = new Float64Array(n);
  const slots = new Int32Array(n);
  const deathAge = new Float64Array(n).fill(-1);
  const everEmployed = new Uint8Array(n);
  const reached18 = new Uint8Array(n);
  const under13 = new Uint8Array(n);
  const lastJob = new Uint16Array(n);
  const promoted = new Uint8Array(n);
  let events = 0;
  let achievements = 0;
  const started = performance.now();
  let ticks = 0;
  try {
    for (let p = 0; p < n; p++) {
      const age = options.startAge(p);
      const handle = engine.spawn({
        seed: options.seed,
        player: p,
        ageYears: age,
        speed: TOP_SPEED,
      });
      slots[p] = engine.slotOf(handle);
      startDays[p] = engine.world.columns.ageDays[slots[p]!]!;
      targetDays[p] = Math.min(
        maxAge * DAYS_PER_YEAR,
        startDays[p]! + options.years * DAYS_PER_YEAR,
      );
    }
    answerQuestionsAutomatically(engine);
    engine.onEvent((_slot, event) => {
      if (event >= ACHIEVEMENT_REPORT) achievements++;
      else events++;
    });
    const c = engine.world.columns;
    let running = n;
    let lastReport = performance.now();
    while (running > 0) {
      await engine.tick(QUANTA_PER_TICK);
      ticks++;
      running = 0;
      for (let p = 0; p < n; p++) {
        const s = slots[p]!;
        const days = c.ageDays[s]!;
        if (c.job[s] !== 0) {
          everEmployed[p] = 1;
          lastJob[p] = c.job[s]!;
          if (days < 13 * DAYS_PER_YEAR) under13[p] = 1;
          if (c.jobLevel[s]! > 0) promoted[p] = 1;
        }
        if (days >= 18 * DAYS_PER_YEAR) reached18[p] = 1;
        if (c.alive[s] === 0) {
          if (deathAge[p]! < 0) deathAge[p] = days / DAYS_PER_YEAR;
          continue;
        }
        if (days >= targetDays[p]!) {
          c.speed[s] = 0;
          continue;
        }
        running++;
      }
      if (options.progress && performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        options.progress(`tick ${ticks}: ${running} of ${n} lives still going`);
      }
    }
    let alive = 0;
    let stuck = 0;
    let married = 0;
    let withChildren = 0;
    let retired = 0;
    let gameDays = 0;
    const education: Record<string, number> = {};
    const lastJobs: Record<string, number> = {};
    const schoolNames = Object.keys(School);
    const deaths: number[] = [];
    for (let p = 0; p < n; p++) {
      const s = slots[p]!;
      const flags = c.flags[s]!;
      if (c.alive[s] === 1) {
        alive++;
        if (c.ageDays[s]! < targetDays[p]!) stuck++;
      } else {
        deaths.push(deathAge[p]!);
      }
      const level = schoolNames[c.educationDone[s]!] ?? 'none';
      education[level] = (education[level] ?? 0) + 1;
      if (lastJob[p]! > 0) {
        const id = JOBS[lastJob[p]! - 1]?.id ?? 'unknown';
        lastJobs[id] = (lastJobs[id] ?? 0) + 1;
      }
      if ((flags & Flag.married) !== 0) married++;
      if ((flags & Flag.hasChild) !== 0 || hasRole(c.npcRole, s, NpcRole.child)) withChildren++;
      if ((flags & Flag.retired) !== 0) retired++;
      gameDays += c.ageDays[s]! - startDays[p]!;
    }
    deaths.sort((a, b) => a - b);
    const deathsByDecade = Array.from({ length: Math.ceil(maxAge / 10) + 1 }, () => 0);
    for (const age of deaths)
      deathsByDecade[Math.min(deathsByDecade.length - 1, Math.floor(age / 10))]!++;
    let adults = 0;
    let employedAdults = 0;
    let fromBirth = 0;
    let fromBirthHighSchool = 0;
    let fromBirthCollege = 0;
    for (let p = 0; p < n; p++) {
      if (reached18[p] === 0) continue;
      adults++;
      employedAdults += everEmployed[p]!;
      // Schooling is decided by the rules only for lives that started before
      // school did; older starters had theirs drawn at creation.
      if (options.startAge(p) !== 0 || c.ageDays[slots[p]!]! < 23 * DAYS_PER_YEAR) continue;
      fromBirth++;
      const done = c.educationDone[slots[p]!]!;
      if (done >= School.highSchool) fromBirthHighSchool++;
      if (done >= School.college) fromBirthCollege++;
    }
    return {
      players: n,
      ticks,
      seconds: (performance.now() - started) / 1000,
      gameYearsLived: gameDays / DAYS_PER_YEAR,
      alive,
      dead: deaths.length,
      deathsByDecade,
      medianDeathAge: deaths.length > 0 ? deaths[Math.floor(deaths.length / 2)]! : Number.NaN,
      deathsOver60Share:
        deaths.length > 0 ? deaths.filter((a) => a >= 60).length / deaths.length : 0,
      education,
      adultsFromBirth: fromBirth,
      highSchoolShareOfAdultsFromBirth: fromBirth > 0 ? fromBirthHighSchool / fromBirth : 0,
      collegeShareOfAdultsFromBirth: fromBirth > 0 ? fromBirthCollege / fromBirth : 0,
      everEmployedShare: adults > 0 ? employedAdults / adults : 0,
      employedUnder13: under13.reduce((a, b) => a + b, 0),
      lastJobs,
      promoted: promoted.reduce((a, b) => a + b, 0),
      married,
      withChildren,
      retired,
      stuck,
      events,
      achievements,
    };
  } finally {
    await engine.close();
  }
}

function hasRole(roles: Uint8Array, s: number, role: number): boolean {
  for (let k = 0; k < NPC_SLOTS; k++) if (roles[s * NPC_SLOTS + k] === role) return true;
  return false;
}
