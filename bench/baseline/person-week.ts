/**
 * The baseline's weekly rules over Person objects: work, school,
 * activities, health and money, the same game as sim/weekly.ts and the
 * files it calls. Numbers private to those files are repeated here; the
 * equivalence test (tests/bench/baseline.test.ts) holds the two equal.
 */
import { ACTIVITY_TABLE, MAX_ACTIVITIES } from '../../src/content/activities.ts';
import { CONDITIONS } from '../../src/content/conditions.ts';
import { JOB_TABLE, MIN_WORKING_AGE } from '../../src/content/jobs.ts';
import {
  DRINKER_VITALITY,
  EXERCISE_STRESS,
  EXERCISE_VITALITY,
  HEALING_PER_WEEK,
  QUIT_RELAPSE,
  QUIT_SUCCESS,
  SMOKER_VITALITY,
  VITALITY,
  WITHDRAWAL_STRESS,
} from '../../src/sim/health.ts';
import { STRESSED } from '../../src/sim/school-rules.ts';
import { LIVING_COST, PENSION } from '../../src/sim/weekly.ts';
import {
  FIRING_LINE,
  FULL_RETIREMENT_AGE,
  PROMOTION_LINE,
  RETIREMENT_AGE,
  weeksForRung,
} from '../../src/sim/work-rules.ts';
import { chanceThreshold } from '../../src/world/chance.ts';
import { ageInYears, Flag, Focus, Habit, School, Stage } from '../../src/world/life.ts';
import { FIELD_INDEX as F } from '../../src/world/schema.ts';
import { add, addMoney, below, next, type Person, stat } from './person.ts';
import { indexedAge, leaveJob, promote, retire } from './person-events.ts';

// sim/work-rules.ts
const FIRING_ODDS = 4;
const PROMOTION_ODDS = 6;
const WEEK_SWING = 7;
const STRESSED_WORK_WEEK = -3;
const PROMOTION_HAPPINESS = 10;
const FIRED_HAPPINESS = -15;
const FIRED_STRESS = 10;
const RETIRE_WEEKLY = chanceThreshold(1 - 0.7 ** (1 / 52));
// sim/school-rules.ts
const STRESSED_WEEK = -3;
const CALM_WEEK = 1;
const CALM = 30;
const EXHAUSTED = 20;
const EXHAUSTED_WEEK = -2;
const HOMEWORK = 1;
// sim/activities.ts
const TASTE_ODDS = 8;
// sim/health.ts
const MIN_VITALITY = 10;

function weeklyWork(p: Person): void {
  const years = ageInYears(p.ageDays);
  if (years >= RETIREMENT_AGE && (p.flags & Flag.retired) === 0) {
    if (years >= FULL_RETIREMENT_AGE || next(p) < RETIRE_WEEKLY) {
      retire(p);
      return;
    }
  }
  const job = p.job;
  if (job === 0) return;
  if (years < MIN_WORKING_AGE) {
    leaveJob(p);
    return;
  }
  addMoney(p, p.salary);
  add(p, F.jobWeeks, 1);
  let d = below(p, WEEK_SWING) - (WEEK_SWING >> 1);
  if (p.stress > STRESSED) d += STRESSED_WORK_WEEK;
  if (d !== 0) add(p, F.jobPerformance, d);
  const perf = p.jobPerformance;
  const level = p.jobLevel;
  if (
    perf >= PROMOTION_LINE &&
    level + 1 < JOB_TABLE.rungs[job - 1]! &&
    p.jobWeeks >= weeksForRung(level + 1) &&
    below(p, PROMOTION_ODDS) === 0
  ) {
    promote(p);
    add(p, F.happiness, PROMOTION_HAPPINESS);
  } else if (perf < FIRING_LINE && below(p, FIRING_ODDS) === 0) {
    leaveJob(p);
    add(p, F.happiness, FIRED_HAPPINESS);
    add(p, F.stress, FIRED_STRESS);
  }
}

function weeklySchool(p: Person): void {
  if (p.school === School.none) return;
  let d = p.stress > STRESSED ? STRESSED_WEEK : p.stress < CALM ? CALM_WEEK : 0;
  if (p.energy < EXHAUSTED) d += EXHAUSTED_WEEK;
  if (p.focus === Focus.academics) d += HOMEWORK;
  if (d !== 0) add(p, F.schoolPerformance, d);
}

function activityBlocked(p: Person, k: number): boolean {
  const t = ACTIVITY_TABLE;
  const years = ageInYears(p.ageDays);
  return (
    years < t.minAge[k]! ||
    years > t.maxAge[k]! ||
    (t.needsSchool[k] === 1 && p.school === School.none) ||
    p.schoolPerformance < t.minPerformance[k]! ||
    p.gpa < t.minGpa[k]!
  );
}

