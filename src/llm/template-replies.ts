import { NpcRole } from '../world/life.ts';

/**
 * Offline NPC replies: a few lines per relationship, warmer or cooler with
 * affinity, picked by a hash of the player's message so the same line gets
 * the same answer. No model, no key, no cost.
 */
const LINES: Readonly<Record<number, { warm: readonly string[]; cool: readonly string[] }>> = {
  [NpcRole.mother]: {
    warm: [
      'I love hearing from you, sweetheart.',
      'Have you been eating properly?',
      'Call me more often, will you?',
    ],
    cool: [
      'I suppose you only call when you need something.',
      'We should talk properly some time.',
    ],
  },
  [NpcRole.father]: {
    warm: [
      'Proud of you, kid.',
      'Good to hear from you. How is everything?',
      'Let me know if you need a hand.',
    ],
    cool: ['Hm. Alright.', 'We can talk about it later.'],
  },
  [NpcRole.partner]: {
    warm: [
      'I was just thinking about you.',
      'Dinner tonight? My treat.',
      'You always make me smile.',
    ],
    cool: ['I am busy right now.', 'Can we talk later?'],
  },
};
const DEFAULT_LINES = {
  warm: ['Great to hear from you!', 'Ha, that is so you.', 'We should hang out soon.'],
  cool: ['Oh. Hi.', 'Sure, whatever you say.'],
};

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function templateReply(role: number, affinity: number, text: string): string {
  const lines = LINES[role] ?? DEFAULT_LINES;
  const pool = affinity >= 0 ? lines.warm : lines.cool;
  return pool[hash(text) % pool.length]!;
}
