import { describe, expect, it } from 'vitest';
import { parseItems } from '../../src/content/items.ts';
import { applyItem, itemRefusal, PET_AFFINITY, PET_FAMILIARITY } from '../../src/sim/items.ts';
import { DAYS_PER_YEAR, Flag, NpcRole } from '../../src/world/life.ts';
import { NPC_SLOTS } from '../../src/world/schema.ts';
import { snapshot } from '../helpers/columns.ts';
import { lives } from '../helpers/world.ts';

// Items made for these tests, so the rules are checked apart from the shop's prices.
const TEST_ITEMS = parseItems([
  { id: 'treat', name: 'Treat', category: 'food', price: 5, stats: { happiness: 7, hunger: -90 } },
  {
    id: 'bike',
    name: 'Bike',
    category: 'vehicle',
    price: 300,
    minAge: 12,
    setFlags: ['ownsCar'],
    onceFlag: 'ownsCar',
  },
  { id: 'puppy', name: 'Puppy', category: 'pet', price: 200, setFlags: ['hasPet'], pet: true },
]);
const [treat, bike, puppy] = [TEST_ITEMS[0]!, TEST_ITEMS[1]!, TEST_ITEMS[2]!];

/** One life of `years` (to the day), with an empty NPC table. */
function life(years: number) {
  const c = lives(1, { speed: 1 });
  c.ageDays[0] = years * DAYS_PER_YEAR;
  c.flags[0] = 0;
  c.npcRole.fill(0, 0, NPC_SLOTS);
  return c;
}

const pets = (c: ReturnType<typeof life>) =>
  [...c.npcRole.subarray(0, NPC_SLOTS)].filter((r) => r === NpcRole.pet).length;

describe('itemRefusal', () => {
  it('refuses the too young until the birthday of minAge', () => {
    const c = life(12);
    c.ageDays[0] = 12 * DAYS_PER_YEAR - 1;
    expect(itemRefusal(c, 0, bike)).toBe('Bike is for ages 12 and up');
    c.ageDays[0] = 12 * DAYS_PER_YEAR;
    expect(itemRefusal(c, 0, bike)).toBeUndefined();
  });

  it('refuses a once-a-life item while its flag is set', () => {
    const c = life(30);
    c.flags[0] = Flag.ownsCar;
    expect(itemRefusal(c, 0, bike)).toBe('you already have a bike');
    expect(itemRefusal(c, 0, treat)).toBeUndefined();
  });

  it('refuses a pet when the NPC table has no free entry', () => {
    const c = life(30);
    c.npcRole.fill(NpcRole.friend, 0, NPC_SLOTS - 1);
    expect(itemRefusal(c, 0, puppy)).toBeUndefined();
    c.npcRole[NPC_SLOTS - 1] = NpcRole.friend;
    expect(itemRefusal(c, 0, puppy)).toBe('there is no room in your life for a pet');
    expect(itemRefusal(c, 0, treat)).toBeUndefined();
  });
});

describe('applyItem', () => {
  it('moves the stats within their bounds and leaves the paying to the purchase', () => {
    const c = life(30);
    c.happiness[0] = 50;
    c.hunger[0] = 40;
    const before = snapshot(c, 0, ['happiness', 'hunger']);
    applyItem(c, 0, treat);
    expect(c.happiness[0]).toBe(57);
    expect(c.hunger[0]).toBe(0);
    // Nothing else: not the money, not the flags.
    expect(snapshot(c, 0, ['happiness', 'hunger'])).toEqual(before);
  });

  it('sets the item flags, keeping those already set', () => {
    const c = life(30);
    c.flags[0] = Flag.smoker;
    applyItem(c, 0, bike);
    expect(c.flags[0]).toBe(Flag.smoker | Flag.ownsCar);
    expect(itemRefusal(c, 0, bike)).toBe('you already have a bike');
  });

  it('brings a pet in: young, fond of its owner, barely known', () => {
    const c = life(30);
    applyItem(c, 0, puppy);
    expect(pets(c)).toBe(1);
    const i = [...c.npcRole.subarray(0, NPC_SLOTS)].indexOf(NpcRole.pet);
    expect(c.npcAge[i]).toBe(0);
    expect(c.npcAffinity[i]).toBe(PET_AFFINITY);
    expect(c.npcFamiliarity[i]).toBe(PET_FAMILIARITY);
    expect(c.flags[0]! & Flag.hasPet).not.toBe(0);
  });
});
