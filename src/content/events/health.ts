import type { EventDef } from '../event-schema.ts';

/**
 * Health: how conditions begin (content/conditions.ts ids added by an
 * effect) and the questions while one lasts (`anyCondition`): treatment for
 * money, or the free choice to live with it. The weekly health rules take a
 * condition's toll and may clear it on their own; treatment cures it now.
 *
 * Chances are per game hour, and a year is 8,760 hours: a disease that
 * strikes about one person in a hundred a year is 0.01 / 8,760, about
 * 0.0000011. The onsets lean on the risks that cause them (smoking,
 * drinking, stress, unhappiness, age). Every asking event ends with a free
 * option.
 */
export const HEALTH_EVENTS: readonly EventDef[] = [
  // -- onsets -----------------------------------------------------------------------------
  {
    id: 'health.broken_arm',
    kind: 'message',
    title: 'A broken arm',
    text: 'You fell out of a tree. The cast is bright green and everyone has signed it.',
    tags: ['sports', 'nature'],
    // Roughly one child in twenty breaks a bone each year.
    when: { age: [5, 15], chance: 0.000006 },
    effects: { stats: { health: -6, happiness: -5 }, conditions: { add: ['broken_bone'] } },
  },
  {
    id: 'health.sports_injury',
    kind: 'message',
    title: 'A bad landing',
    text: 'You landed badly at training. The X-ray shows a clean break.',
    tags: ['sports'],
    // Those who exercise take the knocks: about one in twenty-five a year.
    when: { age: [12, 60], all: ['exercises'], chance: 0.0000045 },
    effects: { stats: { health: -8, happiness: -4 }, conditions: { add: ['broken_bone'] } },
  },
  {
    id: 'health.depression',
    kind: 'message',
    title: 'A grey fog',
    text: 'For weeks now nothing has felt like anything. A doctor gives it a name: depression.',
    // Long unhappiness turns into depression for about one in ten a year.
    when: { age: [13, 120], stats: { happiness: { max: 25 } }, chance: 0.000012 },
    effects: { stats: { happiness: -5, energy: -10 }, conditions: { add: ['depression'] } },
  },
  {
    id: 'health.diabetes',
    kind: 'message',
    title: 'Diabetes',
    text: 'Tired and always thirsty; the blood test says type 2 diabetes.',
    tags: ['food'],
    // About one in two hundred a year from forty.
    when: { age: [40, 120], chance: 0.0000006 },
    effects: { stats: { health: -5, stress: 8 }, conditions: { add: ['diabetes'] } },
  },
  {
    id: 'health.heart_attack',
    kind: 'message',
    title: 'Chest pains',
    text: 'A crushing pain in your chest and an ambulance ride. Heart disease, the cardiologist says.',
    // Stress on an ageing heart: about one in fifty a year for the stressed over 45.
    when: { age: [45, 120], stats: { stress: { min: 60 } }, chance: 0.0000023 },
    effects: { stats: { health: -15, stress: 10 }, conditions: { add: ['heart_disease'] } },
  },
  {
    id: 'health.heart_disease',
    kind: 'message',
    title: 'A murmur',
    text: 'A routine check finds your heart is not what it was.',
    // About one in two hundred a year past 55, stress or not.
    when: { age: [55, 120], chance: 0.0000006 },
    effects: { stats: { health: -6, stress: 6 }, conditions: { add: ['heart_disease'] } },
  },
  {
    id: 'health.cancer',
    kind: 'message',
    title: 'The diagnosis',
    text: 'A lump, a scan, a quiet room. It is cancer.',
    // About one in three hundred a year from forty.
    when: { age: [40, 120], chance: 0.0000004 },
    effects: {
      stats: { health: -10, happiness: -15, stress: 20 },
      conditions: { add: ['cancer'] },
    },
  },
  {
    id: 'health.smokers_cancer',
    kind: 'message',
    title: 'A shadow on the lung',
    text: 'The cough would not go away. The scan shows a shadow: cancer.',
    // Smoking multiplies it: about one in a hundred smokers a year past 45.
    when: { age: [45, 120], all: ['smoker'], chance: 0.0000011 },
    effects: {
      stats: { health: -12, happiness: -15, stress: 20 },
      conditions: { add: ['cancer'] },
    },
  },
  {
    id: 'health.liver_disease',
    kind: 'message',
    title: 'Your liver',
    text: 'The doctor looks at your blood results and asks how much you drink.',
    tags: ['food'],
    // About one heavy drinker in a hundred a year past 30.
    when: { age: [30, 120], all: ['drinker'], chance: 0.0000011 },
    effects: { stats: { health: -10, stress: 8 }, conditions: { add: ['liver_disease'] } },
  },
  {
    id: 'health.lung_disease',
    kind: 'message',
    title: 'Short of breath',
    text: 'The stairs leave you gasping. Your lungs are damaged: COPD.',
    // About one smoker in seventy a year past 35.
    when: { age: [35, 120], all: ['smoker'], chance: 0.0000016 },
    effects: { stats: { health: -10, stress: 6 }, conditions: { add: ['lung_disease'] } },
  },

  // -- living with a condition --------------------------------------------------------------
  {
    id: 'health.flu_doctor',
    kind: 'question',
    title: 'Still in bed',
    text: 'Day three of the flu. The doctor could see you this afternoon.',
    // A flu lasts a week or two (content/conditions.ts): about a third see
    // this offer. Conditional chances still count in every age's total, and a
    // high one makes the hourly check scan its age's candidates more often.
    when: { age: [0, 120], anyCondition: ['flu'], chance: 0.002 },
    options: [
      {
        id: 'doctor',
        label: 'See the doctor',
        cost: { money: 40 },
        effects: { stats: { health: 3 }, conditions: { cure: ['flu'] } },
      },
      {
        id: 'soup',
        label: 'Soup and sleep',
        cost: { energy: 5 },
        effects: { stats: { health: 1, hunger: -10 } },
      },
      { id: 'push_on', label: 'Push on regardless', effects: { stats: { health: -2 } } },
    ],
  },
  {
    id: 'health.physiotherapy',
    kind: 'question',
    title: 'Physiotherapy',
    text: 'The cast is off, but the limb is weak. A physiotherapist could get you moving again.',
    tags: ['sports'],
    // A break takes about a month to mend: two in five are offered physio.
    when: { age: [0, 120], anyCondition: ['broken_bone'], chance: 0.0008 },
    options: [
      {
        id: 'physio',
        label: 'Book the sessions',
        cost: { money: 250 },
        effects: { stats: { health: 4 }, conditions: { cure: ['broken_bone'] } },
      },
      {
        id: 'exercises',
        label: 'Do the exercises at home',
        cost: { energy: 10 },
        effects: { stats: { health: 2 } },
      },
      { id: 'rest', label: 'Rest it', effects: {} },
    ],
  },
  {
    id: 'health.therapy',
    kind: 'question',
    title: 'Getting help',
    text: 'Your doctor suggests talking to someone about how you have been feeling.',
    tags: ['social'],
    when: { age: [10, 120], anyCondition: ['depression'], chance: 0.001 },
    options: [
      {
        id: 'therapy',
        label: 'Start therapy',
        cost: { money: 400 },
        effects: { stats: { happiness: 12, stress: -10 }, conditions: { cure: ['depression'] } },
      },
      {
        id: 'medication',
        label: 'Try medication',
        cost: { money: 80 },
        effects: { stats: { happiness: 6, stress: -5 } },
      },
      {
        id: 'friend',
        label: 'Talk to a friend',
        effects: { stats: { happiness: 3, social: 4 }, npc: { role: 'friend', familiarity: 10 } },
      },
    ],
  },
  {
    id: 'health.diabetes_care',
    kind: 'question',
    title: 'Blood sugar',
    text: 'Your blood sugar has been all over the place this month.',
    tags: ['food'],
    when: { age: [0, 120], anyCondition: ['diabetes'], chance: 0.0004 },
    options: [
      {
        id: 'diet',
        label: 'A dietitian and a strict plan',
        cost: { money: 120 },
        effects: { stats: { health: 5, happiness: -2 }, interests: ['food'] },
      },
      {
        id: 'walks',
        label: 'Walk after every meal',
        cost: { energy: 10 },
        effects: { stats: { health: 3 } },
      },
      { id: 'ignore', label: 'One more biscuit', effects: { stats: { health: -3 } } },
    ],
  },
  {
    id: 'health.heart_surgery',
    kind: 'question',
    title: 'Bypass surgery',
    text: 'The cardiologist recommends a bypass operation.',
    when: { age: [0, 120], anyCondition: ['heart_disease'], chance: 0.0005 },
    options: [
      {
        id: 'surgery',
        label: 'Have the operation',
        cost: { money: 12000 },
        effects: { stats: { health: 10, stress: 5 }, conditions: { cure: ['heart_disease'] } },
      },
      {
        id: 'lifestyle',
        label: 'Change your lifestyle instead',
        cost: { energy: 10 },
        effects: { setFlags: ['exercises'], clearFlags: ['smoker'], stats: { health: 3 } },
      },
      { id: 'refuse', label: 'Carry on as before', effects: { stats: { stress: 4 } } },
    ],
  },
  {
    id: 'health.cancer_treatment',
    kind: 'question',
    title: 'Treatment',
    text: 'The oncologist lays out the options.',
    when: { age: [0, 120], anyCondition: ['cancer'], chance: 0.001 },
    options: [
      {
        id: 'chemo',
        label: 'Chemotherapy',
        cost: { money: 8000, energy: 20 },
        effects: {
          stats: { health: -5, happiness: -5 },
          conditions: { cure: ['cancer'] },
        },
      },
      {
        id: 'trial',
        label: 'A clinical trial',
        cost: { diamonds: 20 },
        effects: { stats: { health: 2, stress: 5 }, conditions: { cure: ['cancer'] } },
      },
      {
        id: 'comfort',
        label: 'Make the most of the time',
        effects: { stats: { happiness: 6, stress: -10 } },
      },
    ],
  },
  {
    id: 'health.liver_care',
    kind: 'question',
    title: 'The liver clinic',
    text: 'The specialist is blunt: stop drinking, or it gets worse.',
    when: { age: [0, 120], anyCondition: ['liver_disease'], chance: 0.0005 },
    options: [
      {
        id: 'transplant',
        label: 'Join the transplant list',
        cost: { money: 25000 },
        effects: {
          clearFlags: ['drinker'],
          stats: { health: 10 },
          conditions: { cure: ['liver_disease'] },
        },
      },
      {
        id: 'quit',
        label: 'Stop drinking',
        effects: { clearFlags: ['drinker'], stats: { health: 3, stress: 6 } },
      },
    ],
  },
  {
    id: 'health.lung_care',
    kind: 'question',
    title: 'The breathing clinic',
    text: 'An inhaler, a course of rehab, and a leaflet about quitting.',
    when: { age: [0, 120], anyCondition: ['lung_disease'], chance: 0.0005 },
    options: [
      {
        id: 'rehab',
        label: 'Pulmonary rehab',
        cost: { money: 600, energy: 10 },
        effects: { stats: { health: 5 } },
      },
      {
        id: 'quit',
        label: 'Quit smoking for good',
        effects: { clearFlags: ['smoker'], stats: { health: 2, stress: 8 } },
      },
      { id: 'ignore', label: 'Light up', effects: { stats: { health: -2 } } },
    ],
  },

  // -- everyday health ---------------------------------------------------------------------
  {
    id: 'health.vaccinations',
    kind: 'message',
    title: 'Jabs',
    text: 'Two injections and a lollipop. You were very brave. Mostly.',
    when: { age: [0, 5], chance: 0.0002 },
    effects: { stats: { happiness: -2, health: 2 } },
  },
  {
    id: 'health.dentist',
    kind: 'question',
    title: 'The dentist',
    text: 'A tooth has been aching for days.',
    tags: ['food'],
    when: { age: [18, 120], chance: 0.0001 },
    options: [
      {
        id: 'go',
        label: 'Book an appointment',
        cost: { money: 90 },
        effects: { stats: { health: 2, stress: -2 } },
      },
      {
        id: 'wait',
        label: 'Chew on the other side',
        effects: { stats: { health: -1, happiness: -2 } },
      },
    ],
  },
  {
    id: 'health.glasses',
    kind: 'question',
    title: 'Squinting',
    text: 'You cannot read the board from the back row any more.',
    tags: ['books'],
    when: { age: [8, 17], all: ['inSchool'], chance: 0.0001, once: true },
    options: [
      {
        id: 'glasses',
        label: 'Get glasses',
        effects: { stats: { schoolPerformance: 4, happiness: -1 } },
      },
      { id: 'front', label: 'Sit at the front', effects: { stats: { schoolPerformance: 1 } } },
    ],
  },
  {
    id: 'health.food_poisoning',
    kind: 'message',
    title: 'Food poisoning',
    text: 'That prawn sandwich was a mistake. A long night.',
    tags: ['food', 'travel'],
    when: { age: [10, 120], chance: 0.00005 },
    effects: { stats: { health: -4, energy: -20, hunger: -20 } },
  },
  {
    id: 'health.hay_fever',
    kind: 'message',
    title: 'Hay fever',
    text: 'The pollen count is sky high and your eyes are streaming.',
    tags: ['nature'],
    when: { age: [5, 60], chance: 0.0001 },
    effects: { stats: { happiness: -2, energy: -5 } },
  },
  {
    id: 'health.yoga',
    kind: 'question',
    title: 'Stretch it out',
    text: 'Your shoulders are up by your ears. A yoga class starts round the corner.',
    tags: ['sports'],
    when: { age: [16, 100], stats: { stress: { min: 60 } }, chance: 0.0004 },
    options: [
      {
        id: 'yoga',
        label: 'Roll out a mat',
        cost: { money: 20, energy: 5 },
        effects: { stats: { stress: -15, health: 2 }, interests: ['sports'] },
      },
      {
        id: 'walk',
        label: 'A long walk instead',
        cost: { energy: 5 },
        effects: { stats: { stress: -8 }, interests: ['nature'] },
      },
      { id: 'no', label: 'No time', effects: { stats: { stress: 2 } } },
    ],
  },
  {
    id: 'health.insomnia',
    kind: 'message',
    title: 'Awake at 3 a.m.',
    text: 'Another night staring at the ceiling, running through tomorrow.',
    when: { age: [14, 120], stats: { stress: { min: 70 } }, chance: 0.0005 },
    effects: { stats: { energy: -15, stress: 3 } },
  },
  {
    id: 'health.wellbeing',
    kind: 'message',
    title: 'Feeling great',
    text: 'You slept well, you ate well, and today you feel ten years younger.',
    tags: ['sports'],
    when: {
      age: [18, 120],
      all: ['exercises'],
      stats: { health: { min: 70 }, stress: { max: 40 } },
      chance: 0.0002,
    },
    effects: { stats: { happiness: 5, energy: 10 } },
  },
];