function weeklyActivities(p: Person): void {
  let bits = p.extracurriculars;
  if (bits === 0) return;
  const t = ACTIVITY_TABLE;
  let kept = 0;
  while (bits !== 0) {
    const k = 31 - Math.clz32(bits & -bits);
    bits &= bits - 1;
    if (kept === MAX_ACTIVITIES || activityBlocked(p, k)) {
      p.extracurriculars &= ~(1 << k);
      continue;
    }
    kept++;
    for (let j = t.deltaStart[k]!, end = t.deltaStart[k + 1]!; j < end; j++)
      add(p, t.deltaField[j]!, t.delta[j]!);
    if (below(p, TASTE_ODDS) === 0) {
      p.interests = (p.interests | t.tags[k]!) >>> 0;
      p.dislikes = (p.dislikes & ~t.tags[k]!) >>> 0;
    }
  }
}

function quitWeek(p: Person, habit: 'smoking' | 'drinking'): void {
  const { flag, bit } = Habit[habit];
  if ((p.quitting & bit) === 0) return;
  if ((p.flags & flag) === 0) {
    p.quitting &= ~bit;
    return;
  }
  add(p, F.stress, WITHDRAWAL_STRESS);
  const u = next(p);
  const success = QUIT_SUCCESS[habit];
  if (u < success) p.flags = (p.flags & ~flag) >>> 0;
  else if (u >= success + QUIT_RELAPSE[habit]) return;
  p.quitting &= ~bit;
}

const CONDITION_HEALTH = CONDITIONS.map((k) => k.weeklyHealth);
const CONDITION_RECOVERY = CONDITIONS.map((k) => chanceThreshold(k.weeklyRecovery));
const CONDITION_CAUSE_FLAG = CONDITIONS.map((k) => (k.cause ? Flag[k.cause.habit] : 0));
const CONDITION_CAUSE_CHANCE = CONDITIONS.map((k) => chanceThreshold(k.cause?.weeklyChance ?? 0));
const CONDITION_CAUSE_AGE = CONDITIONS.map((k) => k.cause?.fromAge ?? 0);
const CAUSE_FLAGS = CONDITION_CAUSE_FLAG.reduce((m, f) => m | f, 0);

function weeklyHealth(p: Person): void {
  if (p.quitting !== 0) {
    quitWeek(p, 'smoking');
    quitWeek(p, 'drinking');
    p.quitting &= ~Habit.exercise.bit;
  }
  const years = indexedAge(p);
  const flags = p.flags;
  let settle = VITALITY[years]!;
  if ((flags & Flag.smoker) !== 0) settle += SMOKER_VITALITY;
  if ((flags & Flag.drinker) !== 0) settle += DRINKER_VITALITY;
  if ((flags & Flag.exercises) !== 0) {
    settle += EXERCISE_VITALITY;
    add(p, F.stress, EXERCISE_STRESS);
  }
  settle = settle < MIN_VITALITY ? MIN_VITALITY : settle > 100 ? 100 : settle;
  const health = p.health;
  if (health < settle) add(p, F.health, Math.min(HEALING_PER_WEEK, settle - health));
  else if (health > settle) add(p, F.health, -Math.min(HEALING_PER_WEEK, health - settle));
  let conditions = p.conditions;
  for (let k = 0; k < CONDITIONS.length; k++) {
    const bit = 1 << k;
    if ((conditions & bit) === 0) continue;
    add(p, F.health, CONDITION_HEALTH[k]!);
    if (CONDITION_RECOVERY[k]! > 0 && next(p) < CONDITION_RECOVERY[k]!) conditions &= ~bit;
  }
  if ((flags & CAUSE_FLAGS) !== 0) {
    for (let k = 0; k < CONDITIONS.length; k++) {
      const bit = 1 << k;
      const cause = CONDITION_CAUSE_FLAG[k]!;
      if (cause === 0 || (flags & cause) === 0 || (conditions & bit) !== 0) continue;
      if (years >= CONDITION_CAUSE_AGE[k]! && next(p) < CONDITION_CAUSE_CHANCE[k]!)
        conditions |= bit;
    }
  }
  p.conditions = conditions;
  const ill = conditions !== 0;
  p.flags = (ill ? p.flags | Flag.ill : p.flags & ~Flag.ill) >>> 0;
}

/** Monday 00:00 (sim/weekly.ts). */
export function weekly(p: Person): void {
  weeklyWork(p);
  weeklySchool(p);
  weeklyActivities(p);
  weeklyHealth(p);
  if (p.stage >= Stage.adult) {
    addMoney(p, -LIVING_COST);
    if ((p.flags & Flag.retired) !== 0) addMoney(p, PENSION);
  }
  if (p.money < 0) p.stress = stat(p.stress + 5);
  p.happiness = stat(p.happiness + Math.trunc((100 - p.stress - p.happiness) / 8));
}
