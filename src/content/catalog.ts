import { chanceThreshold } from '../world/chance.ts';
import { Flag, Interest, MAX_INDEXED_AGE, NpcRole, School, Stage } from '../world/life.ts';
import { EVENT_HISTORY_BITS, FIELD_INDEX } from '../world/schema.ts';
import { CONDITION_INDEX } from './conditions.ts';
import { type Cost, type Effects, type EventDef, eventDefSchema } from './event-schema.ts';
import { JOB_INDEX } from './jobs.ts';
import { MAJOR_INDEX } from './majors.ts';

export const EventKind = { message: 0, question: 1, dilemma: 2 } as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** Effects in the form the rules apply them: column indices and deltas. */
export interface CompiledEffects {
  /** Pairs of (hot field index, delta). */
  readonly deltas: readonly number[];
  readonly setFlags: number;
  readonly clearFlags: number;
  readonly interests: number;
  readonly dislikes: number;
  /** -1: no change; 0: lose the job; k + 1: take job k at entry level. */
  readonly job: number;
  /** -1: no change; otherwise the School level to enrol at. */
  readonly school: number;
  /** -1: no change; otherwise major index + 1. */
  readonly major: number;
  /** Health condition bits to add and to cure. */
  readonly conditionsAdd: number;
  readonly conditionsCure: number;
  /** NpcRole of the NPC the effect touches, 0 for none. */
  readonly npcRole: number;
  readonly npcAffinity: number;
  readonly npcFamiliarity: number;
}

export interface CompiledOption {
  readonly id: string;
  readonly label: string;
  readonly cost: Required<Cost>;
  readonly effects: CompiledEffects;
  /** Catalog index of the next dilemma step, or -1. */
  readonly next: number;
}

const NO_STAT = -1;
// Scheduled events are looked up by day; a day bucket for every day of the
// 365-day game year.
const DAYS = 365;

/**
 * Conditions as typed arrays, one entry per rule (an event, an achievement):
 * what `conditionsHold` in sim/conditions.ts checks.
 */
export interface ConditionTable {
  readonly minAge: Uint8Array;
  readonly maxAge: Uint8Array;
  readonly stageMask: Uint8Array;
  readonly flagsAll: Uint32Array;
  readonly flagsNone: Uint32Array;
  readonly stat1: Int8Array;
  readonly stat1Min: Float64Array;
  readonly stat1Max: Float64Array;
  readonly stat2: Int8Array;
  readonly stat2Min: Float64Array;
  readonly stat2Max: Float64Array;
  /** NpcRole the person must have (0: none needed), with affinity in [npcMinAffinity, npcMaxAffinity]. */
  readonly npcRole: Uint8Array;
  readonly npcMinAffinity: Int8Array;
  readonly npcMaxAffinity: Int8Array;
  /** Health condition bits of which at least one must be present (0: none needed). */
  readonly anyCondition: Uint16Array;
}

/** The condition part of an event's `when` (and of an achievement's). */
export interface ConditionSpec {
  readonly age?: readonly [number, number];
  readonly stages?: readonly (keyof typeof Stage)[];
  readonly all?: readonly (keyof typeof Flag)[];
  readonly none?: readonly (keyof typeof Flag)[];
  readonly stats?: Partial<Record<string, { min?: number; max?: number }>>;
  readonly npc?: {
    readonly role: keyof typeof NpcRole;
    readonly minAffinity?: number;
    readonly maxAffinity?: number;
  };
  readonly anyCondition?: readonly string[];
}

