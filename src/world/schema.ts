/**
 * The hot state of a player, declared once.
 *
 * Every column view, the worker's view, the dirty masks, the welcome snapshot
 * and (later) the persistence codec are derived from the lists in this file.
 * Adding a field is one line in `HOT_FIELDS`.
 *
 * `client` fields are sent to game clients: their id on the wire is their
 * index among the client fields, which is also their bit in the dirty mask.
 * Server fields (PRNG state, sub-minute carry, interests) never leave the
 * process.
 */

/** Numeric column types and the typed array that stores each. */
export const ColumnType = {
  u8: Uint8Array,
  i8: Int8Array,
  u16: Uint16Array,
  i16: Int16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f64: Float64Array,
} as const;
export type ColumnType = keyof typeof ColumnType;

export interface FieldSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** Value of a fresh slot before a life is created in it. */
  readonly initial: number;
  /** Inclusive bounds that rules and effects clamp to. */
  readonly min: number;
  readonly max: number;
  readonly client: boolean;
}

const U8 = 255;
const U16 = 65_535;
const U32 = 4_294_967_295;
// Money is whole currency units in a Float64 column: exact for integers up
// to 2^53, far beyond any balance a game economy reaches.
const MONEY_LIMIT = 1e15;

/**
 * The hot fields, client-visible first. The order of the client fields is
 * their wire id: append new client fields at the end of that group so ids
 * that clients already know stay stable.
 */
export const HOT_FIELDS = [
  // -- the clock --------------------------------------------------------------
  { name: 'minuteOfDay', type: 'u16', initial: 0, min: 0, max: 1439, client: true },
  { name: 'dayOfYear', type: 'u16', initial: 0, min: 0, max: 364, client: true },
  { name: 'year', type: 'u16', initial: 2000, min: 0, max: U16, client: true },
  { name: 'ageDays', type: 'u32', initial: 0, min: 0, max: U32, client: true },
  // -- the core stats named by the wire contract ------------------------------
  { name: 'energy', type: 'u8', initial: 0, min: 0, max: 100, client: true },
  { name: 'money', type: 'f64', initial: 0, min: -MONEY_LIMIT, max: MONEY_LIMIT, client: true },
  { name: 'happiness', type: 'u8', initial: 0, min: 0, max: 100, client: true },
  { name: 'health', type: 'u8', initial: 0, min: 0, max: 100, client: true },
  { name: 'speed', type: 'u8', initial: 0, min: 0, max: 5, client: true },
  // -- the rest of a life ------------------------------------------------------
  { name: 'weekday', type: 'u8', initial: 0, min: 0, max: 6, client: true },
  { name: 'peakEnergy', type: 'u8', initial: 0, min: 0, max: 100, client: true },
  { name: 'diamonds', type: 'u32', initial: 0, min: 0, max: U32, client: true },
  { name: 'stress', type: 'u8', initial: 0, min: 0, max: 100, client: true },
  { name: 'hunger', type: 'u8', initial: 0, min: 0, max: 100, client: true },
  { name: 'social', type: 'u8', initial: 0, min: 0, max: 100, client: true },
  { name: 'stage', type: 'u8', initial: 0, min: 0, max: 4, client: true },
  { name: 'activity', type: 'u8', initial: 0, min: 0, max: 3, client: true },
  { name: 'alive', type: 'u8', initial: 0, min: 0, max: 1, client: true },
  // 0 = none, otherwise catalog index + 1 of the question waiting for an answer.
  { name: 'pendingEvent', type: 'u16', initial: 0, min: 0, max: U16, client: true },
  { name: 'job', type: 'u16', initial: 0, min: 0, max: U16, client: true },
  { name: 'salary', type: 'u32', initial: 0, min: 0, max: U32, client: true },
  { name: 'jobPerformance', type: 'u8', initial: 0, min: 0, max: 100, client: true },
  { name: 'schoolPerformance', type: 'u8', initial: 0, min: 0, max: 100, client: true },
  { name: 'flags', type: 'u32', initial: 0, min: 0, max: U32, client: true },
  // -- a whole life (issue: content and life systems) ---------------------------
  // Enrolment now and the highest level finished (world/life.ts School).
  { name: 'school', type: 'u8', initial: 0, min: 0, max: 3, client: true },
  { name: 'educationDone', type: 'u8', initial: 0, min: 0, max: 3, client: true },
  // College major: 0 none, otherwise index + 1 in content/majors.ts.
  { name: 'major', type: 'u8', initial: 0, min: 0, max: U8, client: true },
  // GPA of the last level finished, in hundredths (0..400): performance/100 x 4.0.
  { name: 'gpa', type: 'u16', initial: 0, min: 0, max: 400, client: true },
  { name: 'focus', type: 'u8', initial: 0, min: 0, max: 3, client: true },
  // Extracurricular activities joined: bit k is content/activities.ts entry k.
  { name: 'extracurriculars', type: 'u16', initial: 0, min: 0, max: U16, client: true },
  // Rung on the job's career ladder (0 = entry) and weeks in the current job.
  { name: 'jobLevel', type: 'u8', initial: 0, min: 0, max: 15, client: true },
  { name: 'jobWeeks', type: 'u16', initial: 0, min: 0, max: U16, client: true },
  { name: 'mood', type: 'u8', initial: 0, min: 0, max: 7, client: true },
  // Health conditions: bit k is content/conditions.ts entry k.
  { name: 'conditions', type: 'u16', initial: 0, min: 0, max: U16, client: true },
  // Habits being quit: world/life.ts Habit bits.
  { name: 'quitting', type: 'u8', initial: 0, min: 0, max: 7, client: true },
  // Achievements unlocked: bit k is content/achievements.ts entry k.
  { name: 'achievements', type: 'u32', initial: 0, min: 0, max: U32, client: true },
  // Next step of the tutorial sequence for a new player (0 = not started).
  { name: 'tutorial', type: 'u8', initial: 0, min: 0, max: U8, client: true },
  // Energy bought beyond the 100 an energy bar holds; it flows back in as energy is spent.
  { name: 'energyReserve', type: 'u16', initial: 0, min: 0, max: U16, client: true },
  // Birthdays spent at the current school level (college ends after 4: sim/school-rules.ts).
  { name: 'schoolYears', type: 'u8', initial: 0, min: 0, max: U8, client: true },
  // -- server only ---------------------------------------------------------------
  // Sub-minute progress in millionths of a game minute (see sim/clock.ts).
  { name: 'carry', type: 'u32', initial: 0, min: 0, max: U32, client: false },
  // Per-player PRNG state: the only source of randomness in the rules.
  { name: 'rng', type: 'u32', initial: 0, min: 0, max: U32, client: false },
  // Interest tags the person likes and dislikes (bit sets), set at birth and
  // shaped by choices; event selection weighs candidates by them.
  { name: 'interests', type: 'u32', initial: 0, min: 0, max: U32, client: false },
  { name: 'dislikes', type: 'u32', initial: 0, min: 0, max: U32, client: false },
  // 1 while the player is not connected: the clock stands still, and the
  // time away is caught up (capped) when they come back.
  { name: 'away', type: 'u8', initial: 0, min: 0, max: 1, client: false },
] as const satisfies readonly FieldSpec[];

