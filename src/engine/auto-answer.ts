import { EventKind } from '../content/catalog.ts';
import { answer } from '../sim/actions.ts';
import { canAfford } from '../sim/effects.ts';
import { ACHIEVEMENT_REPORT } from '../sim/events.ts';
import { below } from '../sim/random.ts';
import type { Engine } from './engine.ts';

/**
 * Headless players answer their questions the moment they fire, the way
 * players with their own minds would: one of the options they can afford,
 * drawn from their own PRNG (so a run stays a pure function of the seed).
 * Taking always the first option would make every headless life the same
 * life: everyone to college, everyone married by 25. Content guarantees a
 * free option, so there is always one to take. Without this a headless
 * world grinds to a halt as questions pause one player after another. Runs
 * in phase 2, where events are delivered.
 */
export function answerQuestionsAutomatically(engine: Engine): void {
  const cat = engine.catalog;
  const affordable: number[] = [];
  engine.onEvent((slot, event) => {
    // Achievement reports are not events; messages ask nothing.
    if (event >= ACHIEVEMENT_REPORT || cat.kind[event] === EventKind.message) return;
    const c = engine.world.columns;
    // A dilemma may chain several steps; each answer can make the next pending.
    for (
      let pending = c.pendingEvent[slot]! - 1;
      pending >= 0;
      pending = c.pendingEvent[slot]! - 1
    ) {
      const options = cat.options[pending]!;
      affordable.length = 0;
      for (let k = 0; k < options.length; k++)
        if (canAfford(c, slot, options[k]!)) affordable.push(k);
      if (affordable.length === 0) return; // cannot happen with checked content; leave it waiting
      const choice = options[affordable[below(c, slot, affordable.length)]!]!;
      answer(c, slot, cat, cat.defs[pending]!.id, choice.id);
    }
  });
}
