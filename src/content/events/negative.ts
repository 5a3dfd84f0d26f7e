import type { EventDef } from '../event-schema.ts';

/**
 * Negative happenings: accidents, crime, scams, lay-offs and loss. They cost
 * money, health and peace of mind; some leave a health condition
 * (content/conditions.ts) or take the job (`job: 'none'`).
 *
 * Chances are per game hour (a year is 8,760 hours): misfortune is rare,
 * about once a year or less for each kind, so a life holds some of it
 * without drowning in it. Every asking event ends with a free option.
 */
export const NEGATIVE_EVENTS: readonly EventDef[] = [
  {
    id: 'negative.car_accident',
    kind: 'message',
    title: 'A car accident',
    text: 'Someone ran a red light. The car is a write-off and so, for a while, are you.',
    tags: ['travel'],
    // About one driver in a hundred a year has a crash this bad.
    when: { age: [17, 100], all: ['ownsCar'], chance: 0.0000011 },
    effects: {
      clearFlags: ['ownsCar'],
      stats: { health: -15, money: -800, stress: 15 },
      conditions: { add: ['broken_bone'] },
    },
  },
  {
    id: 'negative.fender_bender',
    kind: 'message',
    title: 'A bump',
    text: 'You reversed into a bollard. The bumper will never be the same.',
    tags: ['travel', 'money'],
    when: { age: [17, 100], all: ['ownsCar'], chance: 0.00005 },
    effects: { stats: { money: -250, stress: 5 } },
  },
  {
    id: 'negative.parking_ticket',
    kind: 'message',
    title: 'A parking ticket',
    text: 'Five minutes over. The warden was already writing.',
    tags: ['money'],
    when: { age: [17, 100], all: ['ownsCar'], chance: 0.0001 },
    effects: { stats: { money: -60, happiness: -2 } },
  },
  {
    id: 'negative.bike_crash',
    kind: 'message',
    title: 'Over the handlebars',
    text: 'A pothole, a flip, and a wrist that bends the wrong way.',
    tags: ['sports'],
    // Roughly one child in fifty a year.
    when: { age: [7, 17], chance: 0.0000023 },
    effects: { stats: { health: -8, happiness: -5 }, conditions: { add: ['broken_bone'] } },
  },
  {
    id: 'negative.scam_call',
    kind: 'question',
    title: 'A call from "your bank"',
    text: 'A polite voice says your account is compromised and asks you to confirm your details.',
    tags: ['money', 'tech'],
    when: { age: [25, 120], chance: 0.00008 },
    options: [
      {
        id: 'hang_up',
        label: 'Hang up and call the bank yourself',
        effects: { stats: { stress: 2 } },
      },
      {
        id: 'confirm',
        label: 'Confirm your details',
        effects: { stats: { money: -1500, stress: 20, happiness: -10 } },
      },
    ],
  },
  {
    id: 'negative.phishing',
    kind: 'message',
    title: 'Phished',
    text: 'That parcel-delivery text was not from the delivery company.',
    tags: ['tech', 'money'],
    when: { age: [16, 120], chance: 0.00003 },
    effects: { stats: { money: -200, stress: 8 } },
  },
  {
    id: 'negative.investment_scam',
    kind: 'question',
    title: 'A sure thing',
    text: 'An old acquaintance has a crypto coin that cannot lose. Only for friends.',
    tags: ['money', 'tech'],
    when: { age: [20, 90], stats: { money: { min: 2000 } }, chance: 0.00005 },
    options: [
      {
        id: 'decline',
        label: 'If it sounds too good to be true…',
        effects: { stats: { stress: -1 } },
      },
      {
        id: 'invest',
        label: 'Put in 1,500',
        cost: { money: 1500 },
        effects: { stats: { stress: 15, happiness: -8 }, dislikes: ['money'] },
      },
    ],
  },
  {
    id: 'negative.pet_dies',
    kind: 'message',
    title: 'Goodbye, old friend',
    text: 'Your pet went to sleep in their favourite spot and did not wake up.',
    tags: ['nature'],
    // Pets live a decade or so: about one in ten a year.
    when: { age: [0, 120], all: ['hasPet'], chance: 0.000012 },
    // No NPC effect: the pet's entry stays in the table, and the next pet
    // adopted is introduced through it (an effect finds the first NPC of a role).
    effects: { clearFlags: ['hasPet'], stats: { happiness: -20, stress: 8 } },
  },
  {
    id: 'negative.mass_layoffs',
    kind: 'message',
    title: 'Restructuring',
    text: 'The company was sold. Half the staff, you among them, were let go on Friday.',
    tags: ['money'],
    // Good performers are not safe from a sale: about one job in forty a year.
    when: { age: [18, 70], all: ['hasJob'], chance: 0.000003 },
    effects: { job: 'none', stats: { happiness: -12, stress: 15 } },
  },
  {
    id: 'negative.house_fire',
    kind: 'message',
    title: 'Fire',
    text: 'A kitchen fire. Nobody was hurt, but the insurance excess is steep.',
    when: { age: [18, 120], all: ['ownsHome'], chance: 0.000002 },
    effects: { stats: { money: -4000, stress: 20, happiness: -10 } },
  },
  {
    id: 'negative.flooded_basement',
    kind: 'question',
    title: 'Water everywhere',
    text: 'A burst pipe has flooded the ground floor.',
    tags: ['money'],
    when: { age: [18, 120], all: ['ownsHome'], chance: 0.00002 },
    options: [
      {
        id: 'plumber',
        label: 'Call an emergency plumber',
        cost: { money: 900 },
        effects: { stats: { stress: 6 } },
      },
      {
        id: 'diy',
        label: 'Fix it yourself',
        cost: { energy: 25 },
        effects: { stats: { stress: 10 }, interests: ['tech'] },
      },
      { id: 'mop', label: 'Mop and hope', effects: { stats: { stress: 12, happiness: -6 } } },
    ],
  },
  {
    id: 'negative.stolen_phone',
    kind: 'message',
    title: 'Phone stolen',
    text: 'Your phone was on the café table a minute ago.',
    tags: ['tech'],
    when: { age: [12, 120], chance: 0.00003 },
    effects: { stats: { money: -300, stress: 8 } },
  },
  {
    id: 'negative.mugging',
    kind: 'message',
    title: 'Mugged',
    text: 'Two men, a dark street, your wallet. You are shaken but unhurt.',
    when: { age: [16, 120], chance: 0.00001 },
    effects: { stats: { money: -100, stress: 18, happiness: -8 } },
  },
  {
    id: 'negative.identity_theft',
    kind: 'message',
    title: 'Identity theft',
    text: 'Someone has opened a credit card in your name. Weeks of phone calls begin.',
    tags: ['money', 'tech'],
    when: { age: [21, 120], chance: 0.00001 },
    effects: { stats: { money: -500, stress: 15 } },
  },
  {
    id: 'negative.friend_betrayal',
    kind: 'message',
    title: 'Behind your back',
    text: 'You found out what your friend has been saying about you.',
    tags: ['social'],
    when: { age: [10, 90], npc: { role: 'friend' }, chance: 0.00005 },
    effects: { stats: { happiness: -8, social: -5 }, npc: { role: 'friend', affinity: -30 } },
  },
  {
    id: 'negative.failed_exam',
    kind: 'message',
    title: 'A failed exam',
    text: 'A red mark on the front page and a letter home.',
    tags: ['books'],
    when: {
      age: [10, 40],
      all: ['inSchool'],
      stats: { schoolPerformance: { max: 40 } },
      chance: 0.0003,
    },
    effects: { stats: { happiness: -8, stress: 8 }, npc: { role: 'mother', affinity: -3 } },
  },
  {
    id: 'negative.lost_luggage',
    kind: 'message',
    title: 'Lost luggage',
    text: 'Your suitcase went to a different continent. You have the clothes you are wearing.',
    tags: ['travel'],
    when: { age: [18, 110], stats: { money: { min: 1000 } }, chance: 0.00003 },
    effects: { stats: { money: -150, stress: 8 } },
  },
  {
    id: 'negative.parent_hospital',
    kind: 'question',
    title: 'A call from the hospital',
    text: 'Your mother has had a fall and is in hospital.',
    tags: ['social'],
    when: { age: [30, 80], npc: { role: 'mother' }, chance: 0.00005 },
    options: [
      {
        id: 'go',
        label: 'Drop everything and go',
        cost: { energy: 20 },
        effects: { stats: { stress: 10 }, npc: { role: 'mother', affinity: 12, familiarity: 20 } },
      },
      {
        id: 'call',
        label: 'Call every day',
        effects: { stats: { stress: 8 }, npc: { role: 'mother', affinity: 3, familiarity: 5 } },
      },
    ],
  },
  {
    id: 'negative.child_sick',
    kind: 'question',
    title: 'A sick child',
    text: 'Your child has a fever and cannot go to school.',
    tags: ['social'],
    when: { age: [20, 60], all: ['hasChild'], chance: 0.0001 },
    options: [
      {
        id: 'stay',
        label: 'Stay home with them',
        effects: {
          stats: { jobPerformance: -3 },
          npc: { role: 'child', affinity: 8, familiarity: 10 },
        },
      },
      {
        id: 'sitter',
        label: 'Call a sitter',
        cost: { money: 80 },
        effects: { npc: { role: 'child', affinity: -2 } },
      },
    ],
  },
  {
    id: 'negative.cyberbullying',
    kind: 'message',
    title: 'Cruel comments',
    text: 'Someone started a group chat about you. Everyone in your year seems to be in it.',
    tags: ['tech', 'social'],
    when: { age: [12, 17], chance: 0.00008 },
    effects: { stats: { happiness: -10, stress: 10, social: -6 } },
  },
  {
    id: 'negative.demotion_warning',
    kind: 'message',
    title: 'A formal warning',
    text: 'HR has put a formal warning on your file. One more and you are out.',
    tags: ['money'],
    when: {
      age: [18, 70],
      all: ['hasJob'],
      stats: { jobPerformance: { max: 25 } },
      chance: 0.0005,
    },
    effects: { stats: { stress: 12, happiness: -5, jobPerformance: 3 } },
  },
];
