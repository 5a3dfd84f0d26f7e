/**
 * The object-per-player design's player: one object per person, every hot
 * field a property, the NPC table an array of small objects, the once-only
 * event history a bitset. bench/baseline/object-world.ts says what the
 * baseline is and why it is built the way it is.
 */
import type { Columns } from '../../src/world/columns.ts';
import {
  EVENT_HISTORY_WORDS,
  HOT_FIELDS,
  type HotField,
  NPC_SLOTS,
} from '../../src/world/schema.ts';

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
  school = 0;
  educationDone = 0;
  major = 0;
  gpa = 0;
  focus = 0;
  extracurriculars = 0;
  jobLevel = 0;
  jobWeeks = 0;
  mood = 0;
  conditions = 0;
  quitting = 0;
  achievements = 0;
  tutorial = 0;
  energyReserve = 0;
  schoolYears = 0;
  carry = 0;
  rng = 0;
  interests = 0;
  dislikes = 0;
  away = 0;
  readonly npcs: Npc[] = [];
  /** Once-only events that happened: bit i is event i (a bitset, so a check allocates nothing). */
  readonly history = new Uint32Array(EVENT_HISTORY_WORDS);
}

export type NumericField = HotField['name'];

/** Hot field names by field index: effects and conditions name fields by index. */
export const FIELD_NAMES: readonly NumericField[] = HOT_FIELDS.map((f) => f.name);
const FIELD_MIN = Float64Array.from(HOT_FIELDS, (f) => f.min);
const FIELD_MAX = Float64Array.from(HOT_FIELDS, (f) => f.max);

/**
 * The columns store every field in a typed array of its type; the object
 * keeps plain numbers. Storing into a person goes through this, so a value
 * the column would truncate (a fractional effect into a u8 field) reads
 * back the same in both designs.
 */
const STORE = HOT_FIELDS.map((f) => {
  switch (f.type) {
    case 'f64':
      return (v: number) => v;
    case 'u32':
      return (v: number) => v >>> 0;
    default:
      return (v: number) => Math.trunc(v);
  }
});

/**
 * Add `delta` to field `f` (an index), clamped to the field's bounds: for
 * data-driven effects, which name fields by index. The rules that run every
 * hour, day or week write their fields directly (stat, addMoney).
 */
export function add(p: Person, f: number, delta: number): void {
  const name = FIELD_NAMES[f]!;
  const v = p[name] + delta;
  p[name] = STORE[f]!(v < FIELD_MIN[f]! ? FIELD_MIN[f]! : v > FIELD_MAX[f]! ? FIELD_MAX[f]! : v);
}

const MONEY_MIN = FIELD_MIN[HOT_FIELDS.findIndex((f) => f.name === 'money')]!;
const MONEY_MAX = FIELD_MAX[HOT_FIELDS.findIndex((f) => f.name === 'money')]!;

/** Add to the person's money within its bounds, for the rules that pay every day or week. */
export function addMoney(p: Person, delta: number): void {
  const v = p.money + delta;
  p.money = v < MONEY_MIN ? MONEY_MIN : v > MONEY_MAX ? MONEY_MAX : v;
}

/** Clamp a 0..100 stat, for the rules that write one directly. */
export function stat(v: number): number {
  return v < 0 ? 0 : v > 100 ? 100 : Math.trunc(v);
}

/** The person's PRNG: the same mulberry32 as sim/random.ts, over the `rng` property. */
export function next(p: Person): number {
  // mulberry32's Weyl increment and output mix (sim/random.ts).
  const state = (p.rng + 0x6d2b79f5) >>> 0;
  p.rng = state;
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

export function below(p: Person, n: number): number {
  return next(p) % n;
}

export function hasHappened(p: Person, event: number): boolean {
  return (p.history[event >>> 5]! & (1 << (event & 31))) !== 0;
}

export function remember(p: Person, event: number): void {
  p.history[event >>> 5]! |= 1 << (event & 31);
}

/** Copy a slot's life into a Person (gives both designs the same players). */
export function personFromSlot(c: Columns, s: number): Person {
  const p = new Person();
  HOT_FIELDS.forEach((f, i) => {
    p[f.name] = c.byIndex[i]![s]!;
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
  p.history.set(c.eventHistory.subarray(s * EVENT_HISTORY_WORDS, (s + 1) * EVENT_HISTORY_WORDS));
  return p;
}

/** Everything a Person holds, in the engine's terms, for comparing the two designs. */
export function personState(p: Person): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of FIELD_NAMES) out[name] = p[name];
  p.npcs.forEach((n, k) => {
    out[`npc${k}`] = n.role;
    out[`npc${k}.affinity`] = n.affinity;
    out[`npc${k}.familiarity`] = n.familiarity;
    out[`npc${k}.age`] = n.age;
  });
  p.history.forEach((w, k) => {
    out[`history${k}`] = w;
  });
  return out;
}

/** The same view of a slot, for the engine's side of the comparison. */
export function slotState(c: Columns, s: number): Record<string, number> {
  return personState(personFromSlot(c, s));
}
