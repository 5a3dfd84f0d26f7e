import type { AchievementView } from '../../protocol/frames.ts';
import { ACHIEVEMENTS } from '../content/achievements.ts';

/** Achievement k (its bit in the `achievements` column) as clients see it. */
export function achievementView(k: number): AchievementView {
  const d = ACHIEVEMENTS.defs[k]!;
  return { id: d.id, title: d.title, text: d.text, reward: { diamonds: d.diamonds } };
}
