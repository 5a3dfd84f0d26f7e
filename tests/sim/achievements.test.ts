import { describe, expect, it } from 'vitest';
import {
  ACHIEVEMENT_DEFS,
  ACHIEVEMENTS,
  compileAchievements,
  MAX_ACHIEVEMENTS,
} from '../../src/content/achievements.ts';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { ACHIEVEMENTS_PER_DAY, dailyAchievements } from '../../src/sim/achievements.ts';
import { answer } from '../../src/sim/actions.ts';
import { advance } from '../../src/sim/advance.ts';
import { conditionsHold } from '../../src/sim/conditions.ts';
import { canAfford } from '../../src/sim/effects.ts';
import { ACHIEVEMENT_REPORT, ageYears, type FiredEvents } from '../../src/sim/events.ts';
import type { Columns } from '../../src/world/columns.ts';
import { Flag } from '../../src/world/life.ts';
import { CLIENT_FIELD_ID, DIRTY_WORDS } from '../../src/world/schema.ts';
import { lives } from '../helpers/world.ts';

const cat = defaultCatalog();
/** One life of 30 (seed 3, player 0) in slot 0. */
const ADULT = { seed: 3, ageYears: 30 } as const;
const MINUTES_PER_DAY = 1440;
// Every achievement is looked at within this many days (one window a day).
const WINDOWS = Math.ceil(ACHIEVEMENTS.defs.length / ACHIEVEMENTS_PER_DAY);
const bit = (id: string) => (1 << ACHIEVEMENTS.indexById.get(id)!) >>> 0;

/** Answer a pending question with the first option the player can afford; false when none is. */
function answerPending(c: Columns, s: number): boolean {
  const pending = c.pendingEvent[s]! - 1;
  if (pending < 0) return true;
  const option = cat.options[pending]!.find((o) => canAfford(c, s, o));
  if (!option) return false;
  answer(c, s, cat, cat.defs[pending]!.id, option.id);
  return true;
}

/** Live `minutes` of a life, answering questions on the way (a life that cannot answer stops). */
function live(c: Columns, s: number, minutes: number, out: FiredEvents): void {
  let left = minutes;
  while (left > 0 && c.alive[s] === 1) {
    left -= advance(c, s, left, cat, out);
    if (!answerPending(c, s)) return;
  }
}

/** Achievement reports in `out` as [slot, k] pairs. */
function reports(out: FiredEvents): [number, number][] {
  const r: [number, number][] = [];
  for (let i = 0; i < out.length; i += 2) {
    if (out[i + 1]! >= ACHIEVEMENT_REPORT) r.push([out[i]!, out[i + 1]! - ACHIEVEMENT_REPORT]);
  }
  return r;
}

describe('achievement content', () => {
  it('fits the bitset, with unique ids and rewards', () => {
    expect(ACHIEVEMENT_DEFS.length).toBeGreaterThanOrEqual(20);
    expect(ACHIEVEMENT_DEFS.length).toBeLessThanOrEqual(MAX_ACHIEVEMENTS);
    expect(new Set(ACHIEVEMENT_DEFS.map((d) => d.id)).size).toBe(ACHIEVEMENT_DEFS.length);
    expect(ACHIEVEMENTS.all).toBe(2 ** ACHIEVEMENT_DEFS.length - 1);
  });

  it.each([
    ['an unknown flag', [{ id: 'x', title: 'X', text: 'x', diamonds: 1, when: { all: ['rich'] } }]],
    [
      'a chance (achievements do not fire)',
      [{ id: 'x', title: 'X', text: 'x', diamonds: 1, when: { chance: 1 } }],
    ],
    [
      'three stat ranges',
      [
        {
          id: 'x',
          title: 'X',
          text: 'x',
          diamonds: 1,
          when: { stats: { money: { min: 1 }, health: { min: 1 }, stress: { max: 1 } } },
        },
      ],
    ],
    [
      'a duplicate id',
      [
        { id: 'x', title: 'X', text: 'x', diamonds: 1, when: {} },
        { id: 'x', title: 'Y', text: 'y', diamonds: 1, when: {} },
      ],
    ],
    [
      'more than the bitset holds',
      Array.from({ length: MAX_ACHIEVEMENTS + 1 }, (_, k) => ({
        id: `a${k}`,
        title: 'A',
        text: 'a',
        diamonds: 1,
        when: {},
      })),
    ],
  ])('refuses %s', (_, input) => {
    expect(() => compileAchievements(input)).toThrow();
  });

  it('compiles a full set of 32', () => {
    const full = compileAchievements(
      Array.from({ length: MAX_ACHIEVEMENTS }, (_, k) => ({
        id: `a${k}`,
        title: 'A',
        text: 'a',
        diamonds: 1,
        when: {},
      })),
    );
    expect(full.all).toBe(0xffff_ffff);
  });
});

