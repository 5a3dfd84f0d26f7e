/**
 * The baseline for bench `sim`: the design the original game used, written
 * as well as that design allows, running the whole game.
 *
 * The design: one object per player (bench/baseline/person.ts), and every
 * game minute stepped one at a time, the rules running on the minutes that
 * end an hour or a day. What it is given that the original lacked, so that
 * the bench measures the design and not a missing index:
 *  - the original game's age index of events, with each age's summed chance,
 *    so an hour whose draw is past every candidate looks at none
 *    (person-events.ts checkEvents), and a day index for scheduled events;
 *  - condition checks that read the compiled condition tables and allocate
 *    nothing;
 *  - the whole game's rules (school, work, health, habits, activities, mood,
 *    achievements, the tutorial, interest-weighted selection), the same
 *    catalog and the same per-player PRNG, drawn in the same order.
 * So both designs live the same lives: tests/bench/baseline.test.ts runs a
 * few hundred players over thousands of ticks on the full catalog through
 * both and requires the same events fired and the same field values.
 *
 * Pure helpers and tables with no design in them (the timetable, stage by
 * age, chance tables, salaries) are shared with the engine, not copied.
 */
import { ACHIEVEMENTS } from '../../src/content/achievements.ts';
import type { Catalog } from '../../src/content/catalog.ts';
import { CONDITIONS } from '../../src/content/conditions.ts';
import { JOB_TABLE } from '../../src/content/jobs.ts';
import { ACHIEVEMENTS_PER_DAY } from '../../src/sim/achievements.ts';
import {
  DAILY_ENERGY,
  FAMILIARITY_DECAY,
  HEALTH_DECLINE,
  HEALTH_DECLINE_SMOKER,
  peakEnergyFor,
} from '../../src/sim/daily.ts';
import {
  ACCIDENT,
  DEATH,
  DRINKER_DEATH_FACTOR,
  EXERCISE_DEATH_FACTOR,
  SMOKER_DEATH_FACTOR,
} from '../../src/sim/health.ts';
import {
  activityFor,
  contentFor,
  MEAL_COST,
  MEAL_HUNGER,
  RESTED_STRESS,
  STARVING,
} from '../../src/sim/hourly.ts';
import {
  HAPPY_FROM,
  HUNGRY_FROM,
  LONELY_BELOW,
  SAD_BELOW,
  SICK_BELOW,
  STRESSED_FROM,
  TIRED_BELOW,
} from '../../src/sim/mood.ts';
import {
  COLLEGE_YEARS,
  HIGH_SCHOOL_AGE,
  PASS_MARK,
  SCHOOL_END_AGE,
  SCHOOL_START_AGE,
  STRESSED,
  TIRED,
} from '../../src/sim/school-rules.ts';
import { CHANCE_ONE } from '../../src/world/chance.ts';
import {
  Activity,
  DAYS_PER_WEEK,
  DAYS_PER_YEAR,
  Flag,
  Focus,
  Interest,
  MAX_INDEXED_AGE,
  MINUTES_PER_DAY,
  MINUTES_PER_HOUR,
  Mood,
  School,
  Stage,
  stageForAge,
} from '../../src/world/life.ts';
import { addMoney, below, next, type Person, stat } from './person.ts';
import {
  checkEvents,
  conditionsHold,
  enrol,
  fire,
  graduate,
  indexedAge,
  reportAchievement,
} from './person-events.ts';
import { weekly } from './person-week.ts';

export { Person, personFromSlot, personState, slotState } from './person.ts';
export { autoAnswer } from './person-events.ts';

// sim/school-rules.ts and sim/work-rules.ts: chance out of 64 that an hour
// steps performance toward its target, and the targets, by focus.
const SCHOOL_STEP_OF_64 = [16, 24, 12, 12];
const SCHOOL_TARGET = [70, 88, 55, 55];
const WORK_STEP_OF_64 = [16, 24, 12, 12];
const WORK_TARGET = [76, 90, 64, 64];
const BOOKS_BONUS = 8;
const TASTE_BONUS = 8;
const TIRED_PENALTY = 20;
const STRESSED_PENALTY = 15;

