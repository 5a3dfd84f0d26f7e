import type { EventDef } from '../event-schema.ts';

/**
 * Old age, 65 and over: retirement, grandchildren, hobbies, the body's
 * complaints and putting affairs in order. Retirement itself is the starter
 * event 'senior.retirement'; these follow it.
 *
 * Chances are per game hour (a year is 8,760 hours); every asking event ends
 * with a free option.
 */
export const OLD_AGE_EVENTS: readonly EventDef[] = [
  {
    id: 'senior.retirement_party',
    kind: 'message',
    title: 'A send-off',
    text: 'Your old workplace threw you a retirement party, and passed round a hat.',
    tags: ['social', 'money'],
    // Soon after retiring: about a month.
    when: { age: [60, 120], all: ['retired'], chance: 0.0015, once: true },
    reward: { money: 400 },
    effects: { stats: { happiness: 8, social: 5 } },
  },
  {
    id: 'senior.grandchildren_visit',
    kind: 'question',
    title: 'The grandchildren',
    text: 'Your child asks whether you could mind the grandchildren for the weekend.',
    tags: ['social', 'games'],
    when: { age: [55, 100], all: ['hasChild'], npc: { role: 'child' }, chance: 0.0002 },
    options: [
      {
        id: 'mind',
        label: 'Of course',
        cost: { energy: 20 },
        effects: {
          stats: { happiness: 8, stress: 3 },
          npc: { role: 'child', affinity: 8, familiarity: 15 },
        },
      },
      {
        id: 'no',
        label: 'Not this weekend',
        effects: { npc: { role: 'child', affinity: -4 } },
      },
    ],
  },
  {
    id: 'senior.hobby',
    kind: 'question',
    title: 'Time on your hands',
    text: 'The days are your own now. What will fill them?',
    tags: ['art', 'nature', 'tech'],
    when: { age: [60, 110], all: ['retired'], chance: 0.0005, once: true },
    options: [
      {
        id: 'painting',
        label: 'Watercolours',
        cost: { money: 80 },
        effects: { stats: { happiness: 6, stress: -5 }, interests: ['art'] },
      },
      {
        id: 'birds',
        label: 'Birdwatching',
        cost: { money: 60 },
        effects: { stats: { happiness: 5, health: 2 }, interests: ['nature'] },
      },
      {
        id: 'workshop',
        label: 'A workshop in the shed',
        cost: { money: 120 },
        effects: { stats: { happiness: 6 }, interests: ['tech'] },
      },
      { id: 'tv', label: 'Daytime television', effects: { stats: { health: -1 } } },
    ],
  },
  {
    id: 'senior.downsize',
    kind: 'question',
    title: 'Too many stairs',
    text: 'The house feels big and the stairs feel steep. An agent says it would sell well.',
    tags: ['money'],
    when: { age: [68, 110], all: ['ownsHome'], chance: 0.0001, once: true },
    options: [
      {
        id: 'sell',
        label: 'Sell and move to a flat',
        effects: { clearFlags: ['ownsHome'], stats: { money: 40000, stress: 6, happiness: -3 } },
      },
      { id: 'stay', label: 'Stay put', effects: {} },
    ],
  },
  {
    id: 'senior.hearing',
    kind: 'question',
    title: 'Pardon?',
    text: 'You keep asking people to repeat themselves.',
    tags: ['social'],
    when: { age: [70, 120], chance: 0.0002, once: true },
    options: [
      {
        id: 'aid',
        label: 'Get a hearing aid',
        cost: { money: 500 },
        effects: { stats: { social: 5, happiness: 4 } },
      },
      { id: 'nod', label: 'Smile and nod', effects: { stats: { social: -4 } } },
    ],
  },
  {
    id: 'senior.memoir',
    kind: 'question',
    title: 'A memoir',
    text: 'Your grandchildren keep asking about the old days. You could write it all down.',
    tags: ['books', 'art'],
    when: { age: [70, 110], chance: 0.0002, once: true },
    options: [
      {
        id: 'write',
        label: 'Start writing',
        cost: { energy: 15 },
        effects: { stats: { happiness: 8, stress: -4 }, interests: ['books'] },
      },
      { id: 'no', label: 'Some stories stay untold', effects: {} },
    ],
  },
  {
    id: 'senior.friend_passes',
    kind: 'message',
    title: 'An old friend',
    text: 'A friend of fifty years passed away in their sleep. The funeral is on Friday.',
    tags: ['social'],
    when: { age: [70, 120], npc: { role: 'friend' }, chance: 0.00008 },
    effects: { stats: { happiness: -15, stress: 8, social: -5 } },
  },
  {
    id: 'senior.partner_health',
    kind: 'question',
    title: 'Your partner is unwell',
    text: 'Your partner has been in and out of hospital. They need more help at home.',
    tags: ['romance'],
    when: { age: [70, 120], all: ['married'], npc: { role: 'partner' }, chance: 0.0001 },
    options: [
      {
        id: 'care',
        label: 'Care for them yourself',
        cost: { energy: 20 },
        effects: { stats: { stress: 8 }, npc: { role: 'partner', affinity: 12, familiarity: 15 } },
      },
      {
        id: 'nurse',
        label: 'Hire a nurse',
        cost: { money: 1500 },
        effects: { stats: { stress: 2 }, npc: { role: 'partner', affinity: 5 } },
      },
      { id: 'cope', label: 'Muddle through', effects: { stats: { stress: 10, health: -2 } } },
    ],
  },
  {
    id: 'senior.cruise',
    kind: 'question',
    title: 'A cruise',
    text: 'A brochure for a Mediterranean cruise arrived with the pension statement.',
    tags: ['travel', 'food'],
    when: { age: [65, 100], all: ['retired'], stats: { money: { min: 4000 } }, chance: 0.00015 },
    options: [
      {
        id: 'book',
        label: 'Book a cabin',
        cost: { money: 3000 },
        effects: { stats: { happiness: 14, stress: -12 }, interests: ['travel'] },
      },
      { id: 'no', label: 'The seaside will do', effects: { stats: { happiness: 2 } } },
    ],
  },
  {
    id: 'senior.volunteer',
    kind: 'question',
    title: 'The community centre',
    text: 'The community centre needs someone to run the Tuesday lunch club.',
    tags: ['social', 'food'],
    when: { age: [62, 100], all: ['retired'], chance: 0.0002, once: true },
    options: [
      {
        id: 'run',
        label: 'Run it',
        cost: { energy: 10 },
        effects: {
          stats: { social: 10, happiness: 6 },
          npc: { role: 'friend', affinity: 10, familiarity: 15 },
        },
      },
      { id: 'no', label: 'Let someone younger do it', effects: {} },
    ],
  },
  {
    id: 'senior.will',
    kind: 'question',
    title: 'A will',
    text: 'Your solicitor reminds you that you have never made a will.',
    tags: ['money'],
    when: { age: [72, 120], chance: 0.0002, once: true },
    options: [
      {
        id: 'write',
        label: 'Put it in writing',
        cost: { money: 300 },
        // No NPC effect: one on a child would give the childless a newborn.
        effects: { stats: { stress: -10, happiness: 2 } },
      },
      { id: 'later', label: 'Plenty of time', effects: { stats: { stress: 2 } } },
    ],
  },
  {
    id: 'senior.grandchild_graduates',
    kind: 'message',
    title: 'A graduation',
    text: 'Your grandchild graduated today and thanked you in the speech.',
    tags: ['books', 'social'],
    when: { age: [70, 120], all: ['hasChild'], chance: 0.0001, once: true },
    effects: { stats: { happiness: 12 }, npc: { role: 'child', affinity: 5 } },
  },
  {
    id: 'senior.smartphone',
    kind: 'question',
    title: 'A smartphone',
    text: 'Your family gave you a smartphone so you can video-call them.',
    tags: ['tech', 'social'],
    when: { age: [65, 110], chance: 0.0002, once: true },
    options: [
      {
        id: 'learn',
        label: 'Learn how it works',
        cost: { energy: 10 },
        effects: { stats: { social: 6, happiness: 3 }, interests: ['tech'] },
      },
      {
        id: 'drawer',
        label: 'Put it in a drawer',
        effects: { stats: { social: -2 }, dislikes: ['tech'] },
      },
    ],
  },
  {
    id: 'senior.chess_in_the_park',
    kind: 'message',
    title: 'Chess in the park',
    text: 'You beat the park chess champion, a retired judge, in eleven moves.',
    tags: ['games', 'social'],
    when: { age: [65, 110], chance: 0.0002 },
    effects: { stats: { happiness: 6, social: 3 } },
  },
  {
    id: 'senior.pension_rise',
    kind: 'message',
    title: 'A pension rise',
    text: 'The government raised pensions this year, and there is a back payment.',
    tags: ['money'],
    when: { age: [65, 120], all: ['retired'], chance: 0.0001 },
    reward: { money: 200 },
    effects: { stats: { happiness: 3 } },
  },
  {
    id: 'senior.walking_group',
    kind: 'question',
    title: 'The walking group',
    text: 'A group of pensioners walks the canal every morning at seven.',
    tags: ['nature', 'sports'],
    when: { age: [65, 100], none: ['exercises'], chance: 0.0002 },
    options: [
      {
        id: 'join',
        label: 'Join them',
        cost: { energy: 10 },
        effects: { setFlags: ['exercises'], stats: { health: 3, social: 4 } },
      },
      { id: 'no', label: 'Seven is too early', effects: {} },
    ],
  },
];