/** Compile condition specs (undefined: always true) into a ConditionTable. */
export function compileConditions(specs: readonly (ConditionSpec | undefined)[]): ConditionTable {
  const n = specs.length;
  const t = {
    minAge: new Uint8Array(n),
    maxAge: new Uint8Array(n).fill(MAX_INDEXED_AGE),
    stageMask: new Uint8Array(n).fill(0xff),
    flagsAll: new Uint32Array(n),
    flagsNone: new Uint32Array(n),
    stat1: new Int8Array(n).fill(NO_STAT),
    stat1Min: new Float64Array(n),
    stat1Max: new Float64Array(n),
    stat2: new Int8Array(n).fill(NO_STAT),
    stat2Min: new Float64Array(n),
    stat2Max: new Float64Array(n),
    npcRole: new Uint8Array(n),
    npcMinAffinity: new Int8Array(n).fill(-100),
    npcMaxAffinity: new Int8Array(n).fill(100),
    anyCondition: new Uint16Array(n),
  };
  for (const [i, w] of specs.entries()) {
    if (!w) continue;
    t.minAge[i] = Math.min(w.age?.[0] ?? 0, MAX_INDEXED_AGE);
    t.maxAge[i] = Math.min(w.age?.[1] ?? MAX_INDEXED_AGE, MAX_INDEXED_AGE);
    t.stageMask[i] = w.stages ? w.stages.reduce((m, s) => m | (1 << Stage[s]), 0) : 0xff;
    t.flagsAll[i] = maskOf(Flag, w.all);
    t.flagsNone[i] = maskOf(Flag, w.none);
    const stats = Object.entries(w.stats ?? {});
    for (const [k, [name, range]] of stats.entries()) {
      const field = FIELD_INDEX[name as keyof typeof FIELD_INDEX];
      const min = range?.min ?? Number.NEGATIVE_INFINITY;
      const max = range?.max ?? Number.POSITIVE_INFINITY;
      if (k === 0) [t.stat1[i], t.stat1Min[i], t.stat1Max[i]] = [field, min, max];
      else [t.stat2[i], t.stat2Min[i], t.stat2Max[i]] = [field, min, max];
    }
    if (w.npc) {
      t.npcRole[i] = NpcRole[w.npc.role];
      t.npcMinAffinity[i] = w.npc.minAffinity ?? -100;
      t.npcMaxAffinity[i] = w.npc.maxAffinity ?? 100;
    }
    for (const id of w.anyCondition ?? []) t.anyCondition[i]! |= 1 << CONDITION_INDEX.get(id)!;
  }
  return t;
}

/**
 * The event catalog, validated and indexed once at start. Conditions live in
 * typed arrays (one entry per event) so the hourly check in the workers reads
 * numbers, never objects, and touches only the candidates of the player's age
 * (random events) or day of year (scheduled events).
 */
export interface Catalog extends ConditionTable {
  readonly defs: readonly EventDef[];
  readonly indexById: ReadonlyMap<string, number>;
  readonly kind: Uint8Array;
  /** Per-hour probability as a threshold out of 2^32. */
  readonly threshold: Float64Array;
  readonly once: Uint8Array;
  readonly hour: Int8Array;
  readonly tagMask: Uint32Array;
  readonly effects: readonly CompiledEffects[];
  readonly options: readonly (readonly CompiledOption[])[];
  /** Random events by age: candidates of age a are byAgeList[byAgeStart[a] .. byAgeStart[a+1]). */
  readonly byAgeStart: Uint32Array;
  readonly byAgeList: Uint16Array;
  /** Sum of the thresholds of age a's candidates: a draw at or above it cannot fire anything. */
  readonly byAgeTotal: Float64Array;
  /**
   * The hot path's index: random events by age AND the player's situation
   * key (situationKey: in school, in college, working, partnered, married),
   * keeping only the candidates whose flag conditions that situation allows,
   * in catalog order. Bucket b = age * SITUATIONS + key. Its total is a far
   * tighter bound than the age's, so fewer hours scan candidates at all,
   * and a scan skips those that could not hold; the eligible candidates, in
   * their order, are exactly the age bucket's, so the lives are the same.
   */
  readonly bySituationStart: Uint32Array;
  readonly bySituationList: Uint16Array;
  readonly bySituationTotal: Float64Array;
  /** Scheduled events by day of year, in the same CSR layout. */
  readonly byDayStart: Uint32Array;
  readonly byDayList: Uint16Array;
  /** Indices of events a rule fires directly. */
  readonly death: number;
  /** The tutorial sequence: event index of step k + 1 at position k. */
  readonly tutorial: readonly number[];
  /** Message events whose reward waits for claimEvent: 1 where the event has one. */
  readonly claimable: Uint8Array;
}

/** The flags that make a player's situation key, bit k of the key for SITUATION_FLAGS[k]. */
export const SITUATION_FLAGS = [
  Flag.inSchool,
  Flag.inCollege,
  Flag.hasJob,
  Flag.hasPartner,
  Flag.married,
] as const;
export const SITUATIONS = 1 << SITUATION_FLAGS.length;

/** A player's situation key from their flags (see Catalog.bySituationStart). */
export function situationKey(flags: number): number {
  return (
    ((flags & Flag.inSchool) !== 0 ? 1 : 0) |
    ((flags & Flag.inCollege) !== 0 ? 2 : 0) |
    ((flags & Flag.hasJob) !== 0 ? 4 : 0) |
    ((flags & Flag.hasPartner) !== 0 ? 8 : 0) |
    ((flags & Flag.married) !== 0 ? 16 : 0)
  );
}

