import { QUEST_TEMPLATES, QUESTS_PER_DAY, type QuestTemplate } from '../content/quests.ts';
import { fnv1a } from '../kit/fnv1a.ts';
import { ageYears } from '../sim/events.ts';
import type { ColdState, QuestState } from '../world/cold.ts';
import type { Columns } from '../world/columns.ts';

const TEMPLATE_BY_ID: ReadonlyMap<string, QuestTemplate> = new Map(
  QUEST_TEMPLATES.map((t) => [t.id, t]),
);

/** The template of a quest id, or undefined for one no longer in the content. */
export function questTemplate(id: string): QuestTemplate | undefined {
  return TEMPLATE_BY_ID.get(id);
}

/**
 * The templates a player gets on UTC day `day`: QUESTS_PER_DAY distinct ones
 * among those their age allows, chosen by FNV-1a of (player id, day, pick).
 * The same player, day and age always give the same quests; no PRNG state
 * is touched (quests are cold state, not part of the simulated life).
 */
export function questsFor(playerId: string, day: number, years: number): QuestTemplate[] {
  const open = QUEST_TEMPLATES.filter((t) => years >= t.minAge);
  const picked: QuestTemplate[] = [];
  const taken = new Set<number>();
  for (let pick = 0; pick < QUESTS_PER_DAY && picked.length < open.length; pick++) {
    let k = fnv1a(`${playerId}:${day}:${pick}`) % open.length;
    // A pick that repeats an earlier one moves on to the next free template.
    while (taken.has(k)) k = (k + 1) % open.length;
    taken.add(k);
    picked.push(open[k]!);
  }
  return picked;
}

/** The current value a template's progress is measured against. */
function measure(t: QuestTemplate, cold: ColdState, c: Columns, s: number): number {
  if ('counter' in t.measure) return cold.counters[t.measure.counter] ?? 0;
  return t.measure.column === 'ageDays' ? c.ageDays[s]! : c.money[s]!;
}

/** Progress of a quest now: what was gained since its baseline, 0..target. */
export function questProgress(
  q: QuestState,
  t: QuestTemplate,
  cold: ColdState,
  c: Columns,
  s: number,
): number {
  const gained = measure(t, cold, c, s) - q.baseline;
  return gained <= 0 ? 0 : gained >= q.target ? q.target : gained;
}

/**
 * The player's quests for UTC day `day`: the ones kept in the cold state
 * when they belong to that day, otherwise a fresh list with baselines taken
 * now. A fresh list is not stored here: the caller stores it (in
 * cold.quests) once it has decided to change anything.
 */
export function questsOfDay(
  cold: ColdState,
  c: Columns,
  s: number,
  playerId: string,
  day: number,
): { readonly list: QuestState[]; readonly fresh: boolean } {
  if (cold.quests.day === day) return { list: cold.quests.list, fresh: false };
  const list = questsFor(playerId, day, ageYears(c, s)).map((t) => ({
    id: t.id,
    target: t.target,
    progress: 0,
    baseline: measure(t, cold, c, s),
    claimed: false,
  }));
  return { list, fresh: true };
}
