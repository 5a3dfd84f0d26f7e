import type { EventDef } from './event-schema.ts';

/**
 * The starter event catalog: plain data, checked and indexed by
 * `compileCatalog` at start. Chances are per game hour while the conditions
 * hold; 0.002 is roughly once in three game weeks (a year is 8,760 hours, so
 * 0.001 is about nine times a year). Every random event names an age range,
 * so the per-age index holds only the events that can fire at that age.
 *
 * Order matters only for the history bitset (an event's index is its bit), so
 * append new events at the end.
 */
export const STARTER_EVENTS: readonly EventDef[] = [
  // -- fired by rules, never by the hourly check -----------------------------------
  {
    id: 'life.death',
    kind: 'message',
    title: 'The end of a life',
    text: 'Your story has come to its close.',
  },

  // -- childhood (0-12) ----------------------------------------------------------
  {
    id: 'baby.first_word',
    kind: 'message',
    title: 'First word',
    text: 'You said your first word. Your parents will not stop telling everyone.',
    when: { age: [1, 2], chance: 0.004, once: true },
    effects: { stats: { happiness: 5 }, npc: { role: 'mother', affinity: 5 } },
  },
  {
    id: 'baby.first_steps',
    kind: 'message',
    title: 'First steps',
    text: 'You wobbled across the living room on your own two feet.',
    when: { age: [0, 2], chance: 0.003, once: true },
    effects: { stats: { happiness: 5 }, npc: { role: 'father', affinity: 5 } },
  },
  {
    id: 'child.scraped_knee',
    kind: 'message',
    title: 'Scraped knee',
    text: 'You fell off the swing. It stings, but a plaster and a hug help.',
    tags: ['sports'],
    // Childhood has dozens of events now: each common one gets a smaller slice.
    when: { age: [5, 12], chance: 0.0008 },
    effects: { stats: { happiness: -3, health: -1 } },
  },
  {
    id: 'child.lost_tooth',
    kind: 'message',
    title: 'A wobbly tooth',
    text: 'Your tooth came out. Something under the pillow is worth a coin.',
    // About nine teeth a year between five and eight, as children lose them.
    when: { age: [5, 8], chance: 0.001 },
    effects: { stats: { money: 1, happiness: 2 } },
  },
  {
    id: 'child.new_friend',
    kind: 'question',
    title: 'A new kid at school',
    text: 'A new kid sits alone at lunch. Do you sit with them?',
    tags: ['social'],
    when: { age: [5, 12], all: ['inSchool'], chance: 0.0015, once: true },
    options: [
      {
        id: 'sit',
        label: 'Sit with them',
        effects: {
          stats: { social: 10, happiness: 5 },
          npc: { role: 'friend', affinity: 20, familiarity: 20 },
        },
      },
      { id: 'ignore', label: 'Stay with your usual table', effects: { stats: { social: -2 } } },
    ],
  },
  {
    id: 'child.pet_request',
    kind: 'question',
    title: 'Can we get a puppy?',
    text: 'A neighbour has puppies to give away. Ask your parents for one?',
    tags: ['nature'],
    when: { age: [6, 12], none: ['hasPet'], chance: 0.001, once: true },
    options: [
      {
        id: 'beg',
        label: 'Beg until they say yes',
        // The puppy joins the household as an NPC the pet events can find.
        effects: {
          stats: { happiness: 10 },
          setFlags: ['hasPet'],
          npc: { role: 'pet', affinity: 40, familiarity: 40 },
        },
      },
      { id: 'let_go', label: 'Let it go', effects: { stats: { happiness: -3 } } },
    ],
  },
  {
    id: 'child.school_play',
    kind: 'question',
    title: 'The school play',
    text: 'Auditions for the school play are on Friday.',
    tags: ['art', 'music'],
    when: { age: [7, 12], all: ['inSchool'], chance: 0.001 },
    options: [
      {
        id: 'audition',
        label: 'Audition for the lead',
        cost: { energy: 10 },
        effects: { stats: { social: 5, stress: 5, happiness: 5 }, interests: ['art'] },
      },
      {
        id: 'crew',
        label: 'Paint the scenery',
        effects: { stats: { happiness: 3 }, interests: ['art'] },
      },
      { id: 'skip', label: 'Not for me', effects: {} },
    ],
  },
  {
    id: 'child.chickenpox',
    kind: 'message',
    title: 'Chickenpox',
    text: 'Itchy spots everywhere. A week off school, at least.',
    when: { age: [3, 10], chance: 0.0004, once: true },
    effects: { stats: { health: -8, happiness: -5 } },
  },

  // -- adolescence (13-17) -------------------------------------------------------
  {
    id: 'teen.first_crush',
    kind: 'question',
    title: 'A crush',
    text: 'You cannot stop thinking about someone in your class.',
    tags: ['romance'],
    when: { age: [13, 17], none: ['hasPartner'], chance: 0.0015, once: true },
    options: [
      {
        id: 'confess',
        label: 'Tell them',
        effects: { stats: { stress: 10, happiness: 5 }, interests: ['romance'] },
      },
      { id: 'keep', label: 'Keep it to yourself', effects: { stats: { stress: 3 } } },
    ],
  },
  {
    id: 'teen.part_time_job',
    kind: 'question',
    title: 'Weekend job',
    text: 'The café down the road wants weekend help behind the counter.',
    tags: ['money', 'food'],
    // Baristas start at 16 (content/jobs.ts).
    when: { age: [16, 17], none: ['hasJob'], chance: 0.0003 },
    options: [
      {
        id: 'take',
        label: 'Take it',
        effects: { job: 'barista', stats: { stress: 5 }, interests: ['money'] },
      },
      { id: 'decline', label: 'Keep your weekends free', effects: { stats: { happiness: 2 } } },
    ],
  },
  {
    id: 'teen.peer_pressure',
    kind: 'dilemma',
    title: 'Behind the gym',
    text: 'Some older kids offer you a cigarette.',
    when: { age: [13, 17], none: ['smoker'], chance: 0.0004 },
    options: [
      {
        id: 'try',
        label: 'Try one',
        effects: { stats: { social: 5, health: -2 } },
        next: 'teen.peer_pressure.after',
      },
      { id: 'refuse', label: 'Say no', effects: { stats: { social: -3, happiness: 2 } } },
    ],
  },
  {
    id: 'teen.peer_pressure.after',
    kind: 'dilemma',
    title: 'Another one?',
    text: 'A week later they offer again. It was not that bad, was it?',
    // Headless players take the first option they can afford: the habit is
    // the choice a player makes, not the one a bot falls into.
    options: [
      { id: 'stop', label: 'Once was enough', effects: { stats: { happiness: 3 } } },
      { id: 'habit', label: 'Take it', effects: { setFlags: ['smoker'], stats: { health: -3 } } },
    ],
  },
  {
    id: 'teen.exam_stress',
    kind: 'message',
    title: 'Exam week',
    text: 'Exams, all of them, this week.',
    when: { age: [13, 17], all: ['inSchool'], chance: 0.001 },
    effects: { stats: { stress: 10, schoolPerformance: 2 } },
  },
  {
    id: 'teen.driving_test',
    kind: 'question',
    title: 'Driving test',
    text: 'You are old enough to take your driving test.',
    when: { age: [16, 17], chance: 0.002, once: true },
    options: [
      {
        id: 'take',
        label: 'Book the test',
        cost: { money: 60 },
        effects: { stats: { happiness: 10, stress: 5 } },
      },
      { id: 'wait', label: 'Wait a year', effects: {} },
    ],
  },

  // -- school years ------------------------------------------------------------------
  {
    id: 'school.good_grade',
    kind: 'message',
    title: 'Top marks',
    text: 'Your teacher pinned your essay on the wall.',
    tags: ['books'],
    when: {
      age: [6, 17],
      all: ['inSchool'],
      stats: { schoolPerformance: { min: 60 } },
      chance: 0.0008,
    },
    effects: { stats: { happiness: 5, schoolPerformance: 3 } },
  },
  {
    id: 'school.detention',
    kind: 'message',
    title: 'Detention',
    text: 'Talking in class earned you an hour after school.',
    when: {
      age: [6, 17],
      all: ['inSchool'],
      stats: { schoolPerformance: { max: 40 } },
      chance: 0.0008,
    },
    effects: { stats: { happiness: -5, stress: 5 }, npc: { role: 'father', affinity: -3 } },
  },
  {
    id: 'school.sports_team',
    kind: 'question',
    title: 'Team tryouts',
    text: 'The school team is holding tryouts.',
    tags: ['sports'],
    when: { age: [9, 17], all: ['inSchool'], chance: 0.0005 },
    options: [
      {
        id: 'try_out',
        label: 'Try out',
        cost: { energy: 15 },
        effects: {
          stats: { health: 3, social: 5 },
          setFlags: ['exercises'],
          interests: ['sports'],
        },
      },
      { id: 'watch', label: 'Cheer from the stands', effects: { stats: { social: 2 } } },
    ],
  },

  // -- adulthood (18-64) -------------------------------------------------------------
  {
    id: 'adult.job_offer',
    kind: 'question',
    title: 'A job offer',
    text: 'A department store across town is hiring, and your diploma is enough.',
    tags: ['money'],
    // Retail wants a high-school diploma (content/jobs.ts); without one, the
    // warehouse and kitchen offers in events/adulthood.ts come instead.
    when: {
      age: [18, 64],
      all: ['graduatedHighSchool'],
      none: ['hasJob', 'inCollege', 'retired'],
      // About six weeks out of work before an offer comes.
      chance: 0.001,
    },
    options: [
      {
        id: 'accept',
        label: 'Accept',
        effects: { job: 'retail_associate', stats: { happiness: 5 } },
      },
      { id: 'decline', label: 'Keep looking', effects: { stats: { stress: 3 } } },
    ],
  },
  {
    id: 'adult.promotion',
    kind: 'message',
    // Promotions up the job ladder are the weekly work rules' (sim/work-rules.ts);
    // this is the one-off bonus a star performer gets between them.
    title: 'A bonus',
    text: 'Your manager noticed your work. A bonus is on its way.',
    tags: ['money'],
    when: {
      age: [16, 80],
      all: ['hasJob'],
      stats: { jobPerformance: { min: 75 } },
      chance: 0.0003,
    },
    effects: { stats: { happiness: 10, money: 200 } },
  },
  {
    id: 'adult.date',
    kind: 'question',
    title: 'A blind date',
    text: 'A friend set you up on a blind date this Saturday.',
    tags: ['romance', 'social'],
    // Alongside the dating app and the office crush: a single person meets
    // someone every few months.
    when: { age: [18, 60], none: ['hasPartner'], chance: 0.0003 },
    options: [
      {
        id: 'go',
        label: 'Go',
        cost: { money: 40, energy: 10 },
        effects: {
          setFlags: ['hasPartner'],
          stats: { happiness: 10 },
          npc: { role: 'partner', affinity: 25, familiarity: 20 },
        },
      },
      { id: 'cancel', label: 'Cancel', effects: { stats: { social: -3 } } },
    ],
  },
  {
    id: 'adult.proposal',
    kind: 'dilemma',
    title: 'Will you marry me?',
    text: 'Your partner is down on one knee.',
    tags: ['romance'],
    // Romance needs affinity over 20 (GAME.md).
    when: {
      age: [20, 70],
      all: ['hasPartner'],
      none: ['married', 'engaged'],
      npc: { role: 'partner', minAffinity: 21 },
      chance: 0.0003,
    },
    options: [
      {
        id: 'yes',
        label: 'Yes!',
        effects: {
          setFlags: ['engaged'],
          stats: { happiness: 20 },
          npc: { role: 'partner', affinity: 20 },
        },
        next: 'adult.wedding',
      },
      {
        id: 'no',
        label: 'Not yet',
        effects: { stats: { stress: 10 }, npc: { role: 'partner', affinity: -20 } },
      },
    ],
  },
  {
    id: 'adult.wedding',
    kind: 'dilemma',
    title: 'The wedding',
    text: 'How big should the wedding be?',
    options: [
      {
        id: 'big',
        label: 'Invite everyone',
        cost: { money: 5000 },
        effects: {
          setFlags: ['married'],
          clearFlags: ['engaged'],
          stats: { happiness: 15, social: 15 },
          npc: { role: 'partner', affinity: 10 },
        },
      },
      {
        id: 'small',
        label: 'Just family',
        cost: { money: 800 },
        effects: {
          setFlags: ['married'],
          clearFlags: ['engaged'],
          stats: { happiness: 10 },
          npc: { role: 'partner', affinity: 10 },
        },
      },
      {
        id: 'elope',
        label: 'Elope',
        effects: {
          setFlags: ['married'],
          clearFlags: ['engaged'],
          stats: { happiness: 8 },
          npc: { role: 'mother', affinity: -10 },
        },
      },
      {
        // Stay engaged: 'adult.set_the_date' (events/adulthood.ts) asks again later.
        id: 'later',
        label: 'A long engagement first',
        effects: { stats: { stress: -3 } },
      },
    ],
  },
  {
    id: 'adult.baby',
    kind: 'question',
    title: 'Starting a family',
    text: 'Your partner asks whether it is time to try for a child.',
    // The baby itself comes later: 'adult.pregnancy' (events/adulthood.ts)
    // looks for the tryingForChild flag.
    when: {
      age: [22, 45],
      all: ['hasPartner'],
      none: ['hasChild', 'tryingForChild'],
      npc: { role: 'partner', minAffinity: 21 },
      chance: 0.0004,
    },
    options: [
      {
        id: 'yes',
        label: 'Let us try',
        effects: {
          setFlags: ['tryingForChild'],
          stats: { happiness: 5, stress: 3 },
          npc: { role: 'partner', affinity: 10 },
        },
      },
      { id: 'later', label: 'Not yet', effects: {} },
    ],
  },
  {
    id: 'adult.gym',
    kind: 'question',
    title: 'Gym membership',
    text: 'The gym on your street has an offer on memberships.',
    tags: ['sports'],
    when: { age: [18, 120], none: ['exercises'], chance: 0.0004 },
    options: [
      {
        id: 'join',
        label: 'Join',
        cost: { money: 30 },
        effects: { setFlags: ['exercises'], stats: { health: 3 } },
      },
      { id: 'pass', label: 'Maybe next year', effects: {} },
    ],
  },
  {
    id: 'adult.burnout',
    kind: 'message',
    title: 'Running on empty',
    text: 'Work has worn you down. You need a break.',
    when: { age: [16, 80], all: ['hasJob'], stats: { stress: { min: 80 } }, chance: 0.002 },
    effects: { stats: { health: -5, happiness: -10, jobPerformance: -10 } },
  },
  {
    id: 'adult.lottery',
    kind: 'message',
    title: 'Scratch card',
    text: 'A scratch card from the corner shop paid out.',
    tags: ['money'],
    when: { age: [18, 120], chance: 0.0001 },
    effects: { stats: { money: 250, happiness: 8 } },
  },
  {
    id: 'adult.quit_smoking',
    kind: 'question',
    title: 'Quit smoking?',
    text: 'Your doctor says your lungs would thank you.',
    // The quitHabit command is the player's own way out; this is the doctor's nudge.
    when: { age: [18, 120], all: ['smoker'], chance: 0.0003 },
    options: [
      {
        id: 'quit',
        label: 'Quit',
        effects: { clearFlags: ['smoker'], stats: { stress: 10, health: 2 } },
      },
      { id: 'keep', label: 'Not now', effects: { stats: { health: -1 } } },
    ],
  },

  // -- old age (65+) -------------------------------------------------------------------
  {
    id: 'senior.retirement',
    kind: 'question',
    title: 'Retirement',
    text: 'You could retire now on a pension.',
    // Within a few weeks of turning 65 for most who still work.
    when: { age: [65, 120], all: ['hasJob'], chance: 0.002, once: true },
    options: [
      {
        id: 'retire',
        label: 'Retire',
        effects: {
          job: 'none',
          setFlags: ['retired'],
          stats: { happiness: 10, stress: -20 },
        },
      },
      { id: 'stay', label: 'Keep working', effects: { stats: { stress: 5 } } },
    ],
  },
  {
    id: 'senior.grandchild',
    kind: 'message',
    title: 'A grandchild',
    text: 'Your child had a baby. You are a grandparent.',
    when: { age: [45, 120], all: ['hasChild'], chance: 0.0005, once: true },
    effects: { stats: { happiness: 20 }, npc: { role: 'child', affinity: 10 } },
  },
  {
    id: 'senior.fall',
    kind: 'message',
    title: 'A fall',
    text: 'You slipped on the stairs. Nothing broken, but it shook you.',
    when: { age: [65, 120], chance: 0.0005 },
    effects: { stats: { health: -6, happiness: -4 } },
  },
  {
    id: 'senior.garden',
    kind: 'message',
    title: 'Prize tomatoes',
    text: 'Your tomatoes won second prize at the village show.',
    tags: ['nature'],
    when: { age: [65, 120], chance: 0.0002 },
    effects: { stats: { happiness: 8 } },
  },

  // -- health and random happenings ------------------------------------------------------
  {
    id: 'health.flu',
    kind: 'message',
    title: 'The flu',
    text: 'Fever, aches, and a week in bed.',
    // About one flu in two years; the condition then runs its course (content/conditions.ts).
    when: { age: [0, 120], none: ['ill'], chance: 0.00006 },
    effects: { stats: { health: -5, energy: -20 }, conditions: { add: ['flu'] } },
  },
  {
    id: 'health.checkup',
    kind: 'question',
    title: 'Check-up',
    text: 'The clinic reminds you that you are due a check-up.',
    when: { age: [30, 120], stats: { health: { max: 60 } }, chance: 0.0004 },
    options: [
      { id: 'go', label: 'Go', cost: { money: 80 }, effects: { stats: { health: 5, stress: -3 } } },
      { id: 'skip', label: 'Skip it', effects: { stats: { stress: 2 } } },
    ],
  },
  {
    id: 'random.found_wallet',
    kind: 'dilemma',
    title: 'A lost wallet',
    text: 'You find a wallet on the pavement with cash inside.',
    when: { age: [10, 120], chance: 0.0001 },
    options: [
      { id: 'return', label: 'Hand it in', effects: { stats: { happiness: 5 } } },
      { id: 'keep', label: 'Keep the cash', effects: { stats: { money: 60, stress: 5 } } },
    ],
  },
  {
    id: 'random.rainy_day',
    kind: 'message',
    title: 'Rainy day',
    text: 'It rained all day. You stayed in.',
    when: { age: [3, 120], chance: 0.0006 },
    effects: { stats: { happiness: -1, energy: 2 } },
  },
  {
    id: 'negative.burglary',
    kind: 'message',
    title: 'Break-in',
    text: 'Someone broke in while you were out.',
    when: { age: [18, 120], stats: { money: { min: 500 } }, chance: 0.0002 },
    effects: { stats: { money: -300, stress: 15, happiness: -10 } },
  },
  {
    id: 'negative.layoff',
    kind: 'message',
    title: 'Laid off',
    text: 'The company is cutting jobs, and yours is one of them.',
    when: {
      age: [16, 80],
      all: ['hasJob'],
      stats: { jobPerformance: { max: 30 } },
      chance: 0.001,
    },
    effects: { job: 'none', stats: { happiness: -15, stress: 15 } },
  },

  // -- holidays (scheduled by day of year) ----------------------------------------------------
  {
    id: 'holiday.new_year',
    kind: 'message',
    title: 'Happy New Year',
    text: 'Fireworks at midnight. A fresh start.',
    when: { day: 0, hour: 0, chance: 1 },
    effects: { stats: { happiness: 5 } },
  },
  {
    id: 'holiday.valentine',
    kind: 'message',
    title: "Valentine's Day",
    text: 'Flowers and chocolates, for those in love.',
    tags: ['romance'],
    when: { day: 44, hour: 19, all: ['hasPartner'], chance: 1 },
    effects: { stats: { happiness: 5 }, npc: { role: 'partner', affinity: 5 } },
  },
  {
    id: 'holiday.halloween',
    kind: 'message',
    title: 'Halloween',
    text: 'Costumes, pumpkins and far too many sweets.',
    when: { day: 303, hour: 18, age: [3, 15], chance: 1 },
    effects: { stats: { happiness: 8, hunger: -10 } },
  },
  {
    id: 'holiday.winter',
    kind: 'message',
    title: 'Winter holidays',
    text: 'The family gathers for the winter holidays.',
    when: { day: 358, hour: 12, chance: 1 },
    effects: { stats: { happiness: 10 }, npc: { role: 'mother', familiarity: 10 } },
  },
];
