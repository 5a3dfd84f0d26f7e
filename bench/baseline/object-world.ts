/**
 * The baseline for bench `sim`: the design the original game used, written
 * as well as that design allows. One object per player, every game minute
 * stepped one at a time, and every hour the whole event catalog scanned with
 * each event's conditions read from its definition. It runs the starter
 * game's rules (frozen here when the engine gained school, work, health,
 * mood and achievement systems) over the same catalog and the same
 * per-player PRNG, so the engine does MORE per game hour than the baseline
 * and the bench ratio is a lower bound. tests/bench/baseline.test.ts checks
 * that both move every clock exactly alike, so a player-minute means the
 * same on both sides.
 *
 * Pure helpers with no design in them (the hourly timetable, stage by age,
 * the chance tables) are shared with the engine rather than copied.
 */
import type { Catalog, CompiledEffects, CompiledOption } from '../../src/content/catalog.ts';
import type { EventDef } from '../../src/content/event-schema.ts';
import {
  DAILY_ENERGY,
  FAMILIARITY_DECAY,
  HEALTH_DECLINE,
  HEALTH_DECLINE_SMOKER,
  peakEnergyFor,
} from '../../src/sim/daily.ts';
import { DEATH } from '../../src/sim/health.ts';
import { activityFor, MEAL_COST, MEAL_HUNGER, STARVING } from '../../src/sim/hourly.ts';
import {
  COLLEGE_YEARS,
  PASS_MARK,
  SCHOOL_END_AGE,
  SCHOOL_START_AGE,
} from '../../src/sim/school-rules.ts';
import { LIVING_COST, PENSION } from '../../src/sim/weekly.ts';
import { FIRING_LINE } from '../../src/sim/work-rules.ts';

// The starter game's pay rules, which the baseline keeps.
const ENTRY_SALARY = 400;
const COLLEGE_BONUS = 300;

import type { Columns } from '../../src/world/columns.ts';
import {
  Activity,
  Flag,
  MAX_INDEXED_AGE,
  NpcRole,
  Stage,
  stageForAge,
} from '../../src/world/life.ts';
import { HOT_FIELDS, NPC_SLOTS } from '../../src/world/schema.ts';

export interface Npc {
  role: number;
  affinity: number;
  familiarity: number;
  age: number;
}

/** A player as one object, the way the original backend held it. */
export class Person {
  minuteOfDay = 0;
  dayOfYear = 0;
  year = 0;
  ageDays = 0;
  energy = 0;
  money = 0;
  happiness = 0;
  health = 0;
  speed = 0;
  weekday = 0;
  peakEnergy = 0;
  diamonds = 0;
  stress = 0;
  hunger = 0;
  social = 0;
  stage = 0;
  activity = 0;
  alive = 0;
  pendingEvent = 0;
  job = 0;
  salary = 0;
  jobPerformance = 0;
  schoolPerformance = 0;
  flags = 0;
  carry = 0;
  rng = 0;
  interests = 0;
  away = 0;
  npcs: Npc[] = [];
  history = new Set<number>();
}

type NumericField = Exclude<keyof Person, 'npcs' | 'history'>;
const FIELD_NAMES = HOT_FIELDS.map((f) => f.name as NumericField);
const MIN = new Map(HOT_FIELDS.map((f) => [f.name, f.min]));
const MAX = new Map(HOT_FIELDS.map((f) => [f.name, f.max]));

/** Copy a slot's life into a Person (used to give both designs the same players). */
export function personFromSlot(c: Columns, s: number): Person {
  const p = new Person();
  HOT_FIELDS.forEach((f, i) => {
    p[f.name as NumericField] = c.byIndex[i]![s]!;
  });
  for (let k = 0; k < NPC_SLOTS; k++) {
    const i = s * NPC_SLOTS + k;
    p.npcs.push({
      role: c.npcRole[i]!,
      affinity: c.npcAffinity[i]!,
      familiarity: c.npcFamiliarity[i]!,
      age: c.npcAge[i]!,
    });
  }
  for (let e = 0; e < 512; e++)
    if ((c.eventHistory[s * 16 + (e >>> 5)]! & (1 << (e & 31))) !== 0) p.history.add(e);
  return p;
}

/** The Person's state in the engine's column layout order, for comparisons. */
export function personFields(p: Person): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of FIELD_NAMES) out[name] = p[name];
  return out;
}

