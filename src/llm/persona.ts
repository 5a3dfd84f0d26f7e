import { fnv1a } from '../ops/fnv1a.ts';
import { roleName } from '../world/life.ts';

/** Who an NPC is, as the prompt and the template provider see them. */
export interface Persona {
  readonly name: string;
  readonly role: string;
  readonly age: number;
  readonly traits: readonly string[];
  /** -100..100: how much they like the player. */
  readonly affinity: number;
  /** 0..100: how well they know the player. */
  readonly familiarity: number;
  /** The player's happiness, 0..100. */
  readonly playerMood: number;
}

const FIRST_NAMES = [
  'Alex',
  'Sam',
  'Jordan',
  'Maya',
  'Leo',
  'Nina',
  'Omar',
  'Priya',
  'Tom',
  'Zoe',
  'Ivan',
  'Lena',
  'Kai',
  'Rosa',
  'Ben',
  'Ava',
];
const TRAITS = [
  'cheerful',
  'dry-humoured',
  'anxious',
  'warm',
  'blunt',
  'curious',
  'patient',
  'stubborn',
  'playful',
  'practical',
  'dramatic',
  'shy',
];

/** A stable persona for NPC `npcId` of `playerId`: the same name and traits every time. */
export function personaOf(
  playerId: string,
  npcId: number,
  npc: { role: number; age: number; affinity: number; familiarity: number },
  playerMood: number,
): Persona {
  const h = fnv1a(`${playerId}#${npcId}`);
  return {
    name: FIRST_NAMES[h % FIRST_NAMES.length]!,
    role: roleName(npc.role) ?? 'acquaintance',
    age: npc.age,
    traits: [TRAITS[(h >>> 8) % TRAITS.length]!, TRAITS[(h >>> 16) % TRAITS.length]!].filter(
      (t, i, a) => a.indexOf(t) === i,
    ),
    affinity: npc.affinity,
    familiarity: npc.familiarity,
    playerMood,
  };
}

/** The system prompt: persona, relationship, what they remember. */
export function systemPrompt(persona: Persona, memory: string): string {
  const feeling =
    persona.affinity > 40
      ? 'fond of'
      : persona.affinity < -20
        ? 'cool towards'
        : 'on ordinary terms with';
  return [
    `You are ${persona.name}, the player's ${persona.role}, ${persona.age} years old, ${persona.traits.join(' and ')}.`,
    `You are ${feeling} the player (affinity ${persona.affinity} of -100..100; familiarity ${persona.familiarity} of 100).`,
    `The player's mood is ${persona.playerMood < 35 ? 'low' : persona.playerMood > 70 ? 'good' : 'so-so'}.`,
    memory ? `What you remember from earlier: ${memory}` : 'This is your first chat in a while.',
    'Answer as a text message: one or two short sentences, in character, no emojis, never mention being an AI.',
  ].join(' ');
}
