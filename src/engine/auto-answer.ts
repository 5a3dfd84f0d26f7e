import { EventKind } from '../content/catalog.ts';
import { answer } from '../sim/actions.ts';
import { canAfford } from '../sim/effects.ts';
import type { Engine } from './engine.ts';

/**
 * Headless players answer their questions the moment they fire, the way a
 * scripted bot would: the first option they can afford, or else the last
 * option (content puts the free "no thanks" choice last). Without this a
 * headless world grinds to a halt as questions pause one player after
 * another. Runs in phase 2, where events are delivered.
 */
export function answerQuestionsAutomatically(engine: Engine): void {
  const cat = engine.catalog;
  engine.onEvent((slot, event) => {
    if (cat.kind[event] === EventKind.message) return;
    const c = engine.world.columns;
    // A dilemma may chain several steps; each answer can make the next pending.
    for (
      let pending = c.pendingEvent[slot]! - 1;
      pending >= 0;
      pending = c.pendingEvent[slot]! - 1
    ) {
      const options = cat.options[pending]!;
      const choice = options.find((o) => canAfford(c, slot, o)) ?? options[options.length - 1]!;
      if (!canAfford(c, slot, choice)) return; // nothing affordable: leave it waiting
      answer(c, slot, cat, cat.defs[pending]!.id, choice.id);
    }
  });
}
