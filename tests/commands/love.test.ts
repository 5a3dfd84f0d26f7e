import { describe, expect, it } from 'vitest';
import { LOVE_COMMANDS } from '../../protocol/commands/love.ts';
import { GIFT_BY_ID, GIFTS } from '../../src/content/gifts.ts';
import {
  DATE_NIGHT_ENERGY,
  DATE_NIGHT_MONEY,
  ROMANCE_ENERGY,
} from '../../src/sim/relationships.ts';
import { Flag, NpcRole } from '../../src/world/life.ts';
import { NPC_SLOTS } from '../../src/world/schema.ts';
import { snapshot } from '../helpers/columns.ts';
import {
  c,
  clock,
  expectRefused,
  npc,
  player,
  run,
  useLoveEngine,
} from '../helpers/love-players.ts';

useLoveEngine();

describe('getSwipeCharacter', () => {
  it('shows a new adult candidate near your age each time, and remembers the last', () => {
    const { ctx, s } = player({ age: 30 });
    const seen = new Set<number>();
    for (let k = 0; k < 20; k++) {
      const rng = c.rng[s];
      const shown = run(ctx, 'getSwipeCharacter');
      expect(c.rng[s]).not.toBe(rng);
      expect(ctx.cold.swipe).toEqual({ candidate: shown.candidateId, at: clock.now });
      expect(shown.age).toBeGreaterThanOrEqual(26);
      expect(shown.age).toBeLessThanOrEqual(34);
      expect(shown.traits).toHaveLength(2);
      expect(new Set(shown.traits).size).toBe(2);
      expect(shown.interests).toHaveLength(3);
      for (const i of shown.sharedInterests) expect(shown.interests).toContain(i);
      seen.add(shown.candidateId);
    }
    expect(seen.size).toBe(20);
    expect(ctx.cold.counters.swipesShown).toBe(20);
    // A young adult is never shown anyone under 18.
    const young = player({ age: 18 });
    for (let k = 0; k < 20; k++)
      expect(run(young.ctx, 'getSwipeCharacter').age).toBeGreaterThanOrEqual(18);
  });

  it('is refused to minors, to people with a partner, to the dead, and with stray arguments', () => {
    const minor = player({ age: 17 });
    expectRefused(minor.ctx, minor.s, 'getSwipeCharacter', {}, 'CONFLICT');
    const taken = player({ npcs: [['partner', 50]], flags: Flag.hasPartner });
    expectRefused(taken.ctx, taken.s, 'getSwipeCharacter', {}, 'CONFLICT');
    // The flag alone (an event's partner who found no room) counts too.
    const flagged = player({ flags: Flag.hasPartner });
    expectRefused(flagged.ctx, flagged.s, 'getSwipeCharacter', {}, 'CONFLICT');
    const dead = player();
    c.alive[dead.s] = 0;
    expectRefused(dead.ctx, dead.s, 'getSwipeCharacter', {}, 'CONFLICT');
    const any = player();
    expectRefused(any.ctx, any.s, 'getSwipeCharacter', { extra: 1 }, 'INVALID_ARGS');
  });
});