function next(p: Person): number {
  const state = (p.rng + 0x6d2b79f5) >>> 0;
  p.rng = state;
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

function add(p: Person, field: NumericField, delta: number): void {
  const v = p[field] + delta;
  p[field] = Math.max(MIN.get(field)!, Math.min(MAX.get(field)!, v));
}

function applyEffects(p: Person, e: CompiledEffects): void {
  for (let k = 0; k < e.deltas.length; k += 2) add(p, FIELD_NAMES[e.deltas[k]!]!, e.deltas[k + 1]!);
  if (e.setFlags !== 0 || e.clearFlags !== 0)
    p.flags = ((p.flags | e.setFlags) & ~e.clearFlags) >>> 0;
  if (e.interests !== 0) p.interests = (p.interests | e.interests) >>> 0;
  if (e.npcRole === 0) return;
  let npc = p.npcs.find((n) => n.role === e.npcRole);
  if (!npc) {
    npc = p.npcs.find((n) => n.role === 0);
    if (!npc) return;
    npc.role = e.npcRole;
    npc.age = e.npcRole === NpcRole.child ? 0 : Math.floor(p.ageDays / 365);
    npc.affinity = 0;
    npc.familiarity = 0;
  }
  npc.affinity = Math.max(-100, Math.min(100, npc.affinity + e.npcAffinity));
  npc.familiarity = Math.max(0, Math.min(100, npc.familiarity + e.npcFamiliarity));
}

function fire(p: Person, who: number, cat: Catalog, i: number, out: number[]): void {
  p.history.add(i);
  out.push(who, i);
  if (cat.defs[i]!.kind === 'message') applyEffects(p, cat.effects[i]!);
  else p.pendingEvent = i + 1;
}

function conditionsHold(p: Person, d: EventDef, i: number, age: number): boolean {
  const w = d.when!;
  if (
    age < Math.min(w.age?.[0] ?? 0, MAX_INDEXED_AGE) ||
    age > Math.min(w.age?.[1] ?? MAX_INDEXED_AGE, MAX_INDEXED_AGE)
  ) {
    return false;
  }
  if (w.stages && !w.stages.some((s) => Stage[s] === p.stage)) return false;
  if (w.all?.some((f) => (p.flags & Flag[f]) === 0)) return false;
  if (w.none?.some((f) => (p.flags & Flag[f]) !== 0)) return false;
  if (w.once && p.history.has(i)) return false;
  for (const [field, range] of Object.entries(w.stats ?? {})) {
    const v = p[field as NumericField];
    if (
      v < (range?.min ?? Number.NEGATIVE_INFINITY) ||
      v > (range?.max ?? Number.POSITIVE_INFINITY)
    )
      return false;
  }
  return true;
}

/** Every hour: scan the whole catalog, scheduled events first, then one draw over the random ones. */
function checkEvents(p: Person, who: number, cat: Catalog, hour: number, out: number[]): void {
  const age = Math.min(Math.floor(p.ageDays / 365), MAX_INDEXED_AGE);
  for (const [i, d] of cat.defs.entries()) {
    const w = d.when;
    if (!w || w.day !== p.dayOfYear || w.hour !== hour || !conditionsHold(p, d, i, age)) continue;
    const t = cat.threshold[i]!;
    if (t === 2 ** 32 - 1 || next(p) < t) {
      fire(p, who, cat, i, out);
      return;
    }
  }
  const u = next(p);
  let slice = 0;
  for (const [i, d] of cat.defs.entries()) {
    const w = d.when;
    if (!w || w.day !== undefined || w.chance === 0 || !conditionsHold(p, d, i, age)) continue;
    slice += cat.threshold[i]!;
    if (u < slice) {
      fire(p, who, cat, i, out);
      return;
    }
  }
}

function hourly(p: Person, hour: number): void {
  const act = activityFor(p.stage, p.flags, p.weekday, hour);
  p.activity = act;
  if (act === Activity.sleep) {
    if (p.energy < p.peakEnergy) p.energy = Math.min(p.peakEnergy, p.energy + 6);
    add(p, 'hunger', 1);
    add(p, 'stress', -1);
  } else if (act === Activity.school) {
    add(p, 'energy', -3);
    add(p, 'hunger', 3);
    add(p, 'stress', 1);
    if (next(p) % 4 === 0) add(p, 'schoolPerformance', p.energy > 30 ? 1 : -1);
  } else if (act === Activity.work) {
    add(p, 'energy', -4);
    add(p, 'hunger', 3);
    add(p, 'stress', 2);
    if (next(p) % 4 === 0) add(p, 'jobPerformance', p.energy > 30 ? 1 : -1);
  } else {
    add(p, 'energy', -2);
    add(p, 'hunger', 2);
    add(p, 'stress', -1);
    add(p, 'happiness', p.energy > 30 && p.hunger < 60 ? 1 : -1);
  }
  if ((hour === 7 || hour === 12 || hour === 18) && act !== Activity.sleep) {
    add(p, 'hunger', -MEAL_HUNGER);
    if (p.stage >= Stage.adult) add(p, 'money', -MEAL_COST);
  }
  if (p.hunger >= STARVING) {
    add(p, 'happiness', -1);
    if (next(p) % 10 === 0) add(p, 'health', -1);
  }
}

function weekly(p: Person): void {
  if ((p.flags & Flag.hasJob) !== 0) {
    if (p.job === 0) {
      p.job = 1;
      p.salary = ENTRY_SALARY + ((p.flags & Flag.graduatedCollege) !== 0 ? COLLEGE_BONUS : 0);
    }
    add(p, 'money', p.salary);
    add(p, 'jobPerformance', p.stress > 70 ? -3 : 1);
    if (p.jobPerformance < FIRING_LINE && next(p) % 4 === 0)
      p.flags = (p.flags & ~Flag.hasJob) >>> 0;
  }
  if ((p.flags & Flag.hasJob) === 0 && p.job !== 0) {
    p.job = 0;
    p.salary = 0;
  }
  if (p.stage >= Stage.adult) {
    add(p, 'money', -LIVING_COST);
    if ((p.flags & Flag.retired) !== 0) add(p, 'money', PENSION);
  }
  if (p.money < 0) add(p, 'stress', 5);
  add(p, 'happiness', Math.trunc((100 - p.stress - p.happiness) / 8));
}

function birthday(p: Person): void {
  const years = Math.min(Math.floor(p.ageDays / 365), MAX_INDEXED_AGE);
  p.stage = stageForAge(years);
  p.peakEnergy = peakEnergyFor(years);
  let flags = p.flags;
  if (years === SCHOOL_START_AGE) flags |= Flag.inSchool;
  if (years === SCHOOL_END_AGE && (flags & Flag.inSchool) !== 0) {
    flags &= ~Flag.inSchool;
    if (p.schoolPerformance >= PASS_MARK) flags |= Flag.graduatedHighSchool;
  }
  if (years === SCHOOL_END_AGE + 1 + COLLEGE_YEARS && (flags & Flag.inCollege) !== 0) {
    flags = (flags & ~Flag.inCollege) | Flag.graduatedCollege;
  }
  p.flags = flags >>> 0;
  for (const npc of p.npcs) if (npc.role !== 0 && npc.age < 255) npc.age++;
}

function daily(p: Person, who: number, cat: Catalog, out: number[]): void {
  p.dayOfYear++;
  if (p.dayOfYear === 365) {
    p.dayOfYear = 0;
    p.year++;
  }
  p.weekday = (p.weekday + 1) % 7;
  p.ageDays++;
  if (p.ageDays % 365 === 0) birthday(p);
  if (p.energy < p.peakEnergy) p.energy = Math.min(p.peakEnergy, p.energy + DAILY_ENERGY);
  for (const npc of p.npcs)
    if (npc.familiarity > 0) npc.familiarity = Math.max(0, npc.familiarity - FAMILIARITY_DECAY);
  const years = Math.min(Math.floor(p.ageDays / 365), MAX_INDEXED_AGE);
  const decline =
    (p.flags & Flag.smoker) !== 0 ? HEALTH_DECLINE_SMOKER[years]! : HEALTH_DECLINE[years]!;
  if (decline > 0 && next(p) < decline) add(p, 'health', -1);
  const death = DEATH[years]!;
  if (p.health === 0 || (death > 0 && next(p) < death)) {
    p.alive = 0;
    fire(p, who, cat, cat.death, out);
    return;
  }
  if (p.weekday === 0) weekly(p);
}

/** One game minute, the original game's unit of work. */
function stepMinute(p: Person, who: number, cat: Catalog, out: number[]): void {
  p.minuteOfDay++;
  if (p.minuteOfDay % 60 !== 0) return;
  if (p.minuteOfDay === 1440) {
    p.minuteOfDay = 0;
    daily(p, who, cat, out);
    if (p.alive === 0 || p.pendingEvent !== 0) return;
  }
  const hour = p.minuteOfDay / 60;
  hourly(p, hour);
  checkEvents(p, who, cat, hour, out);
}

/**
 * One tick for every person: earn time at their speed, then step it minute
 * by minute. Fired events go to `out` as pairs (person index, catalog index).
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

/** Answer a person's pending question the way headless players do (engine/auto-answer.ts). */
export function autoAnswer(p: Person, cat: Catalog): void {
  const affordable = (o: CompiledOption) =>
    p.energy >= o.cost.energy && p.money >= o.cost.money && p.diamonds >= o.cost.diamonds;
  for (let pending = p.pendingEvent - 1; pending >= 0; pending = p.pendingEvent - 1) {
    const options = cat.options[pending]!;
    const choice = options.find(affordable) ?? options[options.length - 1]!;
    if (!affordable(choice)) return;
    if (choice.cost.energy) add(p, 'energy', -choice.cost.energy);
    if (choice.cost.money) add(p, 'money', -choice.cost.money);
    if (choice.cost.diamonds) add(p, 'diamonds', -choice.cost.diamonds);
    applyEffects(p, choice.effects);
    if (choice.next >= 0) p.history.add(choice.next);
    p.pendingEvent = choice.next + 1;
  }
}
