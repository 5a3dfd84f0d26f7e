import type { EventDef } from '../event-schema.ts';

/**
 * Adolescence, 13 to 17: first loves, first jobs, first cars, and the
 * friends, bands and habits a teenager picks up.
 *
 * Chances are per game hour (a year is 8,760 hours); every asking event ends
 * with a free option.
 */
export const ADOLESCENCE_EVENTS: readonly EventDef[] = [
  {
    id: 'teen.first_kiss',
    kind: 'message',
    title: 'A first kiss',
    text: 'Behind the bike sheds, awkward and perfect.',
    tags: ['romance'],
    when: { age: [14, 17], chance: 0.0003, once: true },
    effects: { stats: { happiness: 8, stress: 2 }, interests: ['romance'] },
  },
  {
    id: 'teen.prom',
    kind: 'question',
    title: 'Prom',
    text: 'Prom is in two weeks and everyone is asking everyone.',
    tags: ['romance', 'social', 'music'],
    when: { age: [16, 17], all: ['inSchool'], chance: 0.0008, once: true },
    options: [
      {
        id: 'ask',
        label: 'Ask your crush',
        cost: { money: 40, energy: 10 },
        effects: {
          setFlags: ['hasPartner'],
          stats: { happiness: 10, social: 5 },
          npc: { role: 'partner', affinity: 25, familiarity: 20 },
        },
      },
      {
        id: 'friends',
        label: 'Go with your friends',
        cost: { energy: 10 },
        effects: { stats: { happiness: 6, social: 6 }, npc: { role: 'friend', affinity: 8 } },
      },
      { id: 'skip', label: 'Skip it', effects: { stats: { social: -3 } } },
    ],
  },
  {
    id: 'teen.band',
    kind: 'question',
    title: 'A band',
    text: "Your friends are starting a band in someone's garage. They need a bassist.",
    tags: ['music', 'social'],
    when: { age: [13, 17], chance: 0.0003, once: true },
    options: [
      {
        id: 'join',
        label: 'Learn the bass',
        cost: { energy: 10 },
        effects: {
          stats: { happiness: 6, social: 5, schoolPerformance: -2 },
          interests: ['music'],
          npc: { role: 'friend', affinity: 6, familiarity: 10 },
        },
      },
      { id: 'no', label: 'Be their audience', effects: { stats: { social: 2 } } },
    ],
  },
  {
    id: 'teen.acne',
    kind: 'message',
    title: 'A spot',
    text: 'A spot, right on the end of your nose, on picture day.',
    when: { age: [13, 16], chance: 0.0002 },
    effects: { stats: { happiness: -4, stress: 3 } },
  },
  {
    id: 'teen.growth_spurt',
    kind: 'message',
    title: 'A growth spurt',
    text: 'None of your trousers fit. You are hungry all the time.',
    tags: ['food', 'sports'],
    when: { age: [13, 15], chance: 0.0004, once: true },
    effects: { stats: { hunger: 15, health: 2 } },
  },
  {
    id: 'teen.social_media',
    kind: 'question',
    title: 'Going viral',
    text: 'A video you posted is getting thousands of views.',
    tags: ['tech', 'social'],
    when: { age: [13, 17], chance: 0.0002 },
    options: [
      {
        id: 'post_more',
        label: 'Post more, every day',
        effects: { stats: { social: 6, stress: 6, schoolPerformance: -2 }, interests: ['tech'] },
      },
      {
        id: 'log_off',
        label: 'Enjoy it and log off',
        effects: { stats: { happiness: 3, stress: -2 } },
      },
    ],
  },
  {
    id: 'teen.curfew',
    kind: 'question',
    title: 'Curfew',
    text: 'The party is just getting good and your curfew is in ten minutes.',
    tags: ['social'],
    when: { age: [14, 17], chance: 0.0002 },
    options: [
      {
        id: 'home',
        label: 'Head home on time',
        effects: { stats: { social: -1 }, npc: { role: 'mother', affinity: 4 } },
      },
      {
        id: 'stay',
        label: 'Stay out',
        effects: { stats: { happiness: 4, social: 4 }, npc: { role: 'mother', affinity: -8 } },
      },
    ],
  },
  {
    id: 'teen.volunteer',
    kind: 'question',
    title: 'The animal shelter',
    text: 'The animal shelter needs volunteers on weekends.',
    tags: ['nature', 'social'],
    when: { age: [14, 17], chance: 0.0002, once: true },
    options: [
      {
        id: 'volunteer',
        label: 'Volunteer',
        cost: { energy: 10 },
        effects: { stats: { happiness: 6, stress: -3 }, interests: ['nature'] },
      },
      { id: 'no', label: 'Weekends are for sleeping', effects: {} },
    ],
  },
  {
    id: 'teen.babysitting',
    kind: 'question',
    title: 'Babysitting',
    text: 'The family next door needs a babysitter two evenings a week.',
    tags: ['money', 'social'],
    // Babysitters start at 13 (content/jobs.ts); about one offer a year.
    when: { age: [13, 17], none: ['hasJob'], chance: 0.0001 },
    options: [
      { id: 'take', label: 'Take the job', effects: { job: 'babysitter', stats: { stress: 2 } } },
      { id: 'no', label: 'No thanks', effects: {} },
    ],
  },
  {
    id: 'teen.lifeguard',
    kind: 'question',
    title: 'Lifeguard training',
    text: 'The pool is training new lifeguards for the summer.',
    tags: ['sports', 'money'],
    // Lifeguards start at 15 and need to be fit.
    when: { age: [15, 17], none: ['hasJob'], stats: { health: { min: 60 } }, chance: 0.0002 },
    options: [
      {
        id: 'train',
        label: 'Sign up',
        cost: { energy: 15 },
        effects: { job: 'lifeguard', stats: { health: 2 }, interests: ['sports'] },
      },
      { id: 'no', label: 'No thanks', effects: {} },
    ],
  },
  {
    id: 'teen.cashier',
    kind: 'question',
    title: 'The corner shop',
    text: 'The corner shop has a sign in the window: cashier wanted, evenings.',
    tags: ['money'],
    // Cashiers start at 15.
    when: { age: [15, 17], none: ['hasJob'], chance: 0.0002 },
    options: [
      { id: 'apply', label: 'Apply', effects: { job: 'cashier', stats: { stress: 3 } } },
      { id: 'no', label: 'Not now', effects: {} },
    ],
  },
  {
    id: 'teen.quit_job',
    kind: 'question',
    title: 'Too much',
    text: 'School, homework and shifts. Something has to give.',
    tags: ['money'],
    // About once a year while juggling both.
    when: {
      age: [13, 17],
      all: ['hasJob', 'inSchool'],
      chance: 0.0001,
    },
    options: [
      {
        id: 'quit',
        label: 'Quit the job',
        effects: { job: 'none', stats: { stress: -15, happiness: 3 } },
      },
      {
        id: 'push_on',
        label: 'Push on',
        effects: { stats: { stress: 5, schoolPerformance: -3 } },
      },
    ],
  },
  {
    id: 'teen.first_car',
    kind: 'question',
    title: 'A first car',
    text: 'A neighbour is selling an old hatchback. It runs. Mostly.',
    tags: ['money', 'travel'],
    when: { age: [17, 17], none: ['ownsCar'], chance: 0.0005, once: true },
    options: [
      {
        id: 'buy',
        label: 'Buy it with your savings',
        cost: { money: 800 },
        effects: { setFlags: ['ownsCar'], stats: { happiness: 12 } },
      },
      {
        id: 'borrow',
        label: "Borrow your parents' car",
        effects: { stats: { happiness: 3 }, npc: { role: 'father', affinity: -3 } },
      },
      { id: 'bus', label: 'The bus is fine', effects: {} },
    ],
  },
  {
    id: 'teen.breakup',
    kind: 'message',
    title: 'Dumped',
    text: 'By text message. During maths.',
    tags: ['romance'],
    when: { age: [13, 17], all: ['hasPartner'], chance: 0.0004 },
    effects: {
      clearFlags: ['hasPartner'],
      stats: { happiness: -12, stress: 6 },
      npc: { role: 'partner', affinity: -30 },
    },
  },
  {
    id: 'teen.diary',
    kind: 'message',
    title: 'A diary',
    text: 'You started writing things down. Mostly poems. Mostly bad ones.',
    tags: ['books', 'art'],
    when: { age: [13, 17], chance: 0.0002, once: true },
    effects: { stats: { stress: -5, happiness: 2 } },
  },
  {
    id: 'teen.gaming_tournament',
    kind: 'question',
    title: 'A gaming tournament',
    text: 'An online tournament with a real prize. Your team needs a fifth player.',
    tags: ['games', 'tech'],
    when: { age: [13, 17], chance: 0.0002 },
    options: [
      {
        id: 'play',
        label: 'Play all weekend',
        cost: { energy: 15 },
        effects: {
          stats: { happiness: 6, schoolPerformance: -2, social: 3 },
          interests: ['games'],
        },
      },
      { id: 'no', label: 'Homework first', effects: { stats: { schoolPerformance: 1 } } },
    ],
  },
  {
    id: 'teen.concert',
    kind: 'question',
    title: 'The concert',
    text: 'Your favourite band is playing in the city. Tickets go on sale at nine.',
    tags: ['music', 'travel'],
    when: { age: [14, 17], chance: 0.0002 },
    options: [
      {
        id: 'buy',
        label: 'Buy a ticket',
        cost: { money: 45, energy: 10 },
        effects: { stats: { happiness: 10, social: 4 }, interests: ['music'] },
      },
      { id: 'stream', label: 'Watch it online', effects: { stats: { happiness: 2 } } },
    ],
  },
  {
    id: 'teen.cooking',
    kind: 'question',
    title: 'Dinner is on you',
    text: 'Your parents are working late. Dinner is up to you tonight.',
    tags: ['food'],
    when: { age: [13, 17], chance: 0.0002 },
    options: [
      {
        id: 'cook',
        label: 'Cook something from scratch',
        cost: { energy: 8 },
        effects: {
          stats: { hunger: -20, happiness: 4 },
          interests: ['food'],
          npc: { role: 'mother', affinity: 4 },
        },
      },
      { id: 'cereal', label: 'Cereal, again', effects: { stats: { hunger: -10 } } },
    ],
  },
  {
    id: 'teen.hiking_club',
    kind: 'question',
    title: 'The hiking club',
    text: 'The hiking club is climbing the highest hill in the county on Saturday.',
    tags: ['nature', 'sports'],
    when: { age: [13, 17], chance: 0.0002 },
    options: [
      {
        id: 'go',
        label: 'Lace up your boots',
        cost: { energy: 20 },
        effects: { stats: { health: 3, happiness: 5 }, interests: ['nature'] },
      },
      { id: 'no', label: 'Stay in', effects: {} },
    ],
  },
  {
    id: 'teen.coding',
    kind: 'question',
    title: 'Learning to code',
    text: 'A free online course promises you will build your own game by the summer.',
    tags: ['tech', 'games'],
    when: { age: [13, 17], chance: 0.0002, once: true },
    options: [
      {
        id: 'learn',
        label: 'Start the course',
        cost: { energy: 10 },
        effects: { stats: { schoolPerformance: 3, stress: 2 }, interests: ['tech'] },
      },
      { id: 'no', label: 'Sounds like homework', effects: { dislikes: ['tech'] } },
    ],
  },
  {
    id: 'teen.exchange_student',
    kind: 'question',
    title: 'An exchange student',
    text: 'Your school is looking for families to host an exchange student for a term.',
    tags: ['travel', 'social'],
    when: { age: [14, 17], all: ['inSchool'], chance: 0.0002, once: true },
    options: [
      {
        id: 'host',
        label: 'Host them',
        effects: {
          stats: { social: 6, happiness: 4 },
          interests: ['travel'],
          npc: { role: 'friend', affinity: 15, familiarity: 20 },
        },
      },
      { id: 'no', label: 'The spare room is full', effects: {} },
    ],
  },
  {
    id: 'teen.family_holiday',
    kind: 'message',
    title: 'A family holiday',
    text: 'Two weeks by the sea with your family. You sulked for one day and loved the rest.',
    tags: ['travel', 'nature'],
    when: { age: [13, 17], chance: 0.0001 },
    effects: {
      stats: { happiness: 8, stress: -8 },
      npc: { role: 'mother', affinity: 4, familiarity: 10 },
    },
  },
  {
    id: 'teen.sibling_secret',
    kind: 'question',
    title: "Your sibling's secret",
    text: 'You caught your sibling sneaking back in at two in the morning.',
    tags: ['social'],
    when: { age: [13, 17], npc: { role: 'sibling' }, chance: 0.0002 },
    options: [
      {
        id: 'cover',
        label: 'Keep quiet',
        effects: { npc: { role: 'sibling', affinity: 10 }, stats: { stress: 2 } },
      },
      {
        id: 'tell',
        label: 'Tell your parents',
        effects: { npc: { role: 'sibling', affinity: -12 } },
      },
    ],
  },
];