function stepToward(current: number, target: number): number {
  return current === target ? current : stat(current + (current < target ? 1 : -1));
}

function schoolHour(p: Person): void {
  const focus = p.focus;
  const u = below(p, 64);
  if (u < SCHOOL_STEP_OF_64[focus]!) {
    let t = SCHOOL_TARGET[focus]!;
    if ((p.interests & Interest.books) !== 0) t += BOOKS_BONUS;
    else if ((p.dislikes & Interest.books) !== 0) t -= BOOKS_BONUS;
    if (p.energy <= TIRED) t -= TIRED_PENALTY;
    if (p.stress > STRESSED) t -= STRESSED_PENALTY;
    p.schoolPerformance = stepToward(p.schoolPerformance, t);
    return;
  }
  if (focus === Focus.academics) {
    if (u >= 24 && u < 32) p.stress = stat(p.stress + 1);
  } else if (focus === Focus.sports) {
    p.energy = stat(p.energy - 1);
    if (u >= 24 && u < 34) p.health = stat(p.health + 1);
    else if (u >= 34 && u < 42) p.happiness = stat(p.happiness + 1);
  } else if (focus === Focus.social) {
    if (u >= 24 && u < 34) p.social = stat(p.social + 1);
    else if (u >= 34 && u < 40) p.happiness = stat(p.happiness + 1);
  } else if (u >= 24 && u < 27) p.social = stat(p.social + 1);
  else if (u >= 27 && u < 30) p.health = stat(p.health + 1);
  else if (u >= 30 && u < 33) p.happiness = stat(p.happiness + 1);
}

function workHour(p: Person): void {
  if (p.job === 0) return;
  const focus = p.focus;
  const u = below(p, 64);
  if (u < WORK_STEP_OF_64[focus]!) {
    const tags = JOB_TABLE.tags[p.job - 1] ?? 0;
    let t = WORK_TARGET[focus]!;
    if ((tags & p.interests) !== 0) t += TASTE_BONUS;
    else if ((tags & p.dislikes) !== 0) t -= TASTE_BONUS;
    if (p.energy <= TIRED) t -= TIRED_PENALTY;
    if (p.stress > STRESSED) t -= STRESSED_PENALTY;
    p.jobPerformance = stepToward(p.jobPerformance, t);
    return;
  }
  if (focus === Focus.academics) {
    if (u >= 24 && u < 32) p.stress = stat(p.stress + 1);
  } else if (focus === Focus.sports) {
    if (u >= 24 && u < 30) p.health = stat(p.health + 1);
  } else if (focus === Focus.social) {
    if (u >= 24 && u < 34) p.social = stat(p.social + 1);
  } else if (u >= 24 && u < 27) p.social = stat(p.social + 1);
}

/** The mood the person's stats make (sim/mood.ts). */
function moodFor(p: Person): number {
  if ((p.flags & Flag.ill) !== 0 || p.conditions !== 0 || p.health < SICK_BELOW) return Mood.sick;
  if (p.hunger >= HUNGRY_FROM) return Mood.hungry;
  if (p.energy < TIRED_BELOW) return Mood.tired;
  if (p.stress >= STRESSED_FROM) return Mood.stressed;
  if (p.social < LONELY_BELOW) return Mood.lonely;
  if (p.happiness < SAD_BELOW) return Mood.sad;
  if (p.happiness >= HAPPY_FROM) return Mood.happy;
  return Mood.content;
}