describe('dailyAchievements', () => {
  it('unlocks once and reports once over whole lives', () => {
    const players = 60;
    const c = lives(players, { seed: 23, speed: 5 });
    const out: FiredEvents = [];
    // A game year of every life, every age from newborn to old.
    for (let s = 0; s < players; s++) live(c, s, 365 * MINUTES_PER_DAY, out);

    const seen = new Set<string>();
    const reportedBits = new Uint32Array(players);
    for (const [s, k] of reports(out)) {
      const key = `${s}:${k}`;
      expect(seen.has(key), `achievement ${k} reported twice for slot ${s}`).toBe(false);
      seen.add(key);
      reportedBits[s] = (reportedBits[s]! | (1 << k)) >>> 0;
    }
    expect(seen.size).toBeGreaterThan(players); // lives do reach milestones
    for (let s = 0; s < players; s++) {
      // The column holds exactly what was reported: nothing unlocks silently.
      expect(c.achievements[s], `slot ${s}`).toBe(reportedBits[s]);
    }
    // Age milestones are reached by everyone alive past them.
    for (let s = 0; s < players; s++) {
      if (c.alive[s] === 1 && ageYears(c, s) >= 18) {
        expect(c.achievements[s]! & bit('grown_up')).not.toBe(0);
      }
    }
  });

  it('unlocks an achievement within a few days of its condition holding, then never again', () => {
    const c = lives(1, ADULT);
    const s = 0;
    c.flags[s] = (c.flags[s]! | Flag.hasPet) >>> 0;
    c.achievements[s] = 0;
    const out: FiredEvents = [];
    for (let day = 0; day < WINDOWS; day++) {
      c.ageDays[s]!++;
      dailyAchievements(c, s, ageYears(c, s), out);
    }
    const k = ACHIEVEMENTS.indexById.get('pet_owner')!;
    expect(reports(out).filter(([, x]) => x === k)).toEqual([[s, k]]);
    expect(c.achievements[s]! & bit('pet_owner')).not.toBe(0);
    // Everything reported holds, and everything that holds was reported.
    for (let j = 0; j < ACHIEVEMENTS.defs.length; j++) {
      const held = conditionsHold(c, s, ACHIEVEMENTS, j, ageYears(c, s));
      expect((c.achievements[s]! & (1 << j)) !== 0, ACHIEVEMENTS.defs[j]!.id).toBe(held);
    }
    const before = out.length;
    for (let day = 0; day < 3 * WINDOWS; day++) {
      c.ageDays[s]!++;
      dailyAchievements(c, s, ageYears(c, s), out);
    }
    expect(out.length).toBe(before);
  });

  it('marks the column dirty so clients see the unlock', () => {
    const c = lives(1, ADULT);
    const s = 0;
    c.achievements[s] = 0;
    c.dirty.fill(0);
    const out: FiredEvents = [];
    for (let day = 0; day < WINDOWS; day++) {
      c.ageDays[s]!++;
      dailyAchievements(c, s, ageYears(c, s), out);
    }
    expect(c.achievements[s]).not.toBe(0); // a 30-year-old is grown up at least
    const id = CLIENT_FIELD_ID.achievements;
    expect(c.dirty[s * DIRTY_WORDS + (id >>> 5)]! & (1 << (id & 31))).not.toBe(0);
  });

  it('costs a player with every achievement one comparison: no report, no change', () => {
    const c = lives(1, ADULT);
    const s = 0;
    c.achievements[s] = ACHIEVEMENTS.all;
    c.dirty.fill(0);
    const out: FiredEvents = [];
    for (let day = 0; day < WINDOWS; day++) {
      c.ageDays[s]!++;
      dailyAchievements(c, s, ageYears(c, s), out);
    }
    expect(out).toEqual([]);
    expect(Array.from(c.dirty)).toEqual(new Array(c.dirty.length).fill(0));
  });
});
