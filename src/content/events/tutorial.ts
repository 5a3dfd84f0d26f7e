import type { EventDef } from '../event-schema.ts';

/**
 * The tutorial: what a new player is told in their first game hours, one
 * step an hour (sim/tutorial.ts), in `tutorialStep` order. Steps are fired
 * by the rules, never by the hourly check, so they carry no `when`. The
 * question step pauses the clock like any question, which is itself the
 * lesson; its answer gives the newborn a first taste.
 */
export const TUTORIAL_EVENTS: readonly EventDef[] = [
  {
    id: 'tutorial.welcome',
    kind: 'message',
    title: 'Welcome to your new life',
    text:
      'You have just been born. From here on your life runs by itself, hour by hour. ' +
      'The speed buttons set how fast: pause, then five speeds from a gentle walk ' +
      'to years flying by in minutes. You can change the speed at any time.',
    tutorialStep: 1,
  },
  {
    id: 'tutorial.questions',
    kind: 'question',
    title: 'Life asks you things',
    text:
      'Now and then life asks you to choose. While a question waits, your clock ' +
      'stands still, so take your time. Some answers cost energy, money or ' +
      'diamonds; the choice shapes who you become. So: what catches your eye?',
    tutorialStep: 2,
    options: [
      {
        id: 'music',
        label: 'The music box',
        effects: { interests: ['music'], stats: { happiness: 2 } },
      },
      {
        id: 'books',
        label: 'The picture book',
        effects: { interests: ['books'], stats: { happiness: 2 } },
      },
      {
        id: 'ball',
        label: 'The bouncy ball',
        effects: { interests: ['sports'], stats: { happiness: 2 } },
      },
      {
        id: 'faces',
        label: 'All the smiling faces',
        effects: { interests: ['social'], stats: { happiness: 2 } },
      },
    ],
  },
  {
    id: 'tutorial.people',
    kind: 'message',
    title: 'The people in your life',
    text:
      'Your family is here, and friends, partners and children will follow. ' +
      'Talk to them: each chat line costs 5 energy, and they answer in their own ' +
      'voice. Affinity says how much someone likes you; familiarity fades a ' +
      'little every day unless you keep in touch.',
    tutorialStep: 3,
    effects: { npc: { role: 'mother', familiarity: 5 } },
  },
  {
    id: 'tutorial.energy',
    kind: 'message',
    title: 'Energy',
    text:
      'Talking, dating and many choices cost energy. It comes back a little every ' +
      'day, up to your peak, which grows as you grow up and fades in old age. ' +
      'Refills are in the shop when you run low.',
    tutorialStep: 4,
  },
  {
    id: 'tutorial.diamonds',
    kind: 'message',
    title: 'Diamonds',
    text:
      'Diamonds are the rare currency: refills, time skips and special choices. ' +
      'You earn them with daily login rewards, daily quests and achievements. ' +
      'Here is a first handful: claim it to collect.',
    tutorialStep: 5,
    // Claiming this teaches claimEvent; 5 diamonds pays for a first small choice.
    reward: { diamonds: 5 },
  },
];
