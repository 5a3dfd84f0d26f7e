/**
 * The baseline's events, effects and answers over Person objects: the same
 * game as sim/events.ts, sim/effects.ts, sim/work.ts, sim/school.ts and
 * engine/auto-answer.ts, written for the object-per-player design.
 */
import {
  type Catalog,
  type CompiledEffects,
  type ConditionTable,
  EventKind,
} from '../../src/content/catalog.ts';
import { MIN_WORKING_AGE, salaryFor } from '../../src/content/jobs.ts';
import { ACHIEVEMENT_REPORT, interestWeight } from '../../src/sim/events.ts';
import { STARTING_SCHOOL_PERFORMANCE } from '../../src/sim/school.ts';
import { PROMOTION_PERFORMANCE_DROP, STARTING_PERFORMANCE } from '../../src/sim/work.ts';
import { CHANCE_ONE } from '../../src/world/chance.ts';
import { ageInYears, Flag, MAX_INDEXED_AGE, NpcRole, School } from '../../src/world/life.ts';
import { add, below, FIELD_NAMES, hasHappened, next, type Person, remember } from './person.ts';

// The largest threshold is "always" (sim/events.ts): no draw is spent on it.
const ALWAYS = 2 ** 32 - 1;

export function indexedAge(p: Person): number {
  const years = ageInYears(p.ageDays);
  return years > MAX_INDEXED_AGE ? MAX_INDEXED_AGE : years;
}

/** Whether rule `i` of a condition table holds for the person (sim/conditions.ts). */
export function conditionsHold(p: Person, t: ConditionTable, i: number, age: number): boolean {
  if (age < t.minAge[i]! || age > t.maxAge[i]!) return false;
  if ((t.stageMask[i]! & (1 << p.stage)) === 0) return false;
  const all = t.flagsAll[i]!;
  if ((p.flags & all) >>> 0 !== all || (p.flags & t.flagsNone[i]!) !== 0) return false;
  const f1 = t.stat1[i]!;
  if (f1 >= 0) {
    const v = p[FIELD_NAMES[f1]!];
    if (v < t.stat1Min[i]! || v > t.stat1Max[i]!) return false;
    const f2 = t.stat2[i]!;
    if (f2 >= 0) {
      const w = p[FIELD_NAMES[f2]!];
      if (w < t.stat2Min[i]! || w > t.stat2Max[i]!) return false;
    }
  }
  const anyCondition = t.anyCondition[i]!;
  if (anyCondition !== 0 && (p.conditions & anyCondition) === 0) return false;
  const role = t.npcRole[i]!;
  if (role === 0) return true;
  for (const n of p.npcs) {
    if (n.role === role && n.affinity >= t.npcMinAffinity[i]! && n.affinity <= t.npcMaxAffinity[i]!)
      return true;
  }
  return false;
}

function eventHolds(p: Person, cat: Catalog, i: number, age: number): boolean {
  return conditionsHold(p, cat, i, age) && !(cat.once[i] === 1 && hasHappened(p, i));
}

// Candidates that hold and their weights, between the two passes of the
// selection: one pair of buffers, grown to the largest age bucket met.
let eligible = new Uint16Array(64);
let eligibleWeight = new Float64Array(64);

/**
 * The hour's event check with the original game's age index: today's
 * scheduled events, then one draw against the random candidates of the
 * person's age (the catalog's byAge lists, with their summed chance, so an
 * hour whose draw is past every candidate's chance looks at none of them),
 * and a second, interest-weighted draw for which one fires.
 */
export function checkEvents(p: Person, who: number, cat: Catalog, hour: number, out: number[]) {
  const age = indexedAge(p);
  const day = p.dayOfYear;
  for (let k = cat.byDayStart[day]!, end = cat.byDayStart[day + 1]!; k < end; k++) {
    const i = cat.byDayList[k]!;
    if (cat.hour[i] !== hour || !eventHolds(p, cat, i, age)) continue;
    const t = cat.threshold[i]!;
    if (t === ALWAYS || next(p) < t) {
      fire(p, who, cat, i, out);
      return;
    }
  }
  const u = next(p);
  if (u >= cat.byAgeTotal[age]!) return;
  const start = cat.byAgeStart[age]!;
  const end = cat.byAgeStart[age + 1]!;
  if (eligible.length < end - start) {
    eligible = new Uint16Array(end - start);
    eligibleWeight = new Float64Array(end - start);
  }
  let n = 0;
  let sum = 0;
  let weighted = 0;
  for (let k = start; k < end; k++) {
    const i = cat.byAgeList[k]!;
    if (!eventHolds(p, cat, i, age)) continue;
    const w = cat.threshold[i]! * interestWeight(cat.tagMask[i]!, p.interests, p.dislikes);
    eligible[n] = i;
    eligibleWeight[n++] = w;
    sum += cat.threshold[i]!;
    weighted += w;
  }
  if (u >= sum) return;
  const v = (next(p) / CHANCE_ONE) * weighted;
  let slice = 0;
  for (let k = 0; k < n; k++) {
    slice += eligibleWeight[k]!;
    if (v < slice || k === n - 1) {
      fire(p, who, cat, eligible[k]!, out);
      return;
    }
  }
}

/** Fire event `i`: remember it, apply a message, park a question. */
export function fire(p: Person, who: number, cat: Catalog, i: number, out: number[]): void {
  remember(p, i);
  out.push(who, i);
  if (cat.kind[i] === EventKind.message) applyEffects(p, cat.effects[i]!);
  else p.pendingEvent = i + 1;
}

/** Report achievement k unlocked, the way the engine does (sim/achievements.ts). */
export function reportAchievement(who: number, k: number, out: number[]): void {
  out.push(who, ACHIEVEMENT_REPORT + k);
}