describe('swipeMatch', () => {
  it('a pass forgets the candidate and changes nothing else', () => {
    const { ctx, s } = player();
    const { candidateId } = run(ctx, 'getSwipeCharacter');
    const npcs = snapshot(c, s);
    expect(run(ctx, 'swipeMatch', { candidateId, like: false })).toEqual({
      matched: false,
      chance: 0,
    });
    expect(ctx.cold.swipe).toBeNull();
    expect(snapshot(c, s)).toEqual(npcs);
    expectRefused(ctx, s, 'swipeMatch', { candidateId, like: true }, 'NOT_FOUND');
  });

  it('a like matches with its chance; a match is a new partner with the dating bonus', () => {
    const { ctx, s } = player({ age: 30, npcs: [['friend', 10]] });
    c.social[s] = 100;
    c.happiness[s] = 100;
    let misses = 0;
    let match: { matched: boolean; chance: number; npc?: { id: number } } | undefined;
    let shownAge = 0;
    for (let k = 0; k < 50 && !match?.matched; k++) {
      const shown = run(ctx, 'getSwipeCharacter');
      shownAge = shown.age;
      match = run(ctx, 'swipeMatch', { candidateId: shown.candidateId, like: true });
      // 20% + 15% per shared interest + 10 + 10 for full social and happiness.
      expect(match!.chance).toBe(40 + 15 * shown.sharedInterests.length);
      if (!match!.matched) misses++;
    }
    expect(match?.matched).toBe(true);
    const id = match!.npc!.id;
    expect(id).toBe(3);
    const partner = npc(s, id);
    expect(partner.role).toBe(NpcRole.partner);
    expect(partner.affinity).toBeGreaterThanOrEqual(10);
    expect(partner.affinity).toBeLessThanOrEqual(40);
    expect(partner.familiarity).toBe(10);
    expect(c.npcAge[s * NPC_SLOTS + id]).toBe(shownAge);
    expect(c.flags[s]! & Flag.hasPartner).toBe(Flag.hasPartner);
    expect(ctx.cold.counters.matches).toBe(1);
    expect(ctx.cold.counters.swipesLiked).toBe(misses + 1);
    expect(ctx.cold.swipe).toBeNull();
    // With a partner, no more swiping.
    expectRefused(ctx, s, 'getSwipeCharacter', {}, 'CONFLICT');
  });

  it('is refused for a candidate never shown, or not the last one shown', () => {
    const { ctx, s } = player();
    expectRefused(ctx, s, 'swipeMatch', { candidateId: 1, like: true }, 'NOT_FOUND');
    const first = run(ctx, 'getSwipeCharacter');
    run(ctx, 'getSwipeCharacter');
    expectRefused(
      ctx,
      s,
      'swipeMatch',
      { candidateId: first.candidateId, like: true },
      'NOT_FOUND',
    );
    expectRefused(ctx, s, 'swipeMatch', { candidateId: -1, like: true }, 'INVALID_ARGS');
    expectRefused(ctx, s, 'swipeMatch', { candidateId: 1 }, 'INVALID_ARGS');
  });

  it('is refused once you have a partner, and with a table full of people who stay', () => {
    const taken = player();
    const shown = run(taken.ctx, 'getSwipeCharacter');
    c.flags[taken.s] = Flag.hasPartner;
    const args = { candidateId: shown.candidateId, like: true };
    expectRefused(taken.ctx, taken.s, 'swipeMatch', args, 'CONFLICT');

    const full = player({
      npcs: [
        ['sibling', 10],
        ['friend', 10],
        ['friend', 10],
        ['coworker', 10],
        ['child', 10],
        ['pet', 10],
      ],
    });
    const candidate = run(full.ctx, 'getSwipeCharacter');
    const like = { candidateId: candidate.candidateId, like: true };
    expectRefused(full.ctx, full.s, 'swipeMatch', like, 'CONFLICT');
    // Passing needs no room.
    expect(run(full.ctx, 'swipeMatch', { ...like, like: false }).matched).toBe(false);
  });

  it('a faded ex gives up their place to a new match when the table is full', () => {
    const { ctx, s } = player({
      npcs: [
        ['ex', -20],
        ['friend', 10],
        ['ex', -30],
        ['coworker', 10],
        ['child', 10],
        ['pet', 10],
      ],
    });
    c.npcFamiliarity[s * NPC_SLOTS + 2] = 30;
    c.npcFamiliarity[s * NPC_SLOTS + 4] = 5;
    c.social[s] = 100;
    c.happiness[s] = 100;
    let result: { matched: boolean; npc?: { id: number } } = { matched: false };
    for (let k = 0; k < 50 && !result.matched; k++) {
      const { candidateId } = run(ctx, 'getSwipeCharacter');
      result = run(ctx, 'swipeMatch', { candidateId, like: true });
    }
    expect(result.npc?.id).toBe(4);
    expect(npc(s, 4).role).toBe(NpcRole.partner);
    expect(npc(s, 2).role).toBe(NpcRole.ex);
  });
});

describe('romance', () => {
  it('turns a friend into a partner, at an energy cost', () => {
    const { ctx, s } = player({ npcs: [['friend', 30]] });
    const result = run(ctx, 'romance', { npcId: 2 });
    expect(result.becamePartner).toBe(true);
    expect(result.npc.role).toBe('partner');
    expect(result.npc.affinity).toBeGreaterThanOrEqual(40);
    expect(result.npc.affinity).toBeLessThanOrEqual(70);
    expect(result.npc.familiarity).toBeGreaterThanOrEqual(45);
    expect(result.npc.familiarity).toBeLessThanOrEqual(50);
    expect(c.flags[s]! & Flag.hasPartner).toBe(Flag.hasPartner);
    expect(c.energy[s]).toBe(100 - ROMANCE_ENERGY);
    expect(ctx.cold.counters.romances).toBe(1);

    // Again, with the partner: fonder (+10..40, up to 100), no change of role.
    const again = run(ctx, 'romance', { npcId: 2 });
    expect(again.becamePartner).toBe(false);
    expect(again.npc.affinity).toBeGreaterThanOrEqual(Math.min(100, result.npc.affinity + 10));
    expect(again.npc.affinity).toBeLessThanOrEqual(Math.min(100, result.npc.affinity + 40));
  });

  it('costs no energy while an unlimited refill lasts', () => {
    const { ctx, s } = player({ npcs: [['partner', 30]], flags: Flag.hasPartner, energy: 0 });
    ctx.cold.unlimitedEnergyUntil = clock.now + 1000;
    run(ctx, 'romance', { npcId: 2 });
    expect(c.energy[s]).toBe(0);
  });

  it('is refused without affinity above 20, to family, to minors, to the taken, and when tired', () => {
    const cool = player({ npcs: [['friend', 20]] });
    expectRefused(cool.ctx, cool.s, 'romance', { npcId: 2 }, 'CONFLICT');
    const family = player();
    expectRefused(family.ctx, family.s, 'romance', { npcId: 0 }, 'CONFLICT');
    expectRefused(family.ctx, family.s, 'romance', { npcId: 5 }, 'NOT_FOUND');
    expectRefused(family.ctx, family.s, 'romance', { npcId: 8 }, 'INVALID_ARGS');
    const minor = player({ age: 16, npcs: [['friend', 60]] });
    expectRefused(minor.ctx, minor.s, 'romance', { npcId: 2 }, 'CONFLICT');
    const taken = player({
      npcs: [
        ['partner', 60],
        ['friend', 60],
      ],
      flags: Flag.hasPartner,
    });
    expectRefused(taken.ctx, taken.s, 'romance', { npcId: 3 }, 'CONFLICT');
    const tired = player({ npcs: [['friend', 60]], energy: ROMANCE_ENERGY - 1 });
    expectRefused(tired.ctx, tired.s, 'romance', { npcId: 2 }, 'INSUFFICIENT_FUNDS');
  });
});