/** The hour's schedule (sim/hourly.ts). */
function hourly(p: Person, hour: number): void {
  const act = activityFor(p.stage, p.flags, p.weekday, hour);
  p.activity = act;
  if (act === Activity.sleep) {
    if (p.energy < p.peakEnergy) p.energy = Math.min(p.peakEnergy, p.energy + 6);
    p.hunger = stat(p.hunger + 1);
    if (p.stress > RESTED_STRESS) p.stress = stat(p.stress - 1);
  } else if (act === Activity.school) {
    p.energy = stat(p.energy - 3);
    p.hunger = stat(p.hunger + 3);
    p.stress = stat(p.stress + 1);
    schoolHour(p);
  } else if (act === Activity.work) {
    p.energy = stat(p.energy - 4);
    p.hunger = stat(p.hunger + 3);
    p.stress = stat(p.stress + 2);
    workHour(p);
  } else {
    p.energy = stat(p.energy - 2);
    p.hunger = stat(p.hunger + 2);
    if (p.stress > RESTED_STRESS) p.stress = stat(p.stress - 1);
    if (p.energy <= 30 || p.hunger >= 60) p.happiness = stat(p.happiness - 1);
    else if (p.happiness < contentFor(p.social, p.stress)) p.happiness = stat(p.happiness + 1);
  }
  if ((hour === 7 || hour === 12 || hour === 18) && act !== Activity.sleep) {
    p.hunger = stat(p.hunger - MEAL_HUNGER);
    if (p.stage >= Stage.adult) addMoney(p, -MEAL_COST);
  }
  if (p.hunger >= STARVING) {
    p.happiness = stat(p.happiness - 1);
    if (below(p, 10) === 0) p.health = stat(p.health - 1);
  }
  if (p.energyReserve !== 0 && p.peakEnergy > p.energy) {
    const take = Math.min(p.peakEnergy - p.energy, p.energyReserve);
    p.energy += take;
    p.energyReserve -= take;
  }
  p.mood = moodFor(p);
}

function birthdaySchool(p: Person, years: number): void {
  const level = p.school;
  if (level !== School.none && p.schoolYears < 255) p.schoolYears++;
  if (level === School.none) {
    if (years >= SCHOOL_START_AGE && years < HIGH_SCHOOL_AGE && p.educationDone === School.none)
      enrol(p, School.elementary);
  } else if (level === School.elementary) {
    if (years >= HIGH_SCHOOL_AGE) {
      const perf = p.schoolPerformance;
      graduate(p);
      enrol(p, School.highSchool);
      p.schoolPerformance = perf;
    }
  } else if (
    level === School.highSchool ? years >= SCHOOL_END_AGE : p.schoolYears >= COLLEGE_YEARS
  ) {
    if (p.schoolPerformance >= PASS_MARK) graduate(p);
    else enrol(p, School.none);
  }
}

function birthday(p: Person): void {
  const years = indexedAge(p);
  p.stage = stageForAge(years);
  p.peakEnergy = peakEnergyFor(years);
  birthdaySchool(p, years);
  for (const npc of p.npcs) if (npc.role !== 0 && npc.age < 255) npc.age++;
}

const CONDITION_DEATH = CONDITIONS.map((k) => k.deathFactor);

function deathThreshold(p: Person, years: number): number {
  let t = DEATH[years]!;
  if (t > 0) {
    if ((p.flags & Flag.smoker) !== 0) t *= SMOKER_DEATH_FACTOR;
    if ((p.flags & Flag.drinker) !== 0) t *= DRINKER_DEATH_FACTOR;
    if ((p.flags & Flag.exercises) !== 0) t *= EXERCISE_DEATH_FACTOR;
    for (let k = 0; k < CONDITIONS.length; k++)
      if ((p.conditions & (1 << k)) !== 0) t *= CONDITION_DEATH[k]!;
  }
  t = Math.floor(t + ACCIDENT);
  return t < CHANCE_ONE - 1 ? t : CHANCE_ONE - 1;
}

// sim/achievements.ts: one window of ACHIEVEMENTS_PER_DAY achievements a day.
const WINDOWS = Math.max(1, Math.ceil(ACHIEVEMENTS.defs.length / ACHIEVEMENTS_PER_DAY));
const WINDOW_MASK = (1 << ACHIEVEMENTS_PER_DAY) - 1;

function dailyAchievements(p: Person, who: number, years: number, out: number[]): void {
  if (p.achievements === ACHIEVEMENTS.all) return;
  const window = p.ageDays % WINDOWS;
  let todo =
    (~p.achievements & ACHIEVEMENTS.all & (WINDOW_MASK << (window * ACHIEVEMENTS_PER_DAY))) >>> 0;
  let gained = 0;
  while (todo !== 0) {
    const k = 31 - Math.clz32(todo & -todo);
    todo = (todo & (todo - 1)) >>> 0;
    if (!conditionsHold(p, ACHIEVEMENTS, k, years)) continue;
    gained |= 1 << k;
    reportAchievement(who, k, out);
  }
  p.achievements = (p.achievements | gained) >>> 0;
}

