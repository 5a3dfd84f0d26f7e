import type {
  GameEvent,
  NpcView,
  StateSnapshot,
  EventOption as WireOption,
} from '../../protocol/frames.ts';
import type { Catalog } from '../content/catalog.ts';
import type { ColdState } from '../world/cold.ts';
import type { Columns } from '../world/columns.ts';
import { roleName } from '../world/life.ts';
import { CLIENT_FIELDS, FIELD_INDEX, NPC_SLOTS } from '../world/schema.ts';

/** An event as clients see it: text and options with their costs. */
export function eventView(cat: Catalog, event: number): GameEvent {
  const def = cat.defs[event]!;
  const view: GameEvent = { id: def.id, kind: def.kind, title: def.title, text: def.text };
  const options = cat.options[event]!;
  if (options.length > 0) {
    view.options = options.map((o) => {
      const option: WireOption = { id: o.id, label: o.label };
      const cost = Object.fromEntries(Object.entries(o.cost).filter(([, v]) => v > 0));
      if (Object.keys(cost).length > 0) option.cost = cost;
      return option;
    });
  }
  return view;
}

/** The player's relationship table, empty entries left out. */
export function npcViews(c: Columns, s: number): NpcView[] {
  const npcs: NpcView[] = [];
  for (let k = 0; k < NPC_SLOTS; k++) {
    const i = s * NPC_SLOTS + k;
    const role = c.npcRole[i]!;
    if (role === 0) continue;
    npcs.push({
      id: k,
      role: roleName(role) ?? 'unknown',
      affinity: c.npcAffinity[i]!,
      familiarity: c.npcFamiliarity[i]!,
      age: c.npcAge[i]!,
    });
  }
  return npcs;
}

/** Messages shown per NPC in the snapshot (retrievePerson gives all 50). */
const SNAPSHOT_MESSAGES = 5;

type RecentTurns = (
  npcId: number,
) => readonly { from: 'player' | 'npc'; text: string; at: number }[];

/** The full snapshot of `welcome.state` and `getState`: hot fields by name, then cold state. */
export function stateSnapshot(
  c: Columns,
  s: number,
  cat: Catalog,
  playerId: string,
  recent: RecentTurns = () => [],
  cold?: ColdState,
): StateSnapshot {
  const state: Record<string, unknown> = {};
  for (const name of CLIENT_FIELDS) state[name] = c.byIndex[FIELD_INDEX[name]]![s]!;
  const pending = c.pendingEvent[s]! - 1;
  state.playerId = playerId;
  const npcs = npcViews(c, s);
  state.npcs = npcs;
  state.conversations = npcs
    .map((n) => {
      const turns = recent(n.id);
      const readAt = cold?.readAt[String(n.id)] ?? 0;
      return {
        npcId: n.id,
        messages: turns
          .slice(-SNAPSHOT_MESSAGES)
          .map((t) => ({ from: t.from, text: t.text, at: t.at })),
        unread: turns.filter((t) => t.from === 'npc' && t.at > readAt).length,
      };
    })
    .filter((conversation) => conversation.messages.length > 0);
  state.pending = pending >= 0 ? eventView(cat, pending) : null;
  state.profile = cold?.profile ?? null;
  state.claimable = cold ? [...cold.claimable] : [];
  state.deletion = cold?.deletion ?? null;
  return state as StateSnapshot;
}
