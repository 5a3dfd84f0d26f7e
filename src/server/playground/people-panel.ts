/// <reference lib="dom" />
/** The player's NPCs, and a talk box (`talk`) with the conversation as chat frames arrive. */
import type { LifetickClient } from '../../../protocol/client.ts';
import type { NpcView, StateSnapshot } from '../../../protocol/frames.ts';
import { appendCapped, byId, h } from './dom.ts';
import { errorText } from './format.ts';
import { log } from './log.ts';

const CHAT_MAX = 100;
const ui = {
  npcs: byId('npcs'),
  form: byId<HTMLFormElement>('talk-form'),
  npc: byId<HTMLSelectElement>('talk-npc'),
  text: byId<HTMLInputElement>('talk-text'),
  chat: byId('chat'),
};

let client: LifetickClient | undefined;
let npcs: readonly NpcView[] = [];

export interface ChatLine {
  readonly from: 'player' | 'npc';
  readonly text: string;
  /** Why the offline template answered instead of the model, when it did. */
  readonly fallback?: string;
}

/** Show a (re)welcomed player's NPCs and recent conversations; `talk` goes through `c`. */
export function showPeople(c: LifetickClient, snapshot: StateSnapshot): void {
  client = c;
  setNpcs(snapshot.npcs);
  const turns = snapshot.conversations
    .flatMap((conversation) => conversation.messages.map((m) => ({ npcId: conversation.npcId, m })))
    .sort((a, b) => a.m.at - b.m.at);
  ui.chat.replaceChildren();
  for (const { npcId, m } of turns) addChat(npcId, m);
}

export function setNpcs(list: readonly NpcView[]): void {
  npcs = list;
  ui.npcs.replaceChildren(
    ...npcs.map((n) =>
      h(
        'tr',
        { 'data-testid': `npc-${n.id}` },
        h('td', {}, String(n.id)),
        h('td', {}, n.role),
        h('td', {}, String(n.age)),
        h('td', {}, String(n.affinity)),
        h('td', {}, String(n.familiarity)),
      ),
    ),
  );
  const selected = ui.npc.value;
  ui.npc.replaceChildren(...npcs.map((n) => h('option', { value: n.id }, `${n.role} (#${n.id})`)));
  if (npcs.some((n) => String(n.id) === selected)) ui.npc.value = selected;
}

export function npcName(npcId: number): string {
  return npcs.find((n) => n.id === npcId)?.role ?? `NPC ${npcId}`;
}

export function addChat(npcId: number, line: ChatLine): HTMLElement {
  const who = line.from === 'player' ? `you to ${npcName(npcId)}` : npcName(npcId);
  const item = h(
    'li',
    {
      'data-from': line.from,
      'data-testid': `chat-${line.from}`,
      title: line.fallback ? `template reply: ${line.fallback}` : undefined,
    },
    h('strong', {}, `${who}: `),
    line.text,
  );
  appendCapped(ui.chat, item, CHAT_MAX);
  return item;
}

async function talk(c: LifetickClient, npcId: number, text: string): Promise<void> {
  // Shown at once: the reply may arrive before the ack.
  const item = addChat(npcId, { from: 'player', text });
  try {
    await c.command('talk', { npcId, text });
    log('ack', `talk to ${npcName(npcId)}`);
  } catch (error) {
    item.dataset.state = 'failed';
    item.append(` (not sent: ${errorText(error)})`);
    log('error', `talk: ${errorText(error)}`);
  }
}

ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = ui.text.value.trim();
  if (!client || ui.npc.value === '' || text === '') return;
  ui.text.value = '';
  void talk(client, Number(ui.npc.value), text);
});
