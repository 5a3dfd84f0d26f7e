/// <reference lib="dom" />
/**
 * The pending question or dilemma step with a button per option (`answer`),
 * and the recent events: messages as they fire, questions as answered.
 */
import type { LifetickClient } from '../../../protocol/client.ts';
import type { EventOption, GameEvent } from '../../../protocol/frames.ts';
import { byId, h, prependCapped } from './dom.ts';
import { errorText, moneyText } from './format.ts';
import { log } from './log.ts';

const RECENT_MAX = 20;
const panel = byId('event');
const recent = byId('recent-events');

let pending: GameEvent | null = null;

export function pendingEventId(): string | undefined {
  return pending?.id;
}

/** Show `event` as the one waiting for an answer (null: none is). */
export function showPending(c: LifetickClient | undefined, event: GameEvent | null): void {
  pending = event;
  if (!event || !c) {
    panel.replaceChildren(
      h(
        'p',
        { class: 'hint', 'data-testid': 'event-none' },
        'No question waiting. A question pauses the clock until you answer it.',
      ),
    );
    return;
  }
  const problem = h('p', { class: 'hint', role: 'alert', 'data-testid': 'event-error' });
  const options = event.options ?? [];
  const buttons = options.map((option) =>
    h('button', { type: 'button', 'data-testid': `event-option-${option.id}` }, optionText(option)),
  );
  buttons.forEach((button, k) => {
    button.addEventListener('click', () => void answer(c, event, options[k]!, buttons, problem));
  });
  panel.replaceChildren(
    h('span', { class: 'event-kind' }, event.kind),
    h('h3', { 'data-testid': 'event-title', 'data-event-id': event.id }, event.title),
    h('p', { 'data-testid': 'event-text' }, event.text),
    h(
      'div',
      { class: 'row', role: 'group', 'aria-label': `Answers to ${event.title}` },
      ...buttons,
    ),
    problem,
  );
}

/** An event frame: a message goes to the recent list, a question becomes pending. */
export function onEventFrame(c: LifetickClient, event: GameEvent): void {
  log('frame', `event ${event.kind} ${event.id}: ${event.title}`);
  if (event.kind === 'message') addRecent(c, event.title, event.text);
  else showPending(c, event);
}

function addRecent(c: LifetickClient, title: string, text: string): void {
  const when = `${c.state.year ?? ''}, day ${(c.state.dayOfYear ?? 0) + 1}`;
  const item = h(
    'li',
    { 'data-testid': 'recent-event' },
    h('strong', {}, title),
    ` (${when}) ${text}`,
  );
  prependCapped(recent, item, RECENT_MAX);
}

function optionText(option: EventOption): string {
  const cost = Object.entries(option.cost ?? {})
    .filter(([, amount]) => amount)
    .map(([what, amount]) => (what === 'money' ? moneyText(amount!) : `${amount} ${what}`));
  return cost.length > 0 ? `${option.label} (costs ${cost.join(', ')})` : option.label;
}

async function answer(
  c: LifetickClient,
  event: GameEvent,
  option: EventOption,
  buttons: HTMLButtonElement[],
  problem: HTMLElement,
): Promise<void> {
  for (const button of buttons) button.disabled = true;
  try {
    const result = await c.command('answer', { eventId: event.id, optionId: option.id });
    log('ack', `answer ${event.id}: ${option.id}${result.next ? `, next ${result.next}` : ''}`);
    addRecent(c, event.title, `You chose: ${option.label}.`);
    // A dilemma's next step may already be pending (its event frame can come first).
    if (pending?.id === event.id) showPending(c, null);
  } catch (error) {
    problem.textContent = errorText(error);
    log('error', `answer: ${errorText(error)}`);
    for (const button of buttons) button.disabled = false;
  }
}