export function applyEffects(p: Person, e: CompiledEffects): void {
  const d = e.deltas;
  for (let k = 0; k < d.length; k += 2) add(p, d[k]!, d[k + 1]!);
  if (e.setFlags !== 0 || e.clearFlags !== 0)
    p.flags = ((p.flags | e.setFlags) & ~e.clearFlags) >>> 0;
  if (e.interests !== 0 || e.dislikes !== 0) {
    p.interests = ((p.interests | e.interests) & ~e.dislikes) >>> 0;
    p.dislikes = ((p.dislikes | e.dislikes) & ~e.interests) >>> 0;
  }
  if (e.npcRole !== 0) touchNpc(p, e);
  if (e.job === 0) leaveJob(p);
  else if (e.job > 0) hire(p, e.job - 1);
  if (e.school >= 0) enrol(p, e.school);
  if (e.major >= 0) p.major = e.major;
  if (e.conditionsAdd !== 0 || e.conditionsCure !== 0)
    p.conditions = (p.conditions | e.conditionsAdd) & ~e.conditionsCure;
}

const clampAffinity = (v: number) => (v < -100 ? -100 : v > 100 ? 100 : v);
const clampFamiliarity = (v: number) => (v < 0 ? 0 : v > 100 ? 100 : v);

function touchNpc(p: Person, e: CompiledEffects): void {
  let npc = p.npcs.find((n) => n.role === e.npcRole);
  if (!npc) {
    // Someone new: a partner or friend the person's age, a child at 0 (sim/effects.ts).
    npc = p.npcs.find((n) => n.role === 0);
    if (!npc) return;
    npc.role = e.npcRole;
    npc.age = Math.max(0, Math.min(255, e.npcRole === NpcRole.child ? 0 : ageInYears(p.ageDays)));
    npc.affinity = 0;
    npc.familiarity = 0;
  }
  npc.affinity = clampAffinity(npc.affinity + e.npcAffinity);
  npc.familiarity = clampFamiliarity(npc.familiarity + e.npcFamiliarity);
}

export function hire(p: Person, index: number): void {
  if (ageInYears(p.ageDays) < MIN_WORKING_AGE) return;
  p.job = index + 1;
  p.jobLevel = 0;
  p.jobWeeks = 0;
  p.salary = salaryFor(index, 0);
  p.jobPerformance = STARTING_PERFORMANCE;
  p.flags = (p.flags | Flag.hasJob) >>> 0;
}

export function leaveJob(p: Person): void {
  p.job = 0;
  p.jobLevel = 0;
  p.jobWeeks = 0;
  p.salary = 0;
  p.flags = (p.flags & ~Flag.hasJob) >>> 0;
}

export function promote(p: Person): void {
  p.jobLevel++;
  p.salary = salaryFor(p.job - 1, p.jobLevel);
  const perf = p.jobPerformance;
  p.jobPerformance = perf > PROMOTION_PERFORMANCE_DROP ? perf - PROMOTION_PERFORMANCE_DROP : 0;
}

export function retire(p: Person): void {
  if (p.job !== 0) leaveJob(p);
  p.flags = (p.flags | Flag.retired) >>> 0;
}

export function enrol(p: Person, level: number): void {
  if (p.school === level) return;
  p.school = level;
  p.schoolYears = 0;
  if (level !== School.none) p.schoolPerformance = STARTING_SCHOOL_PERFORMANCE;
  let flags = p.flags & ~(Flag.inSchool | Flag.inCollege);
  if (level === School.elementary || level === School.highSchool) flags |= Flag.inSchool;
  if (level === School.college) flags |= Flag.inCollege;
  p.flags = flags >>> 0;
}

export function graduate(p: Person): void {
  const level = p.school;
  if (level === School.none) return;
  if (level > p.educationDone) p.educationDone = level;
  // GPA in hundredths: performance / 100 x 4.0 (sim/school.ts gpaOf).
  p.gpa = Math.round(p.schoolPerformance * 4);
  if (level === School.highSchool) p.flags = (p.flags | Flag.graduatedHighSchool) >>> 0;
  if (level === School.college) p.flags = (p.flags | Flag.graduatedCollege) >>> 0;
  enrol(p, School.none);
}

const canAfford = (p: Person, o: Catalog['options'][number][number]) =>
  (o.cost.energy === 0 || p.energy >= o.cost.energy) &&
  (o.cost.money === 0 || p.money >= o.cost.money) &&
  (o.cost.diamonds === 0 || p.diamonds >= o.cost.diamonds);

const affordable: number[] = [];

/**
 * Answer the person's pending question the way headless players do
 * (engine/auto-answer.ts): one affordable option drawn from their own PRNG,
 * step after step of a dilemma.
 */
export function autoAnswer(p: Person, cat: Catalog): void {
  for (let pending = p.pendingEvent - 1; pending >= 0; pending = p.pendingEvent - 1) {
    const options = cat.options[pending]!;
    affordable.length = 0;
    for (let k = 0; k < options.length; k++) if (canAfford(p, options[k]!)) affordable.push(k);
    if (affordable.length === 0) return;
    const o = options[affordable[below(p, affordable.length)]!]!;
    if (o.cost.energy) add(p, F_ENERGY, -o.cost.energy);
    if (o.cost.money) add(p, F_MONEY, -o.cost.money);
    if (o.cost.diamonds) add(p, F_DIAMONDS, -o.cost.diamonds);
    applyEffects(p, o.effects);
    if (o.next >= 0) remember(p, o.next);
    p.pendingEvent = o.next + 1;
  }
}
const F_ENERGY = FIELD_NAMES.indexOf('energy');
const F_MONEY = FIELD_NAMES.indexOf('money');
const F_DIAMONDS = FIELD_NAMES.indexOf('diamonds');
