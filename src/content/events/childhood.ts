import type { EventDef } from '../event-schema.ts';

/**
 * Childhood, 0 to 12: babies (0-4) and children (5-12). First times, family,
 * play and the tastes that choices begin to shape.
 *
 * Chances are per game hour while the conditions hold (a year is 8,760
 * hours): an everyday happening at 0.0002 comes about twice a year, and a
 * once-only milestone gets enough chance to land inside its age window.
 * Every asking event ends with a free option, so nobody is stuck on a
 * question they cannot afford to answer.
 */
export const CHILDHOOD_EVENTS: readonly EventDef[] = [
  // -- babies (0-4) ---------------------------------------------------------------
  {
    id: 'baby.first_tooth',
    kind: 'message',
    title: 'Teething',
    text: 'A first tooth is coming through, and everybody knows about it at three in the morning.',
    when: { age: [0, 1], chance: 0.0006, once: true },
    effects: { stats: { happiness: -3, stress: 3 }, npc: { role: 'mother', familiarity: 5 } },
  },
  {
    id: 'baby.favourite_toy',
    kind: 'question',
    title: 'A favourite toy',
    text: 'Grandma brought a bag of toys. Which one do you grab?',
    tags: ['music', 'books', 'tech'],
    when: { age: [1, 4], chance: 0.0005, once: true },
    options: [
      {
        id: 'drum',
        label: 'The toy drum',
        effects: { stats: { happiness: 5 }, interests: ['music'] },
      },
      {
        id: 'books',
        label: 'The picture books',
        effects: { stats: { happiness: 3 }, interests: ['books'] },
      },
      { id: 'blocks', label: 'The building blocks', effects: { interests: ['tech'] } },
    ],
  },
  {
    id: 'baby.bath_time',
    kind: 'message',
    title: 'Bath time',
    text: 'You splashed half the bath onto the floor and laughed the whole time.',
    when: { age: [0, 3], chance: 0.0003 },
    effects: { stats: { happiness: 3 }, npc: { role: 'father', familiarity: 3 } },
  },
  {
    id: 'baby.tantrum',
    kind: 'message',
    title: 'A tantrum in aisle five',
    text: 'The supermarket said no to sweets. You said a great deal back, at volume.',
    tags: ['food'],
    when: { age: [2, 4], chance: 0.0003 },
    effects: { stats: { stress: 5, happiness: -2 }, npc: { role: 'mother', affinity: -2 } },
  },
  {
    id: 'baby.daycare',
    kind: 'message',
    title: 'First day at daycare',
    text: 'A room full of other small people. You cried, then you made a friend.',
    tags: ['social'],
    when: { age: [2, 4], chance: 0.001, once: true },
    effects: { stats: { social: 8, stress: 3 } },
  },
  {
    id: 'baby.zoo',
    kind: 'message',
    title: 'A day at the zoo',
    text: 'You saw an elephant and have talked about nothing else since.',
    tags: ['nature', 'travel'],
    when: { age: [2, 5], chance: 0.0002 },
    effects: { stats: { happiness: 6 }, npc: { role: 'father', familiarity: 5 } },
  },
  {
    id: 'baby.crayons',
    kind: 'question',
    title: 'Crayons',
    text: 'Someone left the crayons within reach. The wall looks very empty.',
    tags: ['art'],
    when: { age: [2, 5], chance: 0.0004, once: true },
    options: [
      {
        id: 'paper',
        label: 'Draw on the paper',
        effects: { stats: { happiness: 3 }, interests: ['art'] },
      },
      {
        id: 'wall',
        label: 'Draw on the wall',
        effects: { stats: { happiness: 6 }, npc: { role: 'mother', affinity: -5 } },
      },
    ],
  },
  {
    id: 'baby.imaginary_friend',
    kind: 'message',
    title: 'An imaginary friend',
    text: 'Mr Whiskers, who is invisible, now needs his own chair at dinner.',
    tags: ['books'],
    when: { age: [3, 6], chance: 0.0004, once: true },
    effects: { stats: { happiness: 4, social: 2 } },
  },
  {
    id: 'baby.sibling_play',
    kind: 'message',
    title: 'A fort of cushions',
    text: 'You and your sibling built a fort out of every cushion in the house.',
    tags: ['games'],
    when: { age: [2, 6], npc: { role: 'sibling' }, chance: 0.0003 },
    effects: { stats: { happiness: 5 }, npc: { role: 'sibling', affinity: 5, familiarity: 8 } },
  },

  // -- children (5-12) --------------------------------------------------------------
  {
    id: 'child.first_day_school',
    kind: 'message',
    title: 'First day of school',
    text: 'A new backpack, a new teacher and a peg with your name on it.',
    tags: ['social'],
    // Starts the year school does: likely within the first weeks of being six.
    when: { age: [6, 6], all: ['inSchool'], chance: 0.005, once: true },
    effects: { stats: { social: 5, stress: 5, happiness: 3 } },
  },
  {
    id: 'child.bike',
    kind: 'question',
    title: 'Learning to ride',
    text: 'The stabilisers are off. Dad is holding the saddle, he promises.',
    tags: ['sports'],
    when: { age: [5, 9], chance: 0.0005, once: true },
    options: [
      {
        id: 'practise',
        label: 'Practise all afternoon',
        cost: { energy: 10 },
        effects: {
          stats: { happiness: 8, health: 2 },
          interests: ['sports'],
          npc: { role: 'father', affinity: 5, familiarity: 10 },
        },
      },
      { id: 'not_yet', label: 'Maybe next summer', effects: { stats: { happiness: -1 } } },
    ],
  },
  {
    id: 'child.swimming_lessons',
    kind: 'question',
    title: 'Swimming lessons',
    text: 'The pool runs lessons on Saturday mornings.',
    tags: ['sports'],
    when: { age: [5, 10], chance: 0.0003, once: true },
    options: [
      {
        id: 'sign_up',
        label: 'Sign up',
        cost: { energy: 10 },
        effects: { stats: { health: 3, happiness: 3 }, interests: ['sports'] },
      },
      { id: 'no', label: 'The water is too cold', effects: {} },
    ],
  },
  {
    id: 'child.music_lessons',
    kind: 'question',
    title: 'An instrument',
    text: 'The school music teacher asks who would like to learn an instrument.',
    tags: ['music'],
    when: { age: [6, 12], all: ['inSchool'], chance: 0.0003, once: true },
    options: [
      {
        id: 'piano',
        label: 'The piano',
        cost: { energy: 5 },
        effects: { stats: { schoolPerformance: 2, stress: 2 }, interests: ['music'] },
      },
      {
        id: 'drums',
        label: 'The drums',
        cost: { energy: 5 },
        effects: { stats: { happiness: 5 }, interests: ['music'] },
      },
      { id: 'no', label: 'Not for me', effects: { dislikes: ['music'] } },
    ],
  },
  {
    id: 'child.sleepover',
    kind: 'question',
    title: 'A sleepover',
    text: 'Your friend invites you for a sleepover: films, snacks, no sleep.',
    tags: ['social', 'games'],
    when: { age: [7, 12], npc: { role: 'friend' }, chance: 0.0003 },
    options: [
      {
        id: 'go',
        label: 'Pack the sleeping bag',
        cost: { energy: 10 },
        effects: {
          stats: { social: 6, happiness: 5 },
          npc: { role: 'friend', affinity: 8, familiarity: 15 },
        },
      },
      {
        id: 'home',
        label: 'Stay home',
        effects: { npc: { role: 'friend', affinity: -3 } },
      },
    ],
  },
  {
    id: 'child.science_fair',
    kind: 'question',
    title: 'The science fair',
    text: 'Every class has to enter the science fair. What will you make?',
    tags: ['tech', 'books'],
    when: { age: [8, 12], all: ['inSchool'], chance: 0.0003 },
    options: [
      {
        id: 'volcano',
        label: 'A baking-soda volcano',
        cost: { energy: 10 },
        effects: { stats: { schoolPerformance: 3, happiness: 4 }, interests: ['tech'] },
      },
      {
        id: 'planets',
        label: 'A model of the planets',
        cost: { energy: 10 },
        effects: { stats: { schoolPerformance: 4 }, interests: ['books'] },
      },
      {
        id: 'last_minute',
        label: 'Something the night before',
        effects: { stats: { stress: 5, schoolPerformance: -1 } },
      },
    ],
  },
  {
    id: 'child.lemonade_stand',
    kind: 'question',
    title: 'A lemonade stand',
    text: 'It is the hottest day of the year and you have a table, a jug and a plan.',
    tags: ['money', 'food'],
    when: { age: [6, 11], chance: 0.0002 },
    options: [
      {
        id: 'sell',
        label: 'Open for business',
        cost: { energy: 10 },
        effects: { stats: { money: 12, happiness: 4 }, interests: ['money'] },
      },
      { id: 'drink', label: 'Drink the lemonade yourself', effects: { stats: { happiness: 2 } } },
    ],
  },
  {
    id: 'child.treehouse',
    kind: 'message',
    title: 'A treehouse',
    text: 'You and your dad spent the weekend building a treehouse. It only leans a bit.',
    tags: ['nature'],
    when: { age: [6, 11], chance: 0.0003, once: true },
    effects: { stats: { happiness: 8 }, npc: { role: 'father', affinity: 6, familiarity: 12 } },
  },
  {
    id: 'child.video_games',
    kind: 'question',
    title: 'A new game',
    text: 'Your cousin lent you a video game. The whole weekend is free.',
    tags: ['games', 'nature'],
    when: { age: [7, 12], chance: 0.0003 },
    options: [
      {
        id: 'play',
        label: 'Play until the credits roll',
        effects: {
          stats: { happiness: 6, schoolPerformance: -2, health: -1 },
          interests: ['games'],
        },
      },
      {
        id: 'outside',
        label: 'Play outside instead',
        effects: { stats: { health: 2, happiness: 3 }, interests: ['nature'] },
      },
    ],
  },
  {
    id: 'child.broken_window',
    kind: 'question',
    title: 'Crash',
    text: "Your football just went through the neighbour's window.",
    tags: ['sports'],
    when: { age: [7, 12], chance: 0.00015, once: true },
    options: [
      {
        id: 'confess',
        label: 'Knock on the door and own up',
        effects: { stats: { stress: 3 }, npc: { role: 'father', affinity: 3 } },
      },
      {
        id: 'run',
        label: 'Run',
        effects: { stats: { stress: 10 }, npc: { role: 'father', affinity: -5 } },
      },
    ],
  },
  {
    id: 'child.camping',
    kind: 'message',
    title: 'Camping',
    text: 'A family camping trip: a leaky tent, burnt sausages, and more stars than you knew existed.',
    tags: ['nature', 'travel'],
    when: { age: [5, 12], chance: 0.00015 },
    effects: {
      stats: { happiness: 6, health: 1 },
      npc: { role: 'mother', affinity: 3, familiarity: 8 },
    },
  },
  {
    id: 'child.sibling_fight',
    kind: 'question',
    title: 'The last biscuit',
    text: 'There is one biscuit left, and your sibling has seen it too.',
    tags: ['food'],
    when: { age: [5, 12], npc: { role: 'sibling' }, chance: 0.0003 },
    options: [
      {
        id: 'share',
        label: 'Split it in half',
        effects: { stats: { happiness: 2 }, npc: { role: 'sibling', affinity: 6 } },
      },
      {
        id: 'grab',
        label: 'Grab it first',
        effects: { stats: { happiness: 3, hunger: -3 }, npc: { role: 'sibling', affinity: -8 } },
      },
    ],
  },
  {
    id: 'child.pocket_money',
    kind: 'message',
    title: 'Pocket money',
    text: 'Your parents will give you a little money every week. Here is the first of it.',
    tags: ['money'],
    when: { age: [7, 10], chance: 0.0006, once: true },
    reward: { money: 10 },
    effects: { stats: { happiness: 4 } },
  },
  {
    id: 'child.spelling_bee',
    kind: 'question',
    title: 'The spelling bee',
    text: 'Your teacher thinks you could win the spelling bee.',
    tags: ['books'],
    when: { age: [8, 12], all: ['inSchool'], chance: 0.0002 },
    options: [
      {
        id: 'enter',
        label: 'Enter and study the word list',
        cost: { energy: 8 },
        effects: { stats: { schoolPerformance: 3, stress: 4 }, interests: ['books'] },
      },
      { id: 'skip', label: 'Spell it N-O', effects: {} },
    ],
  },
  {
    id: 'child.baking',
    kind: 'question',
    title: 'Baking with grandma',
    text: 'Grandma is making her famous cookies and needs a helper.',
    tags: ['food'],
    when: { age: [5, 12], chance: 0.0002 },
    options: [
      {
        id: 'help',
        label: 'Roll up your sleeves',
        cost: { energy: 5 },
        effects: { stats: { happiness: 5, hunger: -10 }, interests: ['food'] },
      },
      { id: 'no', label: 'Just eat the results', effects: { stats: { hunger: -5 } } },
    ],
  },
  {
    id: 'child.art_prize',
    kind: 'message',
    title: 'A prize for art',
    text: 'Your painting won the class competition and hangs in the school hall.',
    tags: ['art'],
    when: {
      age: [6, 12],
      all: ['inSchool'],
      stats: { schoolPerformance: { min: 50 } },
      chance: 0.00015,
    },
    effects: { stats: { happiness: 8, social: 3 } },
  },
  {
    id: 'child.chess_club',
    kind: 'question',
    title: 'Chess club',
    text: 'The chess club needs one more player for the tournament.',
    tags: ['games', 'books'],
    when: { age: [8, 12], all: ['inSchool'], chance: 0.0002, once: true },
    options: [
      {
        id: 'join',
        label: 'Join',
        cost: { energy: 5 },
        effects: { stats: { schoolPerformance: 3, social: 3 }, interests: ['games'] },
      },
      { id: 'no', label: 'Too quiet for you', effects: {} },
    ],
  },
  {
    id: 'child.telescope',
    kind: 'message',
    title: 'Stargazing',
    text: 'An old telescope from the attic. You found Saturn, rings and all.',
    tags: ['nature', 'tech'],
    when: { age: [7, 12], chance: 0.0002, once: true },
    effects: { stats: { happiness: 6 } },
  },
  {
    id: 'child.summer_camp',
    kind: 'question',
    title: 'Summer camp',
    text: 'A week away at camp: canoes, campfires and a cabin full of strangers.',
    tags: ['nature', 'social'],
    when: { age: [9, 12], chance: 0.0003, once: true },
    options: [
      {
        id: 'go',
        label: 'Go',
        cost: { energy: 15 },
        effects: {
          stats: { social: 8, happiness: 6 },
          interests: ['nature'],
          npc: { role: 'friend', affinity: 10, familiarity: 10 },
        },
      },
      { id: 'home', label: 'Stay home', effects: { stats: { social: -2 } } },
    ],
  },
  {
    id: 'child.library',
    kind: 'message',
    title: 'A library card',
    text: 'Your own library card. You came home with the maximum number of books.',
    tags: ['books'],
    when: { age: [6, 10], chance: 0.0004, once: true },
    effects: { stats: { happiness: 4, schoolPerformance: 2 } },
  },
  {
    id: 'child.pet_walk',
    kind: 'message',
    title: 'Walkies',
    text: 'You walked the dog all by yourself. Well, the dog walked you.',
    tags: ['nature'],
    when: { age: [6, 12], all: ['hasPet'], chance: 0.0003 },
    effects: {
      stats: { happiness: 4, health: 1 },
      npc: { role: 'pet', affinity: 5, familiarity: 8 },
    },
  },
];