/** Whether flag conditions (all, none) can hold for a player whose situation is `key`. */
function allowedIn(all: number, none: number, key: number): boolean {
  for (let k = 0; k < SITUATION_FLAGS.length; k++) {
    const has = (key & (1 << k)) !== 0;
    const flag = SITUATION_FLAGS[k]!;
    if ((all & flag) !== 0 && !has) return false;
    if ((none & flag) !== 0 && has) return false;
  }
  return true;
}

export class CatalogError extends Error {
  override readonly name = 'CatalogError';
}

const maskOf = <T extends Record<string, number>>(
  table: T,
  names: readonly (keyof T)[] | undefined,
) => (names ?? []).reduce((m, n) => m | table[n]!, 0) >>> 0;

function compileEffects(e: Effects | undefined): CompiledEffects {
  const deltas: number[] = [];
  for (const [name, delta] of Object.entries(e?.stats ?? {})) {
    if (delta) deltas.push(FIELD_INDEX[name as keyof typeof FIELD_INDEX], delta);
  }
  return {
    deltas,
    setFlags: maskOf(Flag, e?.setFlags),
    clearFlags: maskOf(Flag, e?.clearFlags),
    interests: maskOf(Interest, e?.interests),
    dislikes: maskOf(Interest, e?.dislikes),
    job: e?.job === undefined ? -1 : e.job === 'none' ? 0 : JOB_INDEX.get(e.job)! + 1,
    school: e?.school === undefined ? -1 : School[e.school],
    major: e?.major === undefined ? -1 : MAJOR_INDEX.get(e.major)! + 1,
    conditionsAdd: (e?.conditions?.add ?? []).reduce(
      (m, id) => m | (1 << CONDITION_INDEX.get(id)!),
      0,
    ),
    conditionsCure: (e?.conditions?.cure ?? []).reduce(
      (m, id) => m | (1 << CONDITION_INDEX.get(id)!),
      0,
    ),
    npcRole: e?.npc ? NpcRole[e.npc.role] : 0,
    npcAffinity: e?.npc?.affinity ?? 0,
    npcFamiliarity: e?.npc?.familiarity ?? 0,
  };
}

/** Build a CSR index: for each bucket, the events that belong to it, in catalog order. */
function buildIndex(
  buckets: number,
  n: number,
  belongs: (event: number, bucket: number) => boolean,
) {
  const start = new Uint32Array(buckets + 1);
  const list: number[] = [];
  for (let b = 0; b < buckets; b++) {
    start[b] = list.length;
    for (let i = 0; i < n; i++) if (belongs(i, b)) list.push(i);
  }
  start[buckets] = list.length;
  return { start, list: Uint16Array.from(list) };
}

/**
 * Validate and index a catalog. Throws CatalogError naming the first bad
 * event: unknown fields, a dangling `next`, duplicate ids, too many events for
 * the history bitset, or per-age chances that add up to more than 1.
 */
