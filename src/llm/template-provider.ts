import { fnv1a } from '../kit/fnv1a.ts';
import type { Persona } from './persona.ts';

/**
 * The offline replies: no key, no network, no cost. They are written from
 * the persona (role, traits, affinity, the player's mood) and the player's
 * message (a question, a greeting, good or bad news), picking among
 * variants by a hash so the same message gets the same answer and
 * different messages get different ones.
 */
const OPENERS: Record<string, readonly string[]> = {
  warm: ['Oh, hey you!', 'Always nice to hear from you.', 'There you are!', 'Hi, love.'],
  neutral: ['Hey.', 'Hi there.', 'Oh, hello.', 'Hm, hi.'],
  cold: ['What is it?', 'Oh. You.', 'Yes?', 'I suppose you want something.'],
};
const ANSWERS: Record<string, readonly string[]> = {
  question: [
    'Good question, let me think about it.',
    'Honestly? I am not sure.',
    'Ask me again over dinner.',
    'I would say yes, but do not quote me.',
  ],
  greeting: [
    'How have you been?',
    'What are you up to today?',
    'Long time no see.',
    'Good to hear your voice.',
  ],
  good: [
    'That is brilliant news!',
    'I knew you could do it.',
    'We should celebrate.',
    'I am so happy for you.',
  ],
  bad: [
    'I am sorry, that sounds hard.',
    'Do you want to talk about it?',
    'Chin up, it will pass.',
    'Come round, I will make tea.',
  ],
  other: ['Tell me more.', 'Ha, typical.', 'Noted.', 'Fair enough.', 'Interesting.'],
};
const ROLE_TOUCH: Record<string, readonly string[]> = {
  mother: ['Are you eating properly?', 'Call your mother more often.'],
  father: ['Proud of you, kid.', 'Remember to check your tyres.'],
  partner: ['Miss you.', 'Dinner tonight?'],
  sibling: ['Mum keeps asking about you, by the way.', 'You still owe me ten.'],
  friend: ['We should hang out soon.', 'Same time next week?'],
};
const GOOD = /\b(won|passed|promot|love|great|happy|engaged|got the job|yay)\w*/;
const BAD = /\b(lost|failed|sad|sick|fired|broke|tired|hate|awful|dumped)\w*/;

const pick = <T>(items: readonly T[], h: number): T => items[h % items.length]!;

export function templateReplyFor(persona: Persona, message: string): string {
  const text = message.toLowerCase();
  const h = fnv1a(`${persona.name}|${text}`);
  const tone = persona.affinity > 20 ? 'warm' : persona.affinity < -20 ? 'cold' : 'neutral';
  const kind = GOOD.test(text)
    ? 'good'
    : BAD.test(text)
      ? 'bad'
      : text.includes('?')
        ? 'question'
        : /\b(hi|hey|hello|morning|evening)\b/.test(text)
          ? 'greeting'
          : 'other';
  const parts = [pick(OPENERS[tone]!, h), pick(ANSWERS[kind]!, h >>> 4)];
  const touch = ROLE_TOUCH[persona.role];
  if (touch && tone !== 'cold' && (h >>> 9) % 3 === 0) parts.push(pick(touch, h >>> 12));
  if (persona.playerMood < 30 && tone !== 'cold' && kind !== 'bad')
    parts.push('You sound a bit down, though.');
  return parts.join(' ');
}
