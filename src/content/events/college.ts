import type { EventDef, EventOption } from '../event-schema.ts';
import { MAJORS, type Major } from '../majors.ts';

/**
 * College: the application after high school (a major, or not), college
 * life, graduation, and a second chance for adults. Enrolment is the
 * `school: 'college'` effect; the birthday rules end college on the 4th
 * birthday after it (sim/school-rules.ts): a degree at the pass mark,
 * otherwise none.
 *
 * Chances are per game hour while the conditions hold (a year is 8,760
 * hours). Every asking event ends with a free option.
 */

// Tuition for four years, in whole currency units, taken on as a student
// loan (money may go below zero; debt weighs on stress every week, see
// sim/weekly.ts). The long professional degrees cost twice the rest.
const TUITION = 2000;
const PROFESSIONAL_TUITION = 4000;
const PROFESSIONAL: ReadonlySet<string> = new Set(['medicine', 'law']);

/** One option per major: enrol at college in it, on a loan, and come to like what it is about. */
function majorOption(m: Major): EventOption {
  const tuition = PROFESSIONAL.has(m.id) ? PROFESSIONAL_TUITION : TUITION;
  return {
    id: m.id,
    label: `Study ${m.name} (a student loan of ${tuition})`,
    effects: {
      school: 'college',
      major: m.id,
      stats: { money: -tuition, happiness: 5, stress: 5 },
      interests: [...m.tags],
    },
  };
}

// College ages: the index of random events is by age, so each names a range.
const COLLEGE_AGES: [number, number] = [18, 50];

