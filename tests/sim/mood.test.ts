import { describe, expect, it } from 'vitest';
import { moodOf, updateMood } from '../../src/sim/mood.ts';
import type { Columns } from '../../src/world/columns.ts';
import { Flag, Mood, type MoodName } from '../../src/world/life.ts';
import { DIRTY_WORDS, FIELD_INDEX } from '../../src/world/schema.ts';
import { lives } from '../helpers/world.ts';

/** A person whose stats make no mood but `content`. */
function calm(c: Columns, s: number): void {
  c.flags[s] = 0;
  c.conditions[s] = 0;
  c.health[s] = 90;
  c.hunger[s] = 20;
  c.energy[s] = 80;
  c.stress[s] = 20;
  c.social[s] = 50;
  c.happiness[s] = 50;
}

const moodBit = (c: Columns, s: number) =>
  (c.dirty[s * DIRTY_WORDS + (FIELD_INDEX.mood >>> 5)]! >>> (FIELD_INDEX.mood & 31)) & 1;

describe('mood', () => {
  const c = lives(1, { speed: 1 });

  it.each<[MoodName, (c: Columns) => void]>([
    ['content', () => {}],
    ['sick', (c) => (c.flags[0] = Flag.ill)],
    ['sick', (c) => (c.conditions[0] = 1)],
    ['sick', (c) => (c.health[0] = 29)],
    ['hungry', (c) => (c.hunger[0] = 80)],
    ['tired', (c) => (c.energy[0] = 14)],
    ['stressed', (c) => (c.stress[0] = 70)],
    ['lonely', (c) => (c.social[0] = 19)],
    ['sad', (c) => (c.happiness[0] = 29)],
    ['happy', (c) => (c.happiness[0] = 75)],
  ])('%s', (name, set) => {
    calm(c, 0);
    set(c);
    expect(moodOf(c, 0)).toBe(Mood[name]);
  });

  it('puts the body first: sick over hungry over tired over stressed over lonely over sad', () => {
    calm(c, 0);
    c.happiness[0] = 10;
    expect(moodOf(c, 0)).toBe(Mood.sad);
    c.social[0] = 10;
    expect(moodOf(c, 0)).toBe(Mood.lonely);
    c.stress[0] = 90;
    expect(moodOf(c, 0)).toBe(Mood.stressed);
    c.energy[0] = 5;
    expect(moodOf(c, 0)).toBe(Mood.tired);
    c.hunger[0] = 95;
    expect(moodOf(c, 0)).toBe(Mood.hungry);
    c.health[0] = 10;
    expect(moodOf(c, 0)).toBe(Mood.sick);
  });

  it('is written, and marked dirty, only when it changes', () => {
    calm(c, 0);
    c.mood[0] = Mood.content;
    c.dirty.fill(0);
    updateMood(c, 0);
    expect(moodBit(c, 0)).toBe(0);
    c.happiness[0] = 90;
    updateMood(c, 0);
    expect(c.mood[0]).toBe(Mood.happy);
    expect(moodBit(c, 0)).toBe(1);
    c.dirty.fill(0);
    updateMood(c, 0);
    expect(moodBit(c, 0)).toBe(0);
  });
});