export type HotField = (typeof HOT_FIELDS)[number];
export type FieldName = HotField['name'];
export type ClientFieldName = Extract<HotField, { client: true }>['name'];

type ArrayOf<T extends ColumnType> = InstanceType<(typeof ColumnType)[T]>;

/** One typed-array column per hot field, keyed by field name. */
export type HotColumns = { [F in HotField as F['name']]: ArrayOf<F['type']> };

/** Field index (position in HOT_FIELDS) by name. */
export const FIELD_INDEX = Object.fromEntries(HOT_FIELDS.map((f, i) => [f.name, i])) as {
  readonly [K in FieldName]: number;
};

/** Client field names in wire-id order: `welcome.fields`. */
export const CLIENT_FIELDS: readonly ClientFieldName[] = HOT_FIELDS.filter((f) => f.client).map(
  (f) => f.name as ClientFieldName,
);

/** Wire id (and dirty bit) of each client field. */
export const CLIENT_FIELD_ID = Object.fromEntries(CLIENT_FIELDS.map((n, i) => [n, i])) as {
  readonly [K in ClientFieldName]: number;
};

// The client fields must be a prefix of HOT_FIELDS so that a field's index is
// also its wire id; the rules rely on that to mark dirty bits by index.
for (let i = 0; i < CLIENT_FIELDS.length; i++) {
  if (HOT_FIELDS[i]?.name !== CLIENT_FIELDS[i]) {
    throw new Error(`schema: client field ${CLIENT_FIELDS[i]} must come before server fields`);
  }
}

/** Words of 32 bits in each player's dirty mask. */
export const DIRTY_WORDS = Math.ceil(CLIENT_FIELDS.length / 32);

// -- per-player tables -----------------------------------------------------------

/** NPC relationship slots per player (family first, then friends, partner, ...). */
export const NPC_SLOTS = 8;

/** Columns of the NPC table; each holds NPC_SLOTS entries per player. */
export const NPC_FIELDS = [
  // 0 = empty slot; otherwise an NpcRole.
  { name: 'npcRole', type: 'u8', initial: 0, min: 0, max: U8 },
  { name: 'npcAffinity', type: 'i8', initial: 0, min: -100, max: 100 },
  { name: 'npcFamiliarity', type: 'u8', initial: 0, min: 0, max: 100 },
  { name: 'npcAge', type: 'u8', initial: 0, min: 0, max: U8 },
] as const;
export type NpcFieldName = (typeof NPC_FIELDS)[number]['name'];
export type NpcColumns = {
  [F in (typeof NPC_FIELDS)[number] as F['name']]: ArrayOf<F['type']>;
};

/** Bits of event history per player (the once-only events); a multiple of 32. */
export const EVENT_HISTORY_BITS = 512;
export const EVENT_HISTORY_WORDS = EVENT_HISTORY_BITS / 32;

/** Every shared column: hot fields, NPC tables, event history, dirty masks. */
export interface ColumnLayout {
  readonly name: string;
  readonly type: ColumnType;
  /** Entries per player. */
  readonly perPlayer: number;
}

export const COLUMN_LAYOUT: readonly ColumnLayout[] = [
  ...HOT_FIELDS.map((f) => ({ name: f.name, type: f.type, perPlayer: 1 })),
  ...NPC_FIELDS.map((f) => ({ name: f.name, type: f.type, perPlayer: NPC_SLOTS })),
  { name: 'eventHistory', type: 'u32', perPlayer: EVENT_HISTORY_WORDS },
  { name: 'dirty', type: 'u32', perPlayer: DIRTY_WORDS },
];

/** Bytes of shared hot state per player, every table included. */
export const BYTES_PER_PLAYER = COLUMN_LAYOUT.reduce(
  (sum, c) => sum + ColumnType[c.type].BYTES_PER_ELEMENT * c.perPlayer,
  0,
);
