import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { answer } from '../../src/sim/actions.ts';
import { advance } from '../../src/sim/advance.ts';
import { canAfford } from '../../src/sim/effects.ts';
import { interestWeight } from '../../src/sim/events.ts';
import type { Columns } from '../../src/world/columns.ts';
import { DAYS_PER_YEAR, Interest } from '../../src/world/life.ts';
import { lives } from '../helpers/world.ts';

const cat = defaultCatalog();

/** Live `players` lives of the same age and seed for `days`, tastes set by `taste`; count fired events by tag. */
function liveWithTaste(likes: number, dislikes: number, players: number, days: number) {
  const c = lives(players, { seed: 21, speed: 5 });
  for (let s = 0; s < players; s++) {
    // Everyone 30 years old, so only tastes differ between the two runs.
    c.ageDays[s] = 30 * DAYS_PER_YEAR;
    c.interests[s] = likes;
    c.dislikes[s] = dislikes;
  }
  const byTag = new Map<number, number>();
  let fired = 0;
  const out: number[] = [];
  for (let s = 0; s < players; s++) {
    let left = days * 1440;
    while (left > 0 && c.alive[s] === 1) {
      out.length = 0;
      left -= advance(c, s, left, cat, out);
      for (let k = 1; k < out.length; k += 2) {
        const e = out[k]!;
        if (e >= cat.defs.length) continue;
        fired++;
        byTag.set(cat.tagMask[e]!, (byTag.get(cat.tagMask[e]!) ?? 0) + 1);
      }
      answerAll(c, s);
    }
  }
  return { fired, byTag };
}

function answerAll(c: Columns, s: number): void {
  for (let p = c.pendingEvent[s]! - 1; p >= 0; p = c.pendingEvent[s]! - 1) {
    const option = cat.options[p]!.find((o) => canAfford(c, s, o))!;
    answer(c, s, cat, cat.defs[p]!.id, option.id);
  }
}

const share = (r: ReturnType<typeof liveWithTaste>, tag: number) => {
  let n = 0;
  for (const [mask, count] of r.byTag) if ((mask & tag) !== 0) n += count;
  return n / r.fired;
};

describe('interest-weighted event selection', () => {
  it('weighs an event by the tags a person likes and dislikes', () => {
    expect(interestWeight(0, Interest.music, 0)).toBe(1);
    expect(interestWeight(Interest.music, Interest.music, 0)).toBe(3);
    expect(interestWeight(Interest.music | Interest.art, Interest.music | Interest.art, 0)).toBe(5);
    expect(interestWeight(Interest.music, Interest.music, Interest.music)).toBe(0.25);
  });

  it('gives two people of the same age different lives: a music lover hears more music', () => {
    const lover = liveWithTaste(Interest.music, Interest.sports, 300, 120);
    const hater = liveWithTaste(Interest.sports, Interest.music, 300, 120);
    expect(lover.fired).toBeGreaterThan(200);
    expect(hater.fired).toBeGreaterThan(200);
    // The same hours bring about as much life (the chance to fire does not
    // depend on taste)...
    expect(lover.fired / hater.fired).toBeGreaterThan(0.8);
    expect(lover.fired / hater.fired).toBeLessThan(1.25);
    // ...but the mix leans to what each likes.
    expect(share(lover, Interest.music)).toBeGreaterThan(2 * share(hater, Interest.music));
    expect(share(hater, Interest.sports)).toBeGreaterThan(2 * share(lover, Interest.sports));
  });
});
