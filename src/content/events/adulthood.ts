import type { EventDef } from '../event-schema.ts';

/**
 * Adulthood, 18 to 64: work, money, romance and family. Job offers name a
 * job from content/jobs.ts and ask for what that job asks (a diploma, a
 * degree, a GPA, an age), since an effect hires without checking. Romance
 * follows the flags: hasPartner, then engaged, then married; trying for a
 * child (tryingForChild) comes before the child (hasChild).
 *
 * Chances are per game hour (a year is 8,760 hours): most adult events sit
 * between 0.0001 and 0.0004, about once to three times a year while they
 * apply. Every asking event ends with a free option.
 */
export const ADULTHOOD_EVENTS: readonly EventDef[] = [
  // -- work --------------------------------------------------------------------------------
  {
    id: 'adult.entry_job',
    kind: 'question',
    title: 'Help wanted',
    text: 'A warehouse and a restaurant kitchen are both hiring, no diploma needed.',
    tags: ['money', 'food'],
    // The offer for those without a diploma ('adult.job_offer' is for those with one).
    when: {
      age: [18, 64],
      none: ['hasJob', 'inCollege', 'retired', 'graduatedHighSchool'],
      // About six weeks out of work before an offer comes.
      chance: 0.001,
    },
    options: [
      {
        id: 'warehouse',
        label: 'The warehouse',
        effects: { job: 'warehouse_worker', stats: { happiness: 3 } },
      },
      { id: 'kitchen', label: 'The kitchen', effects: { job: 'cook', interests: ['food'] } },
      { id: 'decline', label: 'Keep looking', effects: { stats: { stress: 3 } } },
    ],
  },
  {
    id: 'adult.apprenticeship',
    kind: 'question',
    title: 'An apprenticeship',
    text: 'An electrician is taking on an apprentice and liked your school record.',
    tags: ['tech', 'money'],
    // Electricians need a diploma with a GPA of 2.0 (gpa is in hundredths).
    when: {
      age: [18, 40],
      all: ['graduatedHighSchool'],
      none: ['hasJob', 'inCollege', 'retired'],
      stats: { gpa: { min: 200 } },
      chance: 0.0005,
    },
    options: [
      {
        id: 'accept',
        label: 'Pick up the toolbox',
        effects: { job: 'electrician', interests: ['tech'], stats: { happiness: 4 } },
      },
      { id: 'decline', label: 'Not for you', effects: {} },
    ],
  },
  {
    id: 'adult.police_recruitment',
    kind: 'question',
    title: 'The police are recruiting',
    text: 'A poster at the station: the force wants people who can keep their heads.',
    tags: ['sports', 'social'],
    // Officers are 21 or older with a diploma and a GPA of 2.0.
    when: {
      age: [21, 40],
      all: ['graduatedHighSchool'],
      none: ['hasJob', 'inCollege', 'retired'],
      stats: { gpa: { min: 200 } },
      chance: 0.0003,
    },
    options: [
      {
        id: 'enlist',
        label: 'Apply',
        cost: { energy: 20 },
        effects: { job: 'police_officer', stats: { stress: 5, health: 2 } },
      },
      { id: 'decline', label: 'Not for you', effects: {} },
    ],
  },
  {
    id: 'adult.session_musician',
    kind: 'question',
    title: 'A gig',
    text: 'A studio needs a session player for a month of recordings. It could become more.',
    tags: ['music', 'art'],
    when: { age: [18, 45], none: ['hasJob', 'inCollege', 'retired'], chance: 0.0002 },
    options: [
      {
        id: 'play',
        label: 'Take the gig',
        effects: { job: 'musician', interests: ['music'], stats: { happiness: 6 } },
      },
      { id: 'decline', label: 'Keep it a hobby', effects: {} },
    ],
  },
  {
    id: 'adult.graduate_offer',
    kind: 'question',
    title: 'A graduate scheme',
    text: 'A marketing firm is recruiting graduates of any subject.',
    tags: ['money', 'social'],
    // Open to graduates still in a student job too: once, soon after the
    // degree. Marketing asks a GPA of 2.3 (gpa is in hundredths).
    when: {
      age: [21, 64],
      all: ['graduatedCollege'],
      none: ['inCollege', 'retired'],
      stats: { gpa: { min: 230 } },
      chance: 0.001,
      once: true,
    },
    options: [
      {
        id: 'accept',
        label: 'Accept',
        effects: { job: 'marketing_manager', stats: { happiness: 6 } },
      },
      { id: 'decline', label: 'Hold out for your field', effects: { stats: { stress: 3 } } },
    ],
  },
  {
    id: 'adult.career_move',
    kind: 'question',
    title: 'A full-time post',
    text: 'Your student job pays the bills, just. The department store has a full-time opening.',
    tags: ['money', 'social'],
    // Part-time jobs do not end by themselves: the young worker gets one
    // offer of a full-time one (a job offer otherwise waits for no job).
    when: {
      age: [18, 22],
      all: ['hasJob', 'graduatedHighSchool'],
      none: ['inCollege', 'retired', 'graduatedCollege'],
      chance: 0.0005,
      once: true,
    },
    options: [
      {
        id: 'take',
        label: 'Go full time',
        effects: { job: 'retail_associate', stats: { stress: 3 } },
      },
      { id: 'stay', label: 'Keep the job you have', effects: {} },
    ],
  },
  {
    id: 'adult.steady_work',
    kind: 'question',
    title: 'Steady work',
    text: 'A foreman you know says the warehouse needs people on a proper contract.',
    tags: ['money', 'sports'],
    // The same offer for those without a diploma.
    when: {
      age: [18, 22],
      all: ['hasJob'],
      none: ['inCollege', 'retired', 'graduatedHighSchool'],
      chance: 0.0005,
      once: true,
    },
    options: [
      {
        id: 'take',
        label: 'Sign the contract',
        effects: { job: 'warehouse_worker', stats: { stress: 3 } },
      },
      { id: 'stay', label: 'Keep the job you have', effects: {} },
    ],
  },
  {
    id: 'adult.coworker_lunch',
    kind: 'question',
    title: 'Lunch with the team',
    text: 'Your coworkers are heading out for lunch and ask you along.',
    tags: ['social', 'food'],
    when: { age: [16, 70], all: ['hasJob'], chance: 0.0003 },
    options: [
      {
        id: 'join',
        label: 'Join them',
        cost: { money: 15 },
        effects: {
          stats: { social: 5, hunger: -20, jobPerformance: 1 },
          npc: { role: 'coworker', affinity: 6, familiarity: 10 },
        },
      },
      { id: 'desk', label: 'Eat at your desk', effects: { stats: { hunger: -15, social: -1 } } },
    ],
  },
  {
    id: 'adult.overtime',
    kind: 'question',
    title: 'Overtime',
    text: 'The deadline moved. Your manager asks who can stay late this week.',
    tags: ['money'],
    when: { age: [18, 70], all: ['hasJob'], chance: 0.0003 },
    options: [
      {
        id: 'stay',
        label: 'Stay late',
        cost: { energy: 20 },
        effects: { stats: { money: 120, stress: 8, jobPerformance: 5 } },
      },
      {
        id: 'home',
        label: 'Go home on time',
        effects: { stats: { jobPerformance: -2, happiness: 2 } },
      },
    ],
  },
  {
    id: 'adult.difficult_boss',
    kind: 'question',
    title: 'A difficult boss',
    text: 'Your boss criticised your work in front of everyone.',
    tags: ['social'],
    when: {
      age: [18, 70],
      all: ['hasJob'],
      stats: { jobPerformance: { max: 50 } },
      chance: 0.0003,
    },
    options: [
      {
        id: 'talk',
        label: 'Ask for a private word',
        cost: { energy: 5 },
        effects: { stats: { jobPerformance: 4, stress: 3 } },
      },
      {
        id: 'vent',
        label: 'Vent to a coworker',
        effects: { stats: { stress: -3 }, npc: { role: 'coworker', affinity: 5 } },
      },
      { id: 'swallow', label: 'Swallow it', effects: { stats: { stress: 6, happiness: -3 } } },
    ],
  },
  {
    id: 'adult.conference',
    kind: 'question',
    title: 'A conference',
    text: 'There is a conference in another city. Work will pay half.',
    tags: ['travel', 'tech'],
    when: { age: [21, 70], all: ['hasJob'], chance: 0.00015 },
    options: [
      {
        id: 'go',
        label: 'Go',
        cost: { money: 250, energy: 15 },
        effects: { stats: { jobPerformance: 8, social: 4 }, interests: ['travel'] },
      },
      { id: 'skip', label: 'Watch the recordings', effects: { stats: { jobPerformance: 1 } } },
    ],
  },
  {
    id: 'adult.evening_course',
    kind: 'question',
    title: 'An evening course',
    text: 'Your performance review was not great. An evening course could help.',
    tags: ['books'],
    when: {
      age: [18, 64],
      all: ['hasJob'],
      stats: { jobPerformance: { max: 35 } },
      chance: 0.0006,
    },
    options: [
      {
        id: 'enrol',
        label: 'Enrol',
        cost: { money: 300, energy: 10 },
        effects: { stats: { jobPerformance: 15, stress: 4 }, interests: ['books'] },
      },
      { id: 'no', label: 'It was a bad quarter', effects: { stats: { stress: 3 } } },
    ],
  },
  {
    id: 'adult.quit_job',
    kind: 'question',
    title: 'Enough',
    text: 'You dread every Monday. Is it time to walk out?',
    tags: ['money'],
    when: { age: [18, 64], all: ['hasJob'], stats: { stress: { min: 75 } }, chance: 0.001 },
    options: [
      {
        id: 'stay',
        label: 'Stick it out',
        effects: { stats: { stress: 3 } },
      },
      {
        id: 'quit',
        label: 'Hand in your notice',
        effects: { job: 'none', stats: { stress: -25, happiness: 5 } },
      },
    ],
  },
  {
    id: 'adult.drinks_after_work',
    kind: 'question',
    title: 'Friday drinks',
    text: 'The team goes to the pub every Friday. They have stopped asking if you are coming.',
    tags: ['social'],
    when: { age: [18, 64], all: ['hasJob'], none: ['drinker'], chance: 0.0002 },
    options: [
      {
        id: 'one',
        label: 'Just the one',
        cost: { money: 10 },
        effects: { stats: { social: 5 }, npc: { role: 'coworker', affinity: 5, familiarity: 8 } },
      },
      {
        id: 'regular',
        label: 'Become a regular',
        cost: { money: 30 },
        effects: {
          setFlags: ['drinker'],
          stats: { social: 8, health: -2 },
          npc: { role: 'coworker', affinity: 10 },
        },
      },
      { id: 'home', label: 'Go home', effects: {} },
    ],
  },

  // -- money -------------------------------------------------------------------------------
  {
    id: 'adult.side_hustle',
    kind: 'question',
    title: 'A side hustle',
    text: 'People keep asking where you got that thing you made. You could sell them online.',
    tags: ['money', 'art', 'tech'],
    when: { age: [18, 64], chance: 0.0001 },
    options: [
      {
        id: 'shop',
        label: 'Open an online shop',
        cost: { money: 100, energy: 15 },
        effects: { stats: { money: 250, stress: 4 }, interests: ['money', 'art'] },
      },
      { id: 'no', label: 'Keep it a hobby', effects: { stats: { happiness: 2 } } },
    ],
  },
  {
    id: 'adult.investment',
    kind: 'question',
    title: 'An index fund',
    text: 'A colleague swears by putting savings into an index fund and forgetting about them.',
    tags: ['money'],
    when: { age: [20, 70], stats: { money: { min: 3000 } }, chance: 0.0002 },
    options: [
      {
        // A decade's patience, folded into one answer: what the market pays on average.
        id: 'invest',
        label: 'Invest 2,000',
        cost: { money: 2000 },
        effects: { stats: { money: 2300, stress: 2 }, interests: ['money'] },
      },
      { id: 'cash', label: 'Keep it in the bank', effects: {} },
    ],
  },
  {
    id: 'adult.buy_car',
    kind: 'question',
    title: 'A car of your own',
    text: 'The bus was late again. The dealership down the road has a sale on.',
    tags: ['money', 'travel'],
    when: { age: [18, 75], none: ['ownsCar'], stats: { money: { min: 3000 } }, chance: 0.0003 },
    options: [
      {
        id: 'new',
        label: 'A brand new one',
        cost: { money: 12000 },
        effects: { setFlags: ['ownsCar'], stats: { happiness: 12 } },
      },
      {
        id: 'used',
        label: 'A reliable used one',
        cost: { money: 3000 },
        effects: { setFlags: ['ownsCar'], stats: { happiness: 6 } },
      },
      { id: 'bus', label: 'Stick with the bus', effects: {} },
    ],
  },
  {
    id: 'adult.buy_home',
    kind: 'question',
    title: 'A place of your own',
    text: 'A small house on a quiet street has come up for sale, and the bank will lend the rest.',
    tags: ['money'],
    when: { age: [24, 70], none: ['ownsHome'], stats: { money: { min: 15000 } }, chance: 0.0004 },
    options: [
      {
        id: 'buy',
        label: 'Put down a deposit',
        cost: { money: 15000 },
        effects: { setFlags: ['ownsHome'], stats: { happiness: 15, stress: 8 } },
      },
      { id: 'rent', label: 'Keep renting', effects: {} },
    ],
  },
  {
    id: 'adult.rent_rise',
    kind: 'message',
    title: 'Rent is going up',
    text: 'A letter from the landlord: the rent goes up next month.',
    tags: ['money'],
    when: { age: [18, 120], none: ['ownsHome'], chance: 0.0001 },
    effects: { stats: { money: -200, stress: 6 } },
  },
  {
    id: 'adult.tax_refund',
    kind: 'message',
    title: 'A tax refund',
    text: 'The tax office says you paid too much last year.',
    tags: ['money'],
    when: { age: [18, 120], all: ['hasJob'], chance: 0.0001 },
    reward: { money: 300 },
    effects: { stats: { happiness: 4 } },
  },
  {
    id: 'adult.debt',
    kind: 'question',
    title: 'In the red',
    text: 'Your account is overdrawn and the bills keep coming.',
    tags: ['money'],
    when: { age: [18, 120], stats: { money: { max: -1 } }, chance: 0.0008 },
    options: [
      {
        id: 'budget',
        label: 'Cut everything back',
        effects: { stats: { happiness: -4, stress: -3, money: 100 } },
      },
      {
        id: 'family',
        label: 'Ask your mother for help',
        effects: { stats: { money: 300, stress: -5 }, npc: { role: 'mother', affinity: -5 } },
      },
      { id: 'ignore', label: 'Open them next week', effects: { stats: { stress: 6 } } },
    ],
  },

  // -- romance -------------------------------------------------------------------------------
  {
    id: 'adult.dating_app',
    kind: 'question',
    title: 'A dating app',
    text: 'Your friends install a dating app on your phone and start swiping for you.',
    tags: ['romance', 'tech'],
    when: { age: [18, 55], none: ['hasPartner'], chance: 0.0003 },
    options: [
      {
        id: 'date',
        label: 'Go on a date with your best match',
        cost: { money: 30, energy: 10 },
        effects: {
          setFlags: ['hasPartner'],
          stats: { happiness: 8 },
          npc: { role: 'partner', affinity: 22, familiarity: 15 },
        },
      },
      { id: 'delete', label: 'Delete the app', effects: { stats: { stress: -2 } } },
    ],
  },
  {
    id: 'adult.office_romance',
    kind: 'question',
    title: 'An office crush',
    text: 'You and someone from another team keep ending up at the coffee machine together.',
    tags: ['romance', 'social'],
    when: { age: [20, 55], all: ['hasJob'], none: ['hasPartner'], chance: 0.0002 },
    options: [
      {
        id: 'ask',
        label: 'Ask them to dinner',
        cost: { money: 60 },
        effects: {
          setFlags: ['hasPartner'],
          stats: { happiness: 10, stress: 3 },
          npc: { role: 'partner', affinity: 25, familiarity: 15 },
        },
      },
      { id: 'no', label: 'Keep it professional', effects: {} },
    ],
  },
  {
    id: 'adult.propose',
    kind: 'question',
    title: 'The ring',
    text: 'You have been together a while. You have been looking at rings.',
    tags: ['romance', 'money'],
    when: {
      age: [20, 70],
      all: ['hasPartner'],
      none: ['married', 'engaged'],
      npc: { role: 'partner', minAffinity: 50 },
      chance: 0.0003,
    },
    options: [
      {
        id: 'ring',
        label: 'Buy a ring and propose',
        cost: { money: 1500 },
        effects: {
          setFlags: ['engaged'],
          stats: { happiness: 15 },
          npc: { role: 'partner', affinity: 20 },
        },
      },
      {
        id: 'simple',
        label: 'Propose on the beach, no ring',
        effects: {
          setFlags: ['engaged'],
          stats: { happiness: 12 },
          npc: { role: 'partner', affinity: 10 },
        },
      },
      { id: 'wait', label: 'Not yet', effects: {} },
    ],
  },
  {
    id: 'adult.set_the_date',
    kind: 'question',
    title: 'Set a date',
    text: 'Everyone keeps asking when the wedding is.',
    tags: ['romance', 'social'],
    when: { age: [18, 90], all: ['engaged'], chance: 0.0005 },
    options: [
      {
        id: 'church',
        label: 'A proper wedding',
        cost: { money: 3000 },
        effects: {
          setFlags: ['married'],
          clearFlags: ['engaged'],
          stats: { happiness: 15, social: 8 },
          npc: { role: 'partner', affinity: 10 },
        },
      },
      {
        id: 'registry',
        label: 'The registry office on Tuesday',
        cost: { money: 150 },
        effects: {
          setFlags: ['married'],
          clearFlags: ['engaged'],
          stats: { happiness: 10 },
          npc: { role: 'partner', affinity: 5 },
        },
      },
      {
        id: 'elope',
        label: 'Elope this weekend',
        effects: {
          setFlags: ['married'],
          clearFlags: ['engaged'],
          stats: { happiness: 8 },
          npc: { role: 'mother', affinity: -6 },
        },
      },
      { id: 'later', label: 'No rush', effects: { npc: { role: 'partner', affinity: -3 } } },
    ],
  },
  {
    id: 'adult.cold_feet',
    kind: 'question',
    title: 'Cold feet',
    text: 'Lying awake at night, you wonder whether you are doing the right thing.',
    tags: ['romance'],
    when: { age: [18, 90], all: ['engaged'], chance: 0.0002 },
    options: [
      {
        id: 'talk',
        label: 'Talk it through with your partner',
        effects: { stats: { stress: -5 }, npc: { role: 'partner', affinity: 8 } },
      },
      {
        id: 'call_off',
        label: 'Call off the engagement',
        effects: {
          clearFlags: ['engaged', 'hasPartner'],
          stats: { happiness: -10, stress: 10 },
          npc: { role: 'partner', affinity: -40 },
        },
      },
      { id: 'ignore', label: 'Push the thought away', effects: { stats: { stress: 4 } } },
    ],
  },
  {
    id: 'adult.honeymoon',
    kind: 'question',
    title: 'The honeymoon',
    text: 'Married at last. Where to?',
    tags: ['travel', 'romance'],
    // Within a few weeks of the wedding.
    when: { age: [18, 90], all: ['married'], chance: 0.001, once: true },
    options: [
      {
        id: 'abroad',
        label: 'Two weeks abroad',
        cost: { money: 2500 },
        effects: {
          stats: { happiness: 12, stress: -10 },
          interests: ['travel'],
          npc: { role: 'partner', affinity: 10, familiarity: 20 },
        },
      },
      {
        id: 'coast',
        label: 'A cottage on the coast',
        cost: { money: 600 },
        effects: { stats: { happiness: 8, stress: -6 }, npc: { role: 'partner', affinity: 6 } },
      },
      { id: 'home', label: 'Save the money', effects: { npc: { role: 'partner', affinity: -2 } } },
    ],
  },
  {
    id: 'adult.anniversary',
    kind: 'question',
    title: 'Your anniversary',
    text: 'It is your anniversary. Did you remember?',
    tags: ['romance', 'food'],
    when: { age: [18, 100], all: ['married'], npc: { role: 'partner' }, chance: 0.0001 },
    options: [
      {
        id: 'dinner',
        label: 'A dinner out',
        cost: { money: 120 },
        effects: {
          stats: { happiness: 6 },
          npc: { role: 'partner', affinity: 10, familiarity: 10 },
        },
      },
      {
        id: 'cook',
        label: 'Cook their favourite',
        cost: { energy: 10 },
        effects: { npc: { role: 'partner', affinity: 7, familiarity: 8 } },
      },
      { id: 'forgot', label: 'You forgot', effects: { npc: { role: 'partner', affinity: -12 } } },
    ],
  },
  {
    id: 'adult.partner_argument',
    kind: 'question',
    title: 'An argument',
    text: 'A small thing about the dishes became a big thing about everything.',
    tags: ['romance'],
    when: {
      age: [18, 90],
      all: ['hasPartner'],
      npc: { role: 'partner', maxAffinity: 40 },
      chance: 0.0003,
    },
    options: [
      {
        id: 'apologise',
        label: 'Apologise',
        effects: { stats: { stress: -3 }, npc: { role: 'partner', affinity: 8 } },
      },
      {
        id: 'storm_out',
        label: 'Storm out',
        effects: { stats: { stress: 6 }, npc: { role: 'partner', affinity: -10 } },
      },
    ],
  },
  {
    id: 'adult.breakup',
    kind: 'message',
    title: 'It is over',
    text: 'Your partner sat you down: they are leaving.',
    tags: ['romance'],
    // Only a relationship that has gone sour ends by itself.
    when: {
      age: [18, 90],
      all: ['hasPartner'],
      none: ['married'],
      npc: { role: 'partner', maxAffinity: 0 },
      chance: 0.0005,
    },
    effects: {
      clearFlags: ['hasPartner', 'engaged', 'tryingForChild'],
      stats: { happiness: -15, stress: 10 },
      npc: { role: 'partner', affinity: -20 },
    },
  },
  {
    id: 'adult.old_flame',
    kind: 'question',
    title: 'An old flame',
    text: 'Your ex messaged: they are in town and would like to get a coffee.',
    tags: ['romance', 'social'],
    when: { age: [20, 80], none: ['hasPartner'], npc: { role: 'ex' }, chance: 0.0002 },
    options: [
      {
        id: 'coffee',
        label: 'Meet for coffee',
        cost: { money: 8 },
        effects: { stats: { happiness: 4 }, npc: { role: 'ex', affinity: 15, familiarity: 10 } },
      },
      { id: 'ignore', label: 'Leave it on read', effects: { npc: { role: 'ex', affinity: -5 } } },
    ],
  },
  {
    id: 'adult.friend_wedding',
    kind: 'question',
    title: "A friend's wedding",
    text: 'Your friend is getting married and wants you there.',
    tags: ['social', 'romance'],
    when: { age: [20, 60], npc: { role: 'friend', minAffinity: 10 }, chance: 0.0001 },
    options: [
      {
        id: 'attend',
        label: 'Dance all night',
        cost: { money: 150, energy: 15 },
        effects: { stats: { social: 8, happiness: 6 }, npc: { role: 'friend', affinity: 12 } },
      },
      {
        id: 'card',
        label: 'Send a card',
        effects: { npc: { role: 'friend', affinity: -6 } },
      },
    ],
  },

  // -- family --------------------------------------------------------------------------------
  {
    id: 'adult.pregnancy',
    kind: 'message',
    title: 'A baby',
    text: 'After months of hoping, your baby is here: tiny, loud and perfect.',
    tags: ['social'],
    // About a year of trying on average (8,760 hours).
    when: { age: [18, 50], all: ['tryingForChild', 'hasPartner'], chance: 0.00012 },
    effects: {
      setFlags: ['hasChild'],
      clearFlags: ['tryingForChild'],
      stats: { happiness: 20, stress: 10, energy: -20 },
      npc: { role: 'child', affinity: 50, familiarity: 50 },
    },
  },
  {
    id: 'adult.fertility',
    kind: 'question',
    title: 'Still waiting',
    text: 'It has been a long time trying. The doctor talks you through the options.',
    tags: ['money'],
    when: { age: [25, 50], all: ['tryingForChild'], chance: 0.00005 },
    options: [
      {
        id: 'ivf',
        label: 'Try IVF',
        cost: { money: 6000 },
        effects: {
          setFlags: ['hasChild'],
          clearFlags: ['tryingForChild'],
          stats: { happiness: 15, stress: 10 },
          npc: { role: 'child', affinity: 50, familiarity: 50 },
        },
      },
      {
        id: 'adopt',
        label: 'Adopt',
        cost: { money: 1500, energy: 20 },
        effects: {
          setFlags: ['hasChild'],
          clearFlags: ['tryingForChild'],
          stats: { happiness: 15, stress: 8 },
          npc: { role: 'child', affinity: 40, familiarity: 40 },
        },
      },
      { id: 'keep_trying', label: 'Keep trying', effects: { stats: { stress: 5 } } },
      {
        id: 'stop',
        label: 'Stop trying',
        effects: { clearFlags: ['tryingForChild'], stats: { happiness: -5, stress: -5 } },
      },
    ],
  },
  {
    id: 'adult.sleepless_nights',
    kind: 'message',
    title: 'Sleepless nights',
    text: 'The baby has decided that three in the morning is playtime.',
    tags: ['social'],
    when: { age: [18, 55], all: ['hasChild'], chance: 0.0002 },
    effects: { stats: { energy: -15, stress: 5 }, npc: { role: 'child', familiarity: 8 } },
  },
  {
    id: 'adult.school_play',
    kind: 'question',
    title: "Your child's school play",
    text: 'Your child has a line in the school play. It clashes with a meeting.',
    tags: ['art', 'social'],
    when: { age: [25, 60], all: ['hasChild'], chance: 0.0001 },
    options: [
      {
        id: 'go',
        label: 'Sit in the front row',
        cost: { energy: 5 },
        effects: {
          stats: { happiness: 6, jobPerformance: -2 },
          npc: { role: 'child', affinity: 10 },
        },
      },
      {
        id: 'work',
        label: 'The meeting',
        effects: { stats: { jobPerformance: 2 }, npc: { role: 'child', affinity: -10 } },
      },
    ],
  },
  {
    id: 'adult.teen_trouble',
    kind: 'question',
    title: 'A call from school',
    text: 'Your teenager skipped school for the third time this month.',
    tags: ['social'],
    when: { age: [35, 70], all: ['hasChild'], chance: 0.0001 },
    options: [
      {
        id: 'talk',
        label: 'Talk it through',
        cost: { energy: 10 },
        effects: { stats: { stress: 3 }, npc: { role: 'child', affinity: 8, familiarity: 10 } },
      },
      {
        id: 'ground',
        label: 'Ground them for a month',
        effects: { stats: { stress: 2 }, npc: { role: 'child', affinity: -10 } },
      },
    ],
  },
  {
    id: 'adult.adopt_pet',
    kind: 'question',
    title: 'The rescue centre',
    text: 'A scruffy dog at the rescue centre will not stop looking at you.',
    tags: ['nature'],
    when: { age: [18, 85], none: ['hasPet'], chance: 0.0002 },
    options: [
      {
        id: 'adopt',
        label: 'Take him home',
        cost: { money: 150 },
        effects: {
          setFlags: ['hasPet'],
          stats: { happiness: 10, stress: -3 },
          interests: ['nature'],
          npc: { role: 'pet', affinity: 40, familiarity: 30 },
        },
      },
      { id: 'no', label: 'Not now', effects: {} },
    ],
  },
  {
    id: 'adult.vet_bill',
    kind: 'question',
    title: 'At the vet',
    text: 'Your pet ate something it should not have. The vet has a treatment and a price.',
    tags: ['nature', 'money'],
    when: { age: [18, 120], all: ['hasPet'], chance: 0.0001 },
    options: [
      {
        id: 'treat',
        label: 'Pay for the treatment',
        cost: { money: 350 },
        effects: { stats: { stress: 3 }, npc: { role: 'pet', affinity: 10 } },
      },
      {
        id: 'wait',
        label: 'Wait and see',
        effects: { stats: { stress: 8, happiness: -4 } },
      },
    ],
  },
  {
    id: 'adult.sibling_loan',
    kind: 'question',
    title: 'Your sibling needs money',
    text: 'Your sibling is short on rent and asks to borrow some money.',
    tags: ['money', 'social'],
    when: { age: [20, 80], npc: { role: 'sibling' }, chance: 0.0001 },
    options: [
      {
        id: 'lend',
        label: 'Lend it',
        cost: { money: 500 },
        effects: { npc: { role: 'sibling', affinity: 15 } },
      },
      {
        id: 'refuse',
        label: 'Say no',
        effects: { stats: { stress: 3 }, npc: { role: 'sibling', affinity: -10 } },
      },
    ],
  },
  {
    id: 'adult.visit_parents',
    kind: 'question',
    title: 'A call from home',
    text: 'Your mother says it has been a while since you visited.',
    tags: ['social', 'travel'],
    when: { age: [20, 70], npc: { role: 'mother' }, chance: 0.0002 },
    options: [
      {
        id: 'visit',
        label: 'Visit this weekend',
        cost: { energy: 10 },
        effects: { stats: { happiness: 4 }, npc: { role: 'mother', affinity: 8, familiarity: 20 } },
      },
      {
        id: 'call',
        label: 'Call more often',
        effects: { npc: { role: 'mother', familiarity: 5 } },
      },
    ],
  },
  {
    id: 'adult.midlife',
    kind: 'question',
    title: 'Midlife',
    text: 'You are forty-something and a little restless.',
    tags: ['music', 'sports', 'travel'],
    when: { age: [40, 50], chance: 0.0002, once: true },
    options: [
      {
        id: 'sports_car',
        label: 'Buy a sports car',
        cost: { money: 9000 },
        effects: { setFlags: ['ownsCar'], stats: { happiness: 10 } },
      },
      {
        id: 'guitar',
        label: 'Learn the guitar',
        cost: { money: 200 },
        effects: { stats: { happiness: 6 }, interests: ['music'] },
      },
      {
        id: 'marathon',
        label: 'Train for a marathon',
        cost: { energy: 20 },
        effects: { setFlags: ['exercises'], stats: { health: 4 }, interests: ['sports'] },
      },
      { id: 'nothing', label: 'It will pass', effects: {} },
    ],
  },

  // -- leisure -------------------------------------------------------------------------------
  {
    id: 'adult.fun_run',
    kind: 'question',
    title: 'A charity run',
    text: 'A 10k for charity on Sunday. Your friends have signed up.',
    tags: ['sports', 'social'],
    when: { age: [18, 70], chance: 0.0001 },
    options: [
      {
        id: 'run',
        label: 'Run it',
        cost: { energy: 25 },
        effects: { stats: { health: 4, happiness: 5 }, interests: ['sports'] },
      },
      { id: 'cheer', label: 'Cheer them on', effects: { stats: { social: 3 } } },
    ],
  },
  {
    id: 'adult.cooking_class',
    kind: 'question',
    title: 'A cooking class',
    text: 'A local restaurant teaches pasta from scratch on Thursday nights.',
    tags: ['food', 'art'],
    when: { age: [18, 85], chance: 0.0001 },
    options: [
      {
        id: 'learn',
        label: 'Sign up',
        cost: { money: 60, energy: 5 },
        effects: { stats: { happiness: 5, hunger: -20 }, interests: ['food'] },
      },
      { id: 'no', label: 'Order a takeaway', effects: { stats: { hunger: -15 } } },
    ],
  },
  {
    id: 'adult.book_club',
    kind: 'question',
    title: 'A book club',
    text: 'Your neighbour runs a book club. This month: a thousand-page Russian novel.',
    tags: ['books', 'social'],
    when: { age: [18, 100], chance: 0.0001 },
    options: [
      {
        id: 'join',
        label: 'Join',
        cost: { energy: 5 },
        effects: { stats: { social: 4, stress: -2 }, interests: ['books'] },
      },
      { id: 'no', label: 'Watch the film instead', effects: {} },
    ],
  },
  {
    id: 'adult.backpacking',
    kind: 'question',
    title: 'A month away',
    text: 'You have savings, some holiday owed, and a map.',
    tags: ['travel', 'nature'],
    when: { age: [18, 70], stats: { money: { min: 2500 } }, chance: 0.0001 },
    options: [
      {
        id: 'go',
        label: 'Go backpacking',
        cost: { money: 1800, energy: 20 },
        effects: { stats: { happiness: 14, stress: -15 }, interests: ['travel'] },
      },
      {
        id: 'weekend',
        label: 'A weekend in the country',
        cost: { money: 300 },
        effects: { stats: { happiness: 5, stress: -5 }, interests: ['nature'] },
      },
      { id: 'save', label: 'Save the money', effects: {} },
    ],
  },
  {
    id: 'adult.reunion',
    kind: 'question',
    title: 'A school reunion',
    text: 'Twenty years since school. The invitation is on the fridge.',
    tags: ['social'],
    when: { age: [35, 40], chance: 0.0004, once: true },
    options: [
      {
        id: 'go',
        label: 'Go',
        cost: { money: 40, energy: 10 },
        effects: {
          stats: { social: 6, happiness: 5 },
          npc: { role: 'friend', affinity: 8, familiarity: 15 },
        },
      },
      { id: 'no', label: 'Some things are best left in the past', effects: {} },
    ],
  },
  {
    id: 'adult.video_game_night',
    kind: 'question',
    title: 'Game night',
    text: 'Your friends have organised an online game night. It will run late.',
    tags: ['games', 'social'],
    when: { age: [18, 60], npc: { role: 'friend' }, chance: 0.0001 },
    options: [
      {
        id: 'play',
        label: 'Log in',
        cost: { energy: 10 },
        effects: {
          stats: { happiness: 5, social: 4 },
          interests: ['games'],
          npc: { role: 'friend', affinity: 5, familiarity: 10 },
        },
      },
      { id: 'bed', label: 'Early night', effects: { stats: { stress: -2 } } },
    ],
  },
];