export const COLLEGE_EVENTS: readonly EventDef[] = [
  {
    id: 'college.application',
    kind: 'dilemma',
    title: 'College applications',
    text: 'The acceptance letter is in. Four years of college could open doors that stay shut without a degree, but they cost time and money. Do you go?',
    tags: ['books'],
    // Within days of graduating high school (about a hundred hours on
    // average), and the window stays open through 19. Colleges admit a
    // GPA of 2.0 or better.
    when: {
      age: [18, 19],
      all: ['graduatedHighSchool'],
      none: ['inCollege', 'graduatedCollege'],
      stats: { gpa: { min: 200 } },
      chance: 0.01,
      once: true,
    },
    options: [
      { id: 'go', label: 'Go to college', next: 'college.major' },
      {
        id: 'skip',
        label: 'Skip college and start earning',
        effects: { stats: { happiness: 2 }, interests: ['money'] },
      },
    ],
  },
  {
    id: 'college.major',
    kind: 'dilemma',
    title: 'Choose a major',
    text: 'What will you study? The major decides which careers open up after graduation.',
    tags: ['books'],
    options: [
      ...MAJORS.map(majorOption),
      {
        id: 'not_yet',
        label: 'On second thought, not now',
        effects: { stats: { stress: -3 } },
      },
    ],
  },
  {
    id: 'college.finals',
    kind: 'question',
    title: 'Finals week',
    text: 'Three exams in four days, and the dorm is throwing a party on the second night.',
    tags: ['books', 'social'],
    // About three finals weeks a year (0.0004 x 8,760 hours).
    when: { age: COLLEGE_AGES, all: ['inCollege'], chance: 0.0004 },
    options: [
      {
        id: 'cram',
        label: 'Study through the nights',
        cost: { energy: 20 },
        effects: { stats: { schoolPerformance: 6, stress: 8 } },
      },
      {
        id: 'steady',
        label: 'Study by day, sleep by night',
        effects: { stats: { schoolPerformance: 2, stress: 2 } },
      },
      {
        id: 'party',
        label: 'Go to the party',
        effects: {
          stats: { schoolPerformance: -5, social: 8, happiness: 5 },
          interests: ['social'],
        },
      },
    ],
  },
  {
    id: 'college.study_group',
    kind: 'question',
    title: 'A study group',
    text: 'A few classmates meet in the library every Thursday. They ask if you want in.',
    tags: ['books', 'social'],
    when: { age: COLLEGE_AGES, all: ['inCollege'], chance: 0.0002, once: true },
    options: [
      {
        id: 'join',
        label: 'Join them',
        effects: {
          stats: { schoolPerformance: 4, social: 5 },
          npc: { role: 'friend', familiarity: 10 },
        },
      },
      { id: 'alone', label: 'You work better alone', effects: { stats: { schoolPerformance: 1 } } },
    ],
  },
  {
    id: 'college.internship',
    kind: 'question',
    title: 'A summer internship',
    text: 'A company in town offers you a paid internship over the summer break.',
    tags: ['money'],
    when: { age: [19, 30], all: ['inCollege'], chance: 0.0003, once: true },
    options: [
      {
        id: 'accept',
        label: 'Take it',
        cost: { energy: 10 },
        effects: { stats: { money: 600, stress: 4, happiness: 3 }, interests: ['money'] },
      },
      { id: 'decline', label: 'Spend the summer resting', effects: { stats: { stress: -5 } } },
    ],
  },
  {
    id: 'college.struggling',
    kind: 'question',
    title: 'Falling behind',
    text: 'Your grades are slipping and the semester feels like a wall. A friend says plenty of people do fine without a degree.',
    tags: ['books'],
    when: {
      age: COLLEGE_AGES,
      all: ['inCollege'],
      stats: { schoolPerformance: { max: 45 } },
      chance: 0.0005,
      once: true,
    },
    options: [
      {
        id: 'tutor',
        label: 'Hire a tutor',
        cost: { money: 300 },
        effects: { stats: { schoolPerformance: 10, stress: -3 } },
      },
      {
        id: 'push',
        label: 'Push through',
        effects: { stats: { stress: 6, schoolPerformance: 3 } },
      },
      {
        id: 'drop_out',
        label: 'Drop out',
        effects: { school: 'none', stats: { stress: -10, happiness: -3 } },
      },
    ],
  },
  {
    id: 'college.graduation',
    kind: 'message',
    title: 'Graduation day',
    text: 'Cap, gown, a handshake and a degree. Your family cheers louder than anyone, and slips you an envelope.',
    tags: ['social'],
    // Right after the 4th college birthday: a day or two (0.02 a game hour).
    when: { age: [21, 24], all: ['graduatedCollege'], chance: 0.02, once: true },
    effects: { stats: { happiness: 10, stress: -5 }, npc: { role: 'mother', affinity: 5 } },
    reward: { money: 500 },
  },
  {
    id: 'college.second_chance',
    kind: 'question',
    title: 'Back to school?',
    text: 'A flyer for the state college: evening classes, four years to a degree. It is not too late.',
    tags: ['books'],
    // Rare: about one adult without a degree in 75 considers it each year
    // (0.0000015 x 8,760 hours), so about a quarter of them over the 22
    // years it is open.
    when: {
      age: [24, 45],
      all: ['graduatedHighSchool'],
      none: ['inCollege', 'graduatedCollege'],
      chance: 0.0000015,
      once: true,
    },
    options: [
      {
        id: 'business',
        label: `Enrol in Business (a student loan of ${TUITION})`,
        effects: { school: 'college', major: 'business', stats: { money: -TUITION, stress: 5 } },
      },
      {
        id: 'education',
        label: `Enrol in Education (a student loan of ${TUITION})`,
        effects: { school: 'college', major: 'education', stats: { money: -TUITION, stress: 5 } },
      },
      {
        id: 'computer_science',
        label: `Enrol in Computer Science (a student loan of ${TUITION})`,
        effects: {
          school: 'college',
          major: 'computer_science',
          stats: { money: -TUITION, stress: 5 },
        },
      },
      { id: 'no', label: 'Not for you', effects: { stats: { happiness: 1 } } },
    ],
  },
];
