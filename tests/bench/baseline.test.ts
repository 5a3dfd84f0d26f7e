import { describe, expect, it } from 'vitest';
import {
  autoAnswer,
  type Person,
  personFromSlot,
  personState,
  slotState,
  tickPeople,
} from '../../bench/baseline/object-world.ts';
import { ACTIVITIES } from '../../src/content/activities.ts';
import { EventKind } from '../../src/content/catalog.ts';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { standardLife } from '../../src/engine/population.ts';
import { answer } from '../../src/sim/actions.ts';
import { simulateRange } from '../../src/sim/advance.ts';
import { createLife } from '../../src/sim/birth.ts';
import { microsPerQuantum } from '../../src/sim/clock.ts';
import { canAfford } from '../../src/sim/effects.ts';
import { ACHIEVEMENT_REPORT } from '../../src/sim/events.ts';
import { below } from '../../src/sim/random.ts';
import type { Columns } from '../../src/world/columns.ts';
import { Flag, Habit } from '../../src/world/life.ts';
import { WorldStore } from '../../src/world/store.ts';

const PLAYERS = 300;
const TICKS = 3000;
// Twenty times the game's speeds, so 3000 ticks of the standard mix cover
// a couple of weeks of the slowest lives and years of the fastest: every
// daily, weekly and birthday rule runs, not only the hourly ones.
const TIME_SCALE = 20;
const cat = defaultCatalog();

/** engine/auto-answer.ts's choice, over the columns: an affordable option drawn from the player's PRNG. */
function answerLikeABot(c: Columns, s: number): void {
  for (let pending = c.pendingEvent[s]! - 1; pending >= 0; pending = c.pendingEvent[s]! - 1) {
    const options = cat.options[pending]!;
    const affordable = options.filter((o) => canAfford(c, s, o));
    if (affordable.length === 0) return;
    const choice = affordable[below(c, s, affordable.length)]!;
    answer(c, s, cat, cat.defs[pending]!.id, choice.id);
  }
}

/**
 * What players choose by command and headless lives never do: a focus at
 * school and work, activities, quitting habits. Set on the columns before
 * the copy, so both designs start with them and their rules run too.
 */
function varyChoices(c: Columns, s: number, player: number): void {
  c.focus[s] = player % 4;
  if (player % 3 === 0) c.extracurriculars[s] = 1 << (player % ACTIVITIES.length);
  if (player % 5 === 0) c.extracurriculars[s] = c.extracurriculars[s]! | 0b111;
  if (player % 2 === 0) c.quitting[s] = Habit.smoking.bit | Habit.drinking.bit | Habit.exercise.bit;
  if (player % 7 === 0)
    c.flags[s] = (c.flags[s]! | Flag.smoker | Flag.drinker | Flag.exercises) >>> 0;
}

const isQuestion = (report: number) =>
  report < ACHIEVEMENT_REPORT && cat.kind[report] !== EventKind.message;

/**
 * bench `sim` compares the engine with the object-per-player, minute-by-
 * minute design (bench/baseline/object-world.ts). The ratio means something
 * only if both run the same game: here both designs take the same players
 * (every age, the standard speed mix, clocks spread over the day) through
 * the same ticks on the full catalog, headless players answering their
 * questions, and must fire the same events in the same order every tick and
 * end with the same value in every field, NPC and history bit.
 */
describe('bench baseline', () => {
  it('lives the same lives as the engine on the full catalog', () => {
    const world = new WorldStore({ capacity: PLAYERS, maxCapacity: PLAYERS });
    const people: Person[] = [];
    for (let player = 0; player < PLAYERS; player++) {
      const slot = world.resolve(world.allocate());
      createLife(world.columns, slot, standardLife(7, player, undefined, 'spread'));
      varyChoices(world.columns, slot, player);
      people.push(personFromSlot(world.columns, slot));
    }
    const c = world.columns;
    const micros = microsPerQuantum(20, TIME_SCALE);
    const engineOut: number[] = [];
    const baselineOut: number[] = [];
    let fired = 0;
    let questions = 0;
    let engineMinutes = 0;
    let baselineMinutes = 0;
    for (let tick = 0; tick < TICKS; tick++) {
      engineOut.length = 0;
      baselineOut.length = 0;
      engineMinutes += simulateRange(c, 0, PLAYERS, 1, micros, cat, engineOut);
      baselineMinutes += tickPeople(people, 1, micros, cat, baselineOut);
      expect(baselineOut, `events of tick ${tick}`).toEqual(engineOut);
      for (let k = 0; k < engineOut.length; k += 2) {
        if (!isQuestion(engineOut[k + 1]!)) continue;
        questions++;
        answerLikeABot(c, engineOut[k]!);
        autoAnswer(people[engineOut[k]!]!, cat);
      }
      fired += engineOut.length / 2;
      if (tick % 500 === 499 || tick === TICKS - 1) {
        for (let s = 0; s < PLAYERS; s++)
          expect(personState(people[s]!), `player ${s} after tick ${tick}`).toEqual(
            slotState(c, s),
          );
      }
    }
    expect(baselineMinutes).toBe(engineMinutes);
    // The run was a life, not a quiet clock: events, questions and deaths.
    expect(fired).toBeGreaterThan(PLAYERS * 5);
    expect(questions).toBeGreaterThan(PLAYERS);
    let dead = 0;
    for (let s = 0; s < PLAYERS; s++) dead += c.alive[s] === 0 ? 1 : 0;
    expect(dead).toBeGreaterThan(0);
  });
});
