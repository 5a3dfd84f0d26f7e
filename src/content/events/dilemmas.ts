import type { EventDef } from '../event-schema.ts';

/**
 * Dilemmas: decisions in several steps. The first step fires by itself (it
 * has a `when`); each later step has none and becomes pending only when an
 * option of the step before names it in `next`. A step's options carry
 * their own costs and effects, so the path through a dilemma is the story
 * the player chose.
 *
 * Chances are per game hour (a year is 8,760 hours); dilemmas are rare, a
 * few in a life each. Every step ends with a free option.
 */
export const DILEMMA_EVENTS: readonly EventDef[] = [
  // -- the bully (childhood, 2-3 steps) -------------------------------------------------------
  {
    id: 'dilemma.bully',
    kind: 'dilemma',
    title: 'The bully',
    text: 'A bigger kid has been taking your lunch money all week. Today they are waiting at the gate.',
    tags: ['social'],
    when: { age: [7, 13], all: ['inSchool'], chance: 0.0002, once: true },
    options: [
      {
        id: 'stand_up',
        label: 'Stand your ground',
        effects: { stats: { stress: 5 } },
        next: 'dilemma.bully.showdown',
      },
      {
        id: 'teacher',
        label: 'Tell a teacher',
        effects: { stats: { stress: -3, social: -2 } },
      },
      {
        id: 'pay',
        label: 'Hand it over again',
        effects: { stats: { happiness: -5, stress: 5 } },
        next: 'dilemma.bully.again',
      },
    ],
  },
  {
    id: 'dilemma.bully.showdown',
    kind: 'dilemma',
    title: 'Face to face',
    text: 'They shove you. A crowd is gathering.',
    tags: ['social', 'sports'],
    options: [
      {
        id: 'fight',
        label: 'Shove back',
        cost: { energy: 10 },
        effects: {
          stats: { health: -3, social: 5, happiness: 3 },
          npc: { role: 'father', affinity: -3 },
        },
      },
      {
        id: 'joke',
        label: 'Make the crowd laugh at them',
        effects: { stats: { social: 8, happiness: 5 } },
      },
      { id: 'walk', label: 'Walk away', effects: { stats: { stress: 3 } } },
    ],
  },
  {
    id: 'dilemma.bully.again',
    kind: 'dilemma',
    title: 'Another week',
    text: 'Another week, another empty lunch box. Your mother asks why you are always hungry.',
    tags: ['social', 'food'],
    options: [
      {
        id: 'tell',
        label: 'Tell her everything',
        effects: { stats: { stress: -8, hunger: -10 }, npc: { role: 'mother', affinity: 6 } },
      },
      {
        id: 'hide',
        label: 'Say you are growing',
        effects: { stats: { stress: 6, happiness: -4 } },
      },
    ],
  },

  // -- the party (adolescence, 3 steps) -----------------------------------------------------
  {
    id: 'dilemma.party',
    kind: 'dilemma',
    title: 'The party',
    text: 'Everyone is going to a party at a house whose parents are away. You are invited.',
    tags: ['social', 'music'],
    when: { age: [15, 17], chance: 0.0002, once: true },
    options: [
      {
        id: 'go',
        label: 'Go',
        cost: { energy: 10 },
        effects: { stats: { social: 5, happiness: 4 } },
        next: 'dilemma.party.drinks',
      },
      { id: 'stay', label: 'Stay home', effects: { stats: { social: -2 } } },
    ],
  },
  {
    id: 'dilemma.party.drinks',
    kind: 'dilemma',
    title: 'A cup of something',
    text: 'Someone hands you a red cup. It does not smell like lemonade.',
    tags: ['social'],
    options: [
      {
        id: 'soda',
        label: 'Swap it for a soda',
        effects: { stats: { social: 2 } },
        next: 'dilemma.party.ride',
      },
      {
        id: 'drink',
        label: 'Drink it',
        effects: { stats: { social: 5, health: -2, happiness: 3 } },
        next: 'dilemma.party.ride',
      },
      {
        id: 'leave',
        label: 'Leave early',
        effects: { stats: { stress: -2 }, npc: { role: 'mother', affinity: 3 } },
      },
    ],
  },
  {
    id: 'dilemma.party.ride',
    kind: 'dilemma',
    title: 'A ride home',
    text: 'It is 1 a.m. A friend who has been drinking offers to drive you home.',
    tags: ['social'],
    options: [
      {
        id: 'call_home',
        label: 'Call your parents for a lift',
        effects: { stats: { stress: 4 }, npc: { role: 'mother', affinity: 2 } },
      },
      {
        id: 'ride',
        label: 'Get in the car',
        effects: {
          stats: { stress: 12, health: -8 },
          conditions: { add: ['broken_bone'] },
        },
      },
      { id: 'walk', label: 'Walk the long way home', effects: { stats: { energy: -15 } } },
    ],
  },

  // -- the gap year (young adult, 2 steps) ----------------------------------------------------
  {
    id: 'dilemma.gap_year',
    kind: 'dilemma',
    title: 'A gap year?',
    text: 'School is over. Before work or study, you could take a year for yourself.',
    tags: ['travel', 'money'],
    when: {
      age: [18, 19],
      all: ['graduatedHighSchool'],
      none: ['inCollege', 'graduatedCollege'],
      // Within weeks of leaving school, racing the college letters.
      chance: 0.002,
      once: true,
    },
    options: [
      {
        id: 'travel',
        label: 'See the world',
        effects: { interests: ['travel'], stats: { happiness: 5 } },
        next: 'dilemma.gap_year.where',
      },
      {
        id: 'work',
        label: 'Work and save',
        effects: { job: 'cook', interests: ['money'] },
      },
      { id: 'no', label: 'Get on with life', effects: {} },
    ],
  },
  {
    id: 'dilemma.gap_year.where',
    kind: 'dilemma',
    title: 'Where to?',
    text: 'The map is on the wall. Where does the pin go?',
    tags: ['travel', 'nature'],
    options: [
      {
        id: 'backpack',
        label: 'Backpack across a continent',
        cost: { money: 1500, energy: 20 },
        effects: { stats: { happiness: 15, social: 8, stress: -10 }, interests: ['nature'] },
      },
      {
        id: 'volunteer',
        label: 'Volunteer abroad for board and lodging',
        cost: { energy: 20 },
        effects: { stats: { happiness: 10, social: 6, health: 2 }, interests: ['social'] },
      },
      { id: 'home', label: 'On second thought, stay', effects: { stats: { happiness: -3 } } },
    ],
  },

  // -- the business (adulthood, 3 steps) ---------------------------------------------------------
  {
    id: 'dilemma.business',
    kind: 'dilemma',
    title: 'Your own business',
    text: 'You have an idea, some savings and a lot of nerve. Start a business?',
    tags: ['money', 'food'],
    when: { age: [25, 60], stats: { money: { min: 5000 } }, chance: 0.00008, once: true },
    options: [
      {
        id: 'start',
        label: 'Quit your job and open a café',
        cost: { money: 4000 },
        effects: { job: 'none', stats: { stress: 10, happiness: 5 }, interests: ['money'] },
        next: 'dilemma.business.investor',
      },
      { id: 'dream', label: 'Keep dreaming', effects: {} },
    ],
  },
  {
    id: 'dilemma.business.investor',
    kind: 'dilemma',
    title: 'An investor',
    text: 'Six months in, the café is busy but the money is tight. An investor offers cash for a share.',
    tags: ['money'],
    options: [
      {
        id: 'take',
        label: 'Take the money and give up half',
        effects: { stats: { money: 5000, stress: -5 } },
        next: 'dilemma.business.expand',
      },
      {
        id: 'bootstrap',
        label: 'Keep it all and work harder',
        cost: { energy: 20 },
        effects: { stats: { stress: 8, money: 1500 } },
        next: 'dilemma.business.expand',
      },
      {
        id: 'close',
        label: 'Close it down',
        effects: { stats: { happiness: -10, stress: -5 } },
      },
    ],
  },
  {
    id: 'dilemma.business.expand',
    kind: 'dilemma',
    title: 'A second café',
    text: 'A year in, the café turns a profit. The empty shop across town is up for rent.',
    tags: ['money', 'food'],
    options: [
      {
        id: 'expand',
        label: 'Open a second café',
        cost: { money: 6000, energy: 20 },
        effects: { stats: { money: 12000, stress: 10, happiness: 8 } },
      },
      {
        id: 'sell',
        label: 'Sell up while it is good',
        effects: { stats: { money: 9000, happiness: 5, stress: -10 } },
      },
      { id: 'steady', label: 'Keep it as it is', effects: { stats: { money: 3000, stress: -3 } } },
    ],
  },

  // -- trouble at home (marriage, 2 steps) ---------------------------------------------------------
  {
    id: 'dilemma.marriage_trouble',
    kind: 'dilemma',
    title: 'Growing apart',
    text: 'You and your spouse barely talk any more. Something has to change.',
    tags: ['romance'],
    when: {
      age: [20, 90],
      all: ['married'],
      npc: { role: 'partner', maxAffinity: 20 },
      chance: 0.0003,
    },
    options: [
      {
        id: 'counselling',
        label: 'Couples counselling',
        cost: { money: 400 },
        effects: { stats: { stress: -5 }, npc: { role: 'partner', affinity: 20 } },
      },
      {
        id: 'talk',
        label: 'Talk it out tonight',
        effects: { stats: { stress: 5 } },
        next: 'dilemma.marriage_trouble.talk',
      },
      {
        id: 'divorce',
        label: 'Ask for a divorce',
        effects: { stats: { stress: 15 } },
        next: 'dilemma.marriage_trouble.divorce',
      },
    ],
  },
  {
    id: 'dilemma.marriage_trouble.talk',
    kind: 'dilemma',
    title: 'The talk',
    text: 'It all comes out: years of small hurts. Where does it leave you?',
    tags: ['romance'],
    options: [
      {
        id: 'try',
        label: 'Promise to try again',
        effects: { stats: { happiness: 5 }, npc: { role: 'partner', affinity: 15 } },
      },
      {
        id: 'separate',
        label: 'Agree it is over',
        next: 'dilemma.marriage_trouble.divorce',
        effects: { stats: { happiness: -5 } },
      },
    ],
  },
  {
    id: 'dilemma.marriage_trouble.divorce',
    kind: 'dilemma',
    title: 'The divorce',
    text: 'How will you end it?',
    tags: ['romance', 'money'],
    options: [
      {
        id: 'mediation',
        label: 'A mediator, and split things fairly',
        cost: { money: 1500 },
        effects: {
          setFlags: ['divorced'],
          clearFlags: ['married', 'hasPartner', 'tryingForChild'],
          stats: { stress: -5, happiness: -8 },
          npc: { role: 'ex', affinity: 10, familiarity: 30 },
        },
      },
      {
        id: 'court',
        label: 'Lawyers, and fight for everything',
        cost: { money: 5000 },
        effects: {
          setFlags: ['divorced'],
          clearFlags: ['married', 'hasPartner', 'tryingForChild'],
          stats: { stress: 15, happiness: -12, money: 4000 },
          npc: { role: 'ex', affinity: -40, familiarity: 30 },
        },
      },
      {
        id: 'walk_away',
        label: 'Walk away with a suitcase',
        effects: {
          setFlags: ['divorced'],
          clearFlags: ['married', 'hasPartner', 'tryingForChild', 'ownsHome'],
          stats: { happiness: -15, stress: 5 },
          npc: { role: 'ex', affinity: -10, familiarity: 30 },
        },
      },
    ],
  },

  // -- temptation (adulthood, 3 steps) -----------------------------------------------------------
  {
    id: 'dilemma.temptation',
    kind: 'dilemma',
    title: 'A little attention',
    text: 'A coworker has been flirting with you, and you have been enjoying it.',
    tags: ['romance', 'social'],
    when: { age: [25, 65], all: ['married', 'hasJob'], chance: 0.00005, once: true },
    options: [
      {
        id: 'flirt',
        label: 'Flirt back',
        effects: { stats: { happiness: 4, stress: 4 }, npc: { role: 'coworker', affinity: 10 } },
        next: 'dilemma.temptation.drink',
      },
      {
        id: 'shut_down',
        label: 'Mention your spouse, often',
        effects: { npc: { role: 'partner', affinity: 3 } },
      },
    ],
  },
  {
    id: 'dilemma.temptation.drink',
    kind: 'dilemma',
    title: 'Just one drink',
    text: 'They ask you for a drink after work. Just the two of you.',
    tags: ['romance'],
    options: [
      {
        id: 'go',
        label: 'Go',
        cost: { money: 30 },
        effects: { stats: { stress: 8 }, npc: { role: 'coworker', affinity: 10 } },
        next: 'dilemma.temptation.choice',
      },
      {
        id: 'home',
        label: 'Go home to your spouse',
        effects: { stats: { stress: -3 }, npc: { role: 'partner', affinity: 5 } },
      },
    ],
  },
  {
    id: 'dilemma.temptation.choice',
    kind: 'dilemma',
    title: 'A line',
    text: 'Last orders. They lean in. You know where this goes.',
    tags: ['romance'],
    options: [
      {
        id: 'confess',
        label: 'Go home and tell your spouse everything',
        effects: { stats: { stress: 10 }, npc: { role: 'partner', affinity: -25 } },
      },
      {
        id: 'affair',
        label: 'Cross it',
        effects: { stats: { happiness: 5, stress: 20 }, npc: { role: 'partner', affinity: -30 } },
      },
      {
        id: 'leave',
        label: 'Pay the bill and leave',
        effects: { stats: { stress: -2 }, npc: { role: 'coworker', affinity: -10 } },
      },
    ],
  },

  // -- the whistle (work, 2 steps) --------------------------------------------------------------
  {
    id: 'dilemma.whistleblower',
    kind: 'dilemma',
    title: 'Cooked books',
    text: 'You found figures that do not add up, and your manager signed them.',
    tags: ['money', 'books'],
    when: { age: [22, 65], all: ['hasJob'], chance: 0.00004, once: true },
    options: [
      {
        id: 'report',
        label: 'Report it to compliance',
        effects: { stats: { stress: 10 } },
        next: 'dilemma.whistleblower.pressure',
      },
      {
        id: 'press',
        label: 'Leak it to a journalist',
        effects: { job: 'none', stats: { stress: 15, happiness: 5 } },
      },
      { id: 'ignore', label: 'Not your problem', effects: { stats: { stress: 5, happiness: -3 } } },
    ],
  },
  {
    id: 'dilemma.whistleblower.pressure',
    kind: 'dilemma',
    title: 'A quiet word',
    text: 'Your manager invites you to lunch and suggests you might have misread the figures.',
    tags: ['money'],
    options: [
      {
        id: 'firm',
        label: 'Stand firm',
        effects: { stats: { stress: 10, happiness: 6, jobPerformance: 10 } },
      },
      {
        id: 'resign',
        label: 'Resign on principle',
        effects: { job: 'none', stats: { stress: -5, happiness: 4 } },
      },
      {
        id: 'withdraw',
        label: 'Withdraw the report',
        effects: { stats: { stress: 8, happiness: -8, money: 500 } },
      },
    ],
  },

  // -- caring for a parent (later adulthood, 2 steps) -----------------------------------------------
  {
    id: 'dilemma.caregiver',
    kind: 'dilemma',
    title: 'Your mother',
    text: 'Your mother can no longer manage on her own.',
    tags: ['social'],
    when: { age: [40, 75], npc: { role: 'mother' }, chance: 0.00003, once: true },
    options: [
      {
        id: 'move_in',
        label: 'She moves in with you',
        effects: { stats: { stress: 8 }, npc: { role: 'mother', affinity: 15, familiarity: 30 } },
        next: 'dilemma.caregiver.juggle',
      },
      {
        id: 'care_home',
        label: 'A good care home',
        cost: { money: 3000 },
        effects: { stats: { stress: 4 }, npc: { role: 'mother', affinity: -8 } },
      },
      {
        // Not "ask your sibling": an effect on a sibling would invent one for an only child.
        id: 'share',
        label: 'Share her care with the relatives',
        effects: { stats: { stress: 4 }, npc: { role: 'mother', affinity: 3 } },
      },
    ],
  },
  {
    id: 'dilemma.caregiver.juggle',
    kind: 'dilemma',
    title: 'Stretched thin',
    text: 'Work, home and your mother’s appointments. Something has to give.',
    tags: ['social', 'money'],
    options: [
      {
        id: 'carer',
        label: 'Hire a carer for the days',
        cost: { money: 2000 },
        effects: { stats: { stress: -6 } },
      },
      {
        id: 'quit',
        label: 'Give up your job',
        effects: { job: 'none', stats: { stress: -4 }, npc: { role: 'mother', affinity: 10 } },
      },
      {
        id: 'cope',
        label: 'Do it all',
        effects: { stats: { stress: 12, health: -3, jobPerformance: -5 } },
      },
    ],
  },

  // -- the friend's secret (2 steps) -----------------------------------------------------------
  {
    id: 'dilemma.friends_secret',
    kind: 'dilemma',
    title: 'What you saw',
    text: "You saw your best friend's partner kissing someone else in a bar.",
    tags: ['social', 'romance'],
    when: { age: [16, 70], npc: { role: 'friend', minAffinity: 20 }, chance: 0.00004, once: true },
    options: [
      {
        id: 'tell',
        label: 'Tell your friend',
        effects: { stats: { stress: 6 } },
        next: 'dilemma.friends_secret.reaction',
      },
      {
        id: 'confront',
        label: 'Confront the partner first',
        cost: { energy: 10 },
        effects: { stats: { stress: 8 }, npc: { role: 'friend', affinity: 5 } },
      },
      { id: 'silent', label: 'Stay out of it', effects: { stats: { stress: 4 } } },
    ],
  },
  {
    id: 'dilemma.friends_secret.reaction',
    kind: 'dilemma',
    title: 'Shoot the messenger',
    text: 'Your friend does not believe you, and is furious you said it.',
    tags: ['social'],
    options: [
      {
        id: 'insist',
        label: 'Stand by what you saw',
        effects: { stats: { stress: 5 }, npc: { role: 'friend', affinity: -10 } },
      },
      {
        id: 'support',
        label: 'Say you will be there either way',
        effects: { stats: { social: 3 }, npc: { role: 'friend', affinity: 8, familiarity: 10 } },
      },
      {
        id: 'retract',
        label: 'Say you must have been mistaken',
        effects: { stats: { stress: 6, happiness: -3 } },
      },
    ],
  },
];