export function compileCatalog(input: readonly unknown[]): Catalog {
  const defs: EventDef[] = [];
  for (const [i, raw] of input.entries()) {
    const parsed = eventDefSchema.safeParse(raw);
    if (!parsed.success) {
      const label = (raw as { id?: unknown } | null)?.id ?? `#${i}`;
      throw new CatalogError(
        `event ${String(label)}: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`,
      );
    }
    defs.push(parsed.data);
  }
  const n = defs.length;
  if (n > EVENT_HISTORY_BITS) {
    throw new CatalogError(
      `catalog has ${n} events; the history bitset holds ${EVENT_HISTORY_BITS}`,
    );
  }
  const indexById = new Map<string, number>();
  for (const [i, d] of defs.entries()) {
    if (indexById.has(d.id)) throw new CatalogError(`event ${d.id}: duplicate id`);
    indexById.set(d.id, i);
  }
  const resolve = (from: string, ref: string | undefined) => {
    if (ref === undefined) return -1;
    const i = indexById.get(ref);
    if (i === undefined) throw new CatalogError(`event ${from}: next step ${ref} does not exist`);
    if (defs[i]!.kind === 'message')
      throw new CatalogError(`event ${from}: next step ${ref} is a message`);
    return i;
  };
  const death = indexById.get('life.death');
  if (death === undefined) throw new CatalogError('catalog needs the life.death event');

  const conditions = compileConditions(defs.map((d) => d.when));
  const c = {
    kind: new Uint8Array(n),
    threshold: new Float64Array(n),
    once: new Uint8Array(n),
    hour: new Int8Array(n).fill(-1),
    tagMask: new Uint32Array(n),
    claimable: new Uint8Array(n),
  };
  const scheduledDay = new Int16Array(n).fill(-1);
  const random = new Uint8Array(n);
  const tutorial: number[] = [];
  for (const [i, d] of defs.entries()) {
    c.kind[i] = EventKind[d.kind];
    c.tagMask[i] = maskOf(Interest, d.tags);
    c.claimable[i] = d.reward ? 1 : 0;
    if (d.tutorialStep !== undefined) {
      if (tutorial[d.tutorialStep - 1] !== undefined)
        throw new CatalogError(`event ${d.id}: tutorial step ${d.tutorialStep} is taken`);
      tutorial[d.tutorialStep - 1] = i;
    }
    const w = d.when;
    if (!w) continue;
    c.threshold[i] = chanceThreshold(w.chance);
    c.once[i] = w.once ? 1 : 0;
    if (w.day !== undefined && w.hour !== undefined) {
      scheduledDay[i] = w.day;
      c.hour[i] = w.hour;
    } else if (w.chance > 0) {
      random[i] = 1;
    }
  }
  for (let k = 0; k < tutorial.length; k++) {
    if (tutorial[k] === undefined) throw new CatalogError(`tutorial step ${k + 1} is missing`);
  }

  const byAge = buildIndex(
    MAX_INDEXED_AGE + 1,
    n,
    (i, age) => random[i] === 1 && conditions.minAge[i]! <= age && age <= conditions.maxAge[i]!,
  );
  const byAgeTotal = new Float64Array(MAX_INDEXED_AGE + 1);
  for (let age = 0; age <= MAX_INDEXED_AGE; age++) {
    for (let k = byAge.start[age]!; k < byAge.start[age + 1]!; k++) {
      byAgeTotal[age]! += c.threshold[byAge.list[k]!]!;
    }
    // One draw per hour picks at most one event: the candidates' chances are
    // slices of [0, 1), which only works while they fit in it.
    if (byAgeTotal[age]! >= 2 ** 32) {
      throw new CatalogError(`random events for age ${age} add up to a chance over 1 per hour`);
    }
  }
  const bySituation = buildIndex((MAX_INDEXED_AGE + 1) * SITUATIONS, n, (i, bucket) => {
    const age = Math.floor(bucket / SITUATIONS);
    return (
      random[i] === 1 &&
      conditions.minAge[i]! <= age &&
      age <= conditions.maxAge[i]! &&
      allowedIn(conditions.flagsAll[i]!, conditions.flagsNone[i]!, bucket % SITUATIONS)
    );
  });
  const bySituationTotal = new Float64Array((MAX_INDEXED_AGE + 1) * SITUATIONS);
  for (let b = 0; b < bySituationTotal.length; b++) {
    for (let k = bySituation.start[b]!; k < bySituation.start[b + 1]!; k++) {
      bySituationTotal[b]! += c.threshold[bySituation.list[k]!]!;
    }
  }
  const byDay = buildIndex(DAYS, n, (i, day) => scheduledDay[i] === day);

  const effects = defs.map((d) => compileEffects(d.effects));
  const options = defs.map((d) =>
    (d.options ?? []).map((o) => ({
      id: o.id,
      label: o.label,
      cost: {
        energy: o.cost?.energy ?? 0,
        money: o.cost?.money ?? 0,
        diamonds: o.cost?.diamonds ?? 0,
      },
      effects: compileEffects(o.effects),
      next: resolve(d.id, o.next),
    })),
  );
  for (const [i, opts] of options.entries()) {
    if (new Set(opts.map((o) => o.id)).size !== opts.length) {
      throw new CatalogError(`event ${defs[i]!.id}: duplicate option ids`);
    }
    // A question pauses the player's clock until it is answered, so one
    // option must always be affordable: otherwise a poor player's life
    // would stand still for good.
    const free = opts.some(
      (o) => o.cost.energy === 0 && o.cost.money === 0 && o.cost.diamonds === 0,
    );
    if (opts.length > 0 && !free) {
      throw new CatalogError(`event ${defs[i]!.id}: needs one option that costs nothing`);
    }
  }

  return {
    defs,
    indexById,
    ...conditions,
    ...c,
    tutorial,
    effects,
    options,
    byAgeStart: byAge.start,
    byAgeList: byAge.list,
    byAgeTotal,
    bySituationStart: bySituation.start,
    bySituationList: bySituation.list,
    bySituationTotal,
    byDayStart: byDay.start,
    byDayList: byDay.list,
    death,
  };
}
