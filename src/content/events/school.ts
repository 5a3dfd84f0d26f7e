import type { EventDef } from '../event-schema.ts';

/**
 * School years: events for those at school (inSchool, 6-17) or at college
 * (inCollege). Classes, clubs, marks and the people met there. Enrolment,
 * graduation and GPA are the school rules' (sim/school-rules.ts); these
 * only nudge performance, stress and tastes.
 *
 * Chances are per game hour (a year is 8,760 hours); every asking event ends
 * with a free option.
 */
export const SCHOOL_EVENTS: readonly EventDef[] = [
  // -- school (6-17) -------------------------------------------------------------------
  {
    id: 'school.field_trip',
    kind: 'message',
    title: 'A field trip',
    text: 'The whole class went to the museum. You spent the afternoon with the dinosaurs.',
    tags: ['travel', 'books'],
    when: { age: [6, 17], all: ['inSchool'], chance: 0.0002 },
    effects: { stats: { happiness: 5, schoolPerformance: 1 } },
  },
  {
    id: 'school.pop_quiz',
    kind: 'message',
    title: 'Pop quiz',
    text: 'Books away, pens out. Nobody saw that coming.',
    tags: ['books'],
    when: { age: [8, 17], all: ['inSchool'], chance: 0.0003 },
    effects: { stats: { stress: 4, schoolPerformance: 1 } },
  },
  {
    id: 'school.class_clown',
    kind: 'question',
    title: 'The class clown',
    text: 'The teacher has stepped out and the class is looking at you.',
    tags: ['social'],
    when: { age: [8, 17], all: ['inSchool'], stats: { social: { min: 40 } }, chance: 0.0002 },
    options: [
      {
        id: 'joke',
        label: 'Do your impression of the teacher',
        effects: { stats: { social: 6, happiness: 4, schoolPerformance: -3 } },
      },
      { id: 'behave', label: 'Keep your head down', effects: { stats: { schoolPerformance: 1 } } },
    ],
  },
  {
    id: 'school.homework_help',
    kind: 'question',
    title: 'Homework help',
    text: 'Your friend is stuck on the homework and it is due tomorrow.',
    tags: ['books', 'social'],
    when: { age: [8, 17], all: ['inSchool'], npc: { role: 'friend' }, chance: 0.0002 },
    options: [
      {
        id: 'help',
        label: 'Go through it together',
        cost: { energy: 5 },
        effects: {
          stats: { schoolPerformance: 2 },
          npc: { role: 'friend', affinity: 8, familiarity: 8 },
        },
      },
      {
        id: 'copy',
        label: 'Let them copy yours',
        effects: { stats: { stress: 3 }, npc: { role: 'friend', affinity: 5 } },
      },
      { id: 'busy', label: 'You are busy', effects: { npc: { role: 'friend', affinity: -4 } } },
    ],
  },
  {
    id: 'school.cheat_sheet',
    kind: 'question',
    title: 'A cheat sheet',
    text: 'Someone is passing round the answers to tomorrow’s test.',
    tags: ['books'],
    when: { age: [11, 17], all: ['inSchool'], chance: 0.00015 },
    options: [
      {
        id: 'study',
        label: 'Refuse and study instead',
        cost: { energy: 10 },
        effects: { stats: { schoolPerformance: 3, stress: 3 } },
      },
      {
        id: 'peek',
        label: 'Take a look',
        effects: { stats: { schoolPerformance: 4, stress: 10 } },
      },
      { id: 'wing_it', label: 'Wing it', effects: { stats: { schoolPerformance: -2 } } },
    ],
  },
  {
    id: 'school.student_council',
    kind: 'question',
    title: 'Student council',
    text: 'Elections for the student council are next week.',
    tags: ['social'],
    when: { age: [12, 17], all: ['inSchool'], chance: 0.0002, once: true },
    options: [
      {
        id: 'run',
        label: 'Run for president',
        cost: { energy: 15 },
        effects: { stats: { social: 8, stress: 6, schoolPerformance: 2 } },
      },
      { id: 'vote', label: 'Just vote', effects: {} },
    ],
  },
  {
    id: 'school.tutor',
    kind: 'question',
    title: 'Falling behind',
    text: 'Your teacher suggests extra lessons after school.',
    tags: ['books'],
    when: {
      age: [8, 17],
      all: ['inSchool'],
      stats: { schoolPerformance: { max: 45 } },
      chance: 0.0005,
    },
    options: [
      {
        id: 'lessons',
        label: 'Stay after school',
        cost: { energy: 15 },
        effects: { stats: { schoolPerformance: 8, stress: 4 } },
      },
      { id: 'no', label: 'It will sort itself out', effects: { stats: { stress: 2 } } },
    ],
  },
  {
    id: 'school.teacher_praise',
    kind: 'message',
    title: "Teacher's pet",
    text: 'Your teacher read your work out to the class as an example.',
    tags: ['books'],
    when: {
      age: [6, 17],
      all: ['inSchool'],
      stats: { schoolPerformance: { min: 75 } },
      chance: 0.0002,
    },
    effects: { stats: { happiness: 5, social: -1 } },
  },
  {
    id: 'school.dog_ate_homework',
    kind: 'message',
    title: 'The dog ate it',
    text: 'The dog really did eat your homework. Nobody believes you.',
    tags: ['nature'],
    when: { age: [6, 17], all: ['inSchool', 'hasPet'], chance: 0.0002, once: true },
    effects: { stats: { stress: 5, schoolPerformance: -1 }, npc: { role: 'pet', affinity: -2 } },
  },
  {
    id: 'school.report_card_good',
    kind: 'message',
    title: 'A glowing report',
    text: 'Straight A’s. Your parents put the report on the fridge and a note in your hand.',
    tags: ['books', 'money'],
    when: {
      age: [7, 17],
      all: ['inSchool'],
      stats: { schoolPerformance: { min: 80 } },
      chance: 0.0001,
    },
    reward: { money: 20 },
    effects: { stats: { happiness: 6 }, npc: { role: 'father', affinity: 5 } },
  },
  {
    id: 'school.report_card_bad',
    kind: 'message',
    title: 'A worrying report',
    text: 'Your report card came home. There was a long talk at the kitchen table.',
    tags: ['books'],
    when: {
      age: [7, 17],
      all: ['inSchool'],
      stats: { schoolPerformance: { max: 35 } },
      chance: 0.0002,
    },
    effects: { stats: { stress: 8, happiness: -5 }, npc: { role: 'father', affinity: -4 } },
  },
  {
    id: 'school.debate_club',
    kind: 'question',
    title: 'The debate team',
    text: 'The debate team is short of a speaker for the regional final.',
    tags: ['books', 'social'],
    when: { age: [12, 17], all: ['inSchool'], chance: 0.0002, once: true },
    options: [
      {
        id: 'speak',
        label: 'Take the podium',
        cost: { energy: 10 },
        effects: { stats: { schoolPerformance: 3, social: 4, stress: 4 }, interests: ['books'] },
      },
      { id: 'no', label: 'Public speaking? No.', effects: {} },
    ],
  },
  {
    id: 'school.yearbook',
    kind: 'question',
    title: 'The yearbook',
    text: 'The yearbook committee needs photographers and designers.',
    tags: ['art', 'social'],
    when: { age: [15, 17], all: ['inSchool'], chance: 0.0002, once: true },
    options: [
      {
        id: 'join',
        label: 'Join the committee',
        cost: { energy: 8 },
        effects: { stats: { social: 4, happiness: 3 }, interests: ['art'] },
      },
      { id: 'no', label: 'Just buy a copy', effects: {} },
    ],
  },
  {
    id: 'school.olympiad',
    kind: 'question',
    title: 'The science olympiad',
    text: 'Your teacher nominated you for the national science olympiad.',
    tags: ['tech', 'books'],
    when: {
      age: [13, 17],
      all: ['inSchool'],
      stats: { schoolPerformance: { min: 60 } },
      chance: 0.0002,
      once: true,
    },
    options: [
      {
        id: 'compete',
        label: 'Compete',
        cost: { energy: 15 },
        effects: { stats: { schoolPerformance: 5, stress: 6 }, interests: ['tech'] },
      },
      { id: 'no', label: 'Decline politely', effects: {} },
    ],
  },
  {
    id: 'school.cafeteria',
    kind: 'message',
    title: 'Mystery meat',
    text: 'The canteen served something grey today. You ate the bread roll.',
    tags: ['food'],
    when: { age: [6, 17], all: ['inSchool'], chance: 0.0002 },
    effects: { stats: { hunger: 5, happiness: -1 } },
  },
  {
    id: 'school.sports_day',
    kind: 'message',
    title: 'Sports day',
    text: 'Egg and spoon, sack race, three-legged race. You came home with a ribbon.',
    tags: ['sports'],
    when: { age: [6, 12], all: ['inSchool'], chance: 0.0002 },
    effects: { stats: { happiness: 5, health: 1, social: 2 } },
  },

  // -- college ---------------------------------------------------------------------------
  {
    id: 'school.all_nighter',
    kind: 'question',
    title: 'An all-nighter',
    text: 'The paper is due at nine tomorrow and you have a title.',
    tags: ['books'],
    when: { age: [17, 40], all: ['inCollege'], chance: 0.0004 },
    options: [
      {
        id: 'coffee',
        label: 'Coffee and no sleep',
        cost: { energy: 25 },
        effects: { stats: { schoolPerformance: 5, health: -3, stress: 8 } },
      },
      {
        id: 'extension',
        label: 'Ask for an extension',
        effects: { stats: { schoolPerformance: -2, stress: -3 } },
      },
    ],
  },
  {
    id: 'school.roommate',
    kind: 'question',
    title: 'Your roommate',
    text: 'Your new roommate has brought a guitar, a lava lamp and a lot of opinions.',
    tags: ['social', 'music'],
    when: { age: [17, 40], all: ['inCollege'], chance: 0.001, once: true },
    options: [
      {
        id: 'befriend',
        label: 'Make friends',
        effects: { stats: { social: 8 }, npc: { role: 'friend', affinity: 15, familiarity: 20 } },
      },
      {
        id: 'rules',
        label: 'Draw up house rules',
        effects: { stats: { stress: -2, social: -2 } },
      },
    ],
  },
  {
    id: 'school.frat_party',
    kind: 'question',
    title: 'The big party',
    text: 'Everyone is going to the party on the hill tonight. You have a lecture at eight.',
    tags: ['social', 'music'],
    when: { age: [17, 40], all: ['inCollege'], chance: 0.0003 },
    options: [
      {
        id: 'go',
        label: 'Go',
        cost: { energy: 15 },
        effects: { stats: { social: 8, happiness: 5, schoolPerformance: -3 } },
      },
      { id: 'sleep', label: 'Sleep', effects: { stats: { schoolPerformance: 1 } } },
    ],
  },
  {
    id: 'school.study_abroad',
    kind: 'question',
    title: 'Study abroad',
    text: 'Your college offers a semester abroad. The deadline is Friday.',
    tags: ['travel', 'books'],
    when: { age: [18, 40], all: ['inCollege'], chance: 0.0003, once: true },
    options: [
      {
        id: 'go',
        label: 'Apply and pack',
        cost: { money: 2000 },
        effects: {
          stats: { happiness: 12, social: 6, schoolPerformance: 3 },
          interests: ['travel'],
        },
      },
      { id: 'stay', label: 'Stay on campus', effects: {} },
    ],
  },
  {
    id: 'school.professor',
    kind: 'message',
    title: 'A word from the professor',
    text: 'Your professor asked you to stay behind: they want you on their research project.',
    tags: ['books', 'tech'],
    when: {
      age: [18, 40],
      all: ['inCollege'],
      stats: { schoolPerformance: { min: 70 } },
      chance: 0.0002,
      once: true,
    },
    effects: { stats: { happiness: 8, schoolPerformance: 4 } },
  },
  {
    id: 'school.ramen_week',
    kind: 'message',
    title: 'Ramen week',
    text: 'Rent is paid and the account is empty. Instant noodles for every meal.',
    tags: ['food', 'money'],
    when: { age: [17, 40], all: ['inCollege'], stats: { money: { max: 100 } }, chance: 0.0004 },
    effects: { stats: { health: -2, happiness: -3 } },
  },
];