/** Midnight (sim/daily.ts). */
function daily(p: Person, who: number, cat: Catalog, out: number[]): void {
  p.dayOfYear++;
  if (p.dayOfYear === DAYS_PER_YEAR) {
    p.dayOfYear = 0;
    p.year++;
  }
  p.weekday = (p.weekday + 1) % DAYS_PER_WEEK;
  p.ageDays++;
  if (p.ageDays % DAYS_PER_YEAR === 0) birthday(p);
  if (p.energy < p.peakEnergy) p.energy = Math.min(p.peakEnergy, p.energy + DAILY_ENERGY);
  for (const npc of p.npcs)
    if (npc.familiarity > 0) npc.familiarity = Math.max(0, npc.familiarity - FAMILIARITY_DECAY);
  const years = indexedAge(p);
  const decline =
    (p.flags & Flag.smoker) !== 0 ? HEALTH_DECLINE_SMOKER[years]! : HEALTH_DECLINE[years]!;
  if (decline > 0 && next(p) < decline) p.health = stat(p.health - 1);
  const death = deathThreshold(p, years > MAX_INDEXED_AGE ? MAX_INDEXED_AGE : years);
  if (p.health === 0 || (death > 0 && next(p) < death)) {
    p.alive = 0;
    fire(p, who, cat, cat.death, out);
    return;
  }
  if (p.weekday === 0) weekly(p);
  dailyAchievements(p, who, years, out);
}

/** A new player's next tutorial step, when one is due (sim/tutorial.ts). */
function tutorialStep(p: Person, who: number, cat: Catalog, out: number[]): boolean {
  if ((p.flags & Flag.tutorialDone) !== 0 || p.ageDays >= DAYS_PER_YEAR) return false;
  const step = p.tutorial;
  if (step >= cat.tutorial.length) return false;
  p.tutorial = step + 1;
  if (step + 1 === cat.tutorial.length) p.flags = (p.flags | Flag.tutorialDone) >>> 0;
  fire(p, who, cat, cat.tutorial[step]!, out);
  return true;
}

/** One game minute, the original game's unit of work. */
function stepMinute(p: Person, who: number, cat: Catalog, out: number[]): void {
  p.minuteOfDay++;
  if (p.minuteOfDay % MINUTES_PER_HOUR !== 0) return;
  if (p.minuteOfDay === MINUTES_PER_DAY) {
    p.minuteOfDay = 0;
    daily(p, who, cat, out);
    if (p.alive === 0 || p.pendingEvent !== 0) return;
  }
  const hour = p.minuteOfDay / MINUTES_PER_HOUR;
  hourly(p, hour);
  if (!tutorialStep(p, who, cat, out)) checkEvents(p, who, cat, hour, out);
}

/**
 * One tick for every person: earn time at their speed, then step it minute
 * by minute. Fired events and achievements go to `out` as pairs (person
 * index, report), as the engine reports them.
 */
export function tickPeople(
  people: readonly Person[],
  quanta: number,
  microsPerQuantum: Float64Array,
  cat: Catalog,
  out: number[],
): number {
  let minutes = 0;
  for (let who = 0; who < people.length; who++) {
    const p = people[who]!;
    if (p.speed === 0 || p.away !== 0 || p.pendingEvent !== 0 || p.alive === 0) continue;
    // Sub-minute progress in millionths of a minute (sim/clock.ts).
    const carry = p.carry + quanta * microsPerQuantum[p.speed]!;
    const whole = Math.floor(carry / 1_000_000);
    p.carry = carry - whole * 1_000_000;
    for (let m = 0; m < whole && p.pendingEvent === 0 && p.alive === 1; m++) {
      stepMinute(p, who, cat, out);
      minutes++;
    }
  }
  return minutes;
}
