import { addToField } from '../sim/effects.ts';
import type { Columns } from '../world/columns.ts';
import { FIELD_INDEX, HOT_FIELDS } from '../world/schema.ts';

/** A reward of any of money, diamonds and energy. */
export interface Reward {
  readonly money?: number;
  readonly diamonds?: number;
  readonly energy?: number;
}

const ENERGY_BAR = HOT_FIELDS[FIELD_INDEX.energy]!.max;

/**
 * Pay a reward into the player's columns (marked dirty). Energy fills the
 * bar and the rest waits in the energy reserve, which flows back in as
 * energy is spent, so a reward claimed on a full bar is not lost.
 */
export function grantReward(c: Columns, s: number, reward: Reward): void {
  if (reward.money) addToField(c, s, FIELD_INDEX.money, reward.money);
  if (reward.diamonds) addToField(c, s, FIELD_INDEX.diamonds, reward.diamonds);
  if (reward.energy) {
    const room = Math.max(0, ENERGY_BAR - c.energy[s]!);
    const toBar = Math.min(room, reward.energy);
    if (toBar > 0) addToField(c, s, FIELD_INDEX.energy, toBar);
    if (reward.energy > toBar) addToField(c, s, FIELD_INDEX.energyReserve, reward.energy - toBar);
  }
}