describe('dateNight', () => {
  it('an evening out with the partner: money, energy, affinity, familiarity, mood', () => {
    const { ctx, s } = player({ npcs: [['partner', 30]], flags: Flag.hasPartner });
    const result = run(ctx, 'dateNight', { npcId: 2 });
    expect(result.npc.affinity).toBeGreaterThanOrEqual(40);
    expect(result.npc.affinity).toBeLessThanOrEqual(50);
    expect(result.npc.familiarity).toBeGreaterThanOrEqual(50);
    expect(result.npc.familiarity).toBeLessThanOrEqual(60);
    expect(c.money[s]).toBe(1000 - DATE_NIGHT_MONEY);
    expect(c.energy[s]).toBe(100 - DATE_NIGHT_ENERGY);
    expect(c.happiness[s]).toBe(58);
    expect(c.stress[s]).toBe(25);
    expect(ctx.cold.counters.dates).toBe(1);
  });

  it('is refused with anyone but the partner, and without the money or the energy', () => {
    const friend = player({ npcs: [['friend', 80]] });
    expectRefused(friend.ctx, friend.s, 'dateNight', { npcId: 2 }, 'CONFLICT');
    expectRefused(friend.ctx, friend.s, 'dateNight', { npcId: 4 }, 'NOT_FOUND');
    const poor = player({
      npcs: [['partner', 30]],
      flags: Flag.hasPartner,
      money: DATE_NIGHT_MONEY - 1,
    });
    expectRefused(poor.ctx, poor.s, 'dateNight', { npcId: 2 }, 'INSUFFICIENT_FUNDS');
    const tired = player({
      npcs: [['partner', 30]],
      flags: Flag.hasPartner,
      energy: DATE_NIGHT_ENERGY - 1,
    });
    expectRefused(tired.ctx, tired.s, 'dateNight', { npcId: 2 }, 'INSUFFICIENT_FUNDS');
  });
});

describe('partnerGift', () => {
  it('is worth its full affinity to a partner and half to anyone else', () => {
    const { ctx, s } = player({ npcs: [['partner', 30]], flags: Flag.hasPartner });
    const flowers = GIFT_BY_ID.get('flowers')!;
    const toPartner = run(ctx, 'partnerGift', { npcId: 2, giftId: 'flowers' });
    expect(toPartner).toMatchObject({ giftId: 'flowers', price: flowers.price });
    expect(toPartner.affinity).toBe(flowers.affinity);
    expect(toPartner.npc.affinity).toBe(30 + flowers.affinity);
    const watch = GIFT_BY_ID.get('watch')!;
    c.money[s] = watch.price;
    const toMother = run(ctx, 'partnerGift', { npcId: 0, giftId: 'watch' });
    expect(toMother.affinity).toBe(watch.affinity >> 1);
    expect(toMother.npc.affinity).toBe(50 + (watch.affinity >> 1));
    expect(c.money[s]).toBe(0);
    expect(ctx.cold.counters.gifts).toBe(2);
  });

  it('is refused for an unknown gift, an unknown NPC, or without the money', () => {
    const { ctx, s } = player({ money: 20 });
    expectRefused(ctx, s, 'partnerGift', { npcId: 0, giftId: 'yacht' }, 'NOT_FOUND');
    expectRefused(ctx, s, 'partnerGift', { npcId: 0, giftId: '__proto__' }, 'NOT_FOUND');
    expectRefused(ctx, s, 'partnerGift', { npcId: 6, giftId: 'book' }, 'NOT_FOUND');
    expectRefused(ctx, s, 'partnerGift', { npcId: 0, giftId: 'flowers' }, 'INSUFFICIENT_FUNDS');
    expectRefused(ctx, s, 'partnerGift', { npcId: 0, giftId: 'x'.repeat(33) }, 'INVALID_ARGS');
  });

  it('the contract names every gift and its price', () => {
    for (const gift of GIFTS)
      expect(LOVE_COMMANDS.partnerGift.summary).toContain(`${gift.id} ${gift.price}`);
  });
});
