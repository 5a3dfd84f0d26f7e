import type { EventDef } from '../event-schema.ts';

/**
 * Holidays: scheduled events, fired on their day of the 365-day game year
 * (0 = 1 January) at their hour, when their conditions hold. Birthdays are
 * the daily rules' (sim/daily.ts), not events. The starter catalog holds New
 * Year (day 0), Valentine's Day (44), Halloween for children (303) and the
 * winter holidays (358); these fill in the rest of the year.
 *
 * A scheduled event's chance is the chance it happens on its day (1: every
 * year for everyone it applies to). No two share a day and hour, so none
 * hides another.
 */
export const HOLIDAY_EVENTS: readonly EventDef[] = [
  {
    id: 'holiday.resolution',
    kind: 'question',
    title: "New Year's resolution",
    text: 'A new year. What is this year going to be about?',
    tags: ['sports', 'money', 'music'],
    when: { day: 0, hour: 11, age: [13, 120], chance: 1 },
    options: [
      {
        id: 'fitness',
        label: 'Getting fit',
        cost: { energy: 10 },
        effects: { setFlags: ['exercises'], stats: { health: 2 }, interests: ['sports'] },
      },
      {
        id: 'savings',
        label: 'Saving money',
        effects: { stats: { stress: -2 }, interests: ['money'] },
      },
      {
        id: 'instrument',
        label: 'Learning an instrument',
        cost: { energy: 5 },
        effects: { stats: { happiness: 3 }, interests: ['music'] },
      },
      { id: 'none', label: 'Resolutions are for other people', effects: {} },
    ],
  },
  {
    id: 'holiday.snow_day',
    kind: 'message',
    title: 'Snow day',
    text: 'School is closed. The whole street is building snowmen.',
    tags: ['nature', 'games'],
    // Not every winter brings enough snow to close the schools.
    when: { day: 20, hour: 8, age: [5, 14], chance: 0.5 },
    effects: { stats: { happiness: 8, energy: -5 } },
  },
  {
    id: 'holiday.lunar_new_year',
    kind: 'message',
    title: 'Lunar New Year',
    text: 'Dumplings, firecrackers and red envelopes from the grown-ups.',
    tags: ['food', 'social'],
    when: { day: 31, hour: 18, age: [0, 17], chance: 1 },
    reward: { money: 10 },
    effects: { stats: { happiness: 5, hunger: -15 } },
  },
  {
    id: 'holiday.valentine_single',
    kind: 'question',
    title: "Valentine's night",
    text: 'The bar down the road is running a singles night.',
    tags: ['romance', 'social'],
    when: { day: 44, hour: 20, age: [18, 60], none: ['hasPartner'], chance: 1 },
    options: [
      {
        id: 'go',
        label: 'Go along',
        cost: { money: 30, energy: 10 },
        effects: { stats: { social: 5, happiness: 3 }, interests: ['romance'] },
      },
      {
        id: 'friends',
        label: 'Pizza with friends',
        cost: { money: 15 },
        effects: { stats: { social: 4 }, npc: { role: 'friend', affinity: 4 } },
      },
      { id: 'home', label: 'A quiet night in', effects: { stats: { stress: -2 } } },
    ],
  },
  {
    id: 'holiday.spring_break',
    kind: 'question',
    title: 'Spring break',
    text: 'A week off. Your friends are driving to the coast.',
    tags: ['travel', 'social'],
    when: { day: 80, hour: 10, all: ['inCollege'], chance: 1 },
    options: [
      {
        id: 'coast',
        label: 'Pile into the car',
        cost: { money: 300, energy: 15 },
        effects: { stats: { happiness: 10, social: 6, stress: -8 }, interests: ['travel'] },
      },
      {
        id: 'study',
        label: 'Catch up on coursework',
        effects: { stats: { schoolPerformance: 4 } },
      },
    ],
  },
  {
    id: 'holiday.easter',
    kind: 'message',
    title: 'An egg hunt',
    text: 'Chocolate eggs hidden all over the garden. You found eleven.',
    tags: ['food', 'games'],
    when: { day: 96, hour: 10, age: [2, 11], chance: 1 },
    effects: { stats: { happiness: 6, hunger: -10 } },
  },
  {
    id: 'holiday.earth_day',
    kind: 'question',
    title: 'Earth Day',
    text: 'The town is planting trees along the river this morning.',
    tags: ['nature'],
    when: { day: 111, hour: 9, age: [8, 90], chance: 1 },
    options: [
      {
        id: 'plant',
        label: 'Grab a spade',
        cost: { energy: 10 },
        effects: { stats: { happiness: 4, health: 1 }, interests: ['nature'] },
      },
      { id: 'no', label: 'Sleep in', effects: {} },
    ],
  },
  {
    id: 'holiday.mothers_day',
    kind: 'question',
    title: "Mother's Day",
    text: "It is Mother's Day.",
    tags: ['social'],
    when: { day: 128, hour: 10, age: [5, 90], npc: { role: 'mother' }, chance: 1 },
    options: [
      {
        id: 'flowers',
        label: 'Flowers and breakfast in bed',
        cost: { money: 25 },
        effects: { npc: { role: 'mother', affinity: 10, familiarity: 10 } },
      },
      {
        id: 'card',
        label: 'A handmade card',
        cost: { energy: 5 },
        effects: { npc: { role: 'mother', affinity: 6, familiarity: 5 } },
      },
      { id: 'forget', label: 'Forget', effects: { npc: { role: 'mother', affinity: -6 } } },
    ],
  },
  {
    id: 'holiday.fathers_day',
    kind: 'question',
    title: "Father's Day",
    text: "It is Father's Day.",
    tags: ['social'],
    when: { day: 169, hour: 10, age: [5, 90], npc: { role: 'father' }, chance: 1 },
    options: [
      {
        id: 'gift',
        label: 'A gift and a barbecue',
        cost: { money: 25 },
        effects: { npc: { role: 'father', affinity: 10, familiarity: 10 } },
      },
      {
        id: 'card',
        label: 'A handmade card',
        cost: { energy: 5 },
        effects: { npc: { role: 'father', affinity: 6, familiarity: 5 } },
      },
      { id: 'forget', label: 'Forget', effects: { npc: { role: 'father', affinity: -6 } } },
    ],
  },
  {
    id: 'holiday.summer_holidays',
    kind: 'message',
    title: "School's out",
    text: 'Six weeks of summer holidays start today.',
    tags: ['nature', 'games'],
    when: { day: 200, hour: 15, all: ['inSchool'], chance: 1 },
    effects: { stats: { happiness: 10, stress: -15 } },
  },
  {
    id: 'holiday.music_festival',
    kind: 'question',
    title: 'Festival season',
    text: 'The big summer festival is this weekend. Three stages, four days, mud.',
    tags: ['music', 'social'],
    when: { day: 185, hour: 12, age: [16, 45], chance: 1 },
    options: [
      {
        id: 'go',
        label: 'Get a ticket',
        cost: { money: 180, energy: 20 },
        effects: { stats: { happiness: 12, social: 8, health: -2 }, interests: ['music'] },
      },
      { id: 'no', label: 'Watch the highlights', effects: {} },
    ],
  },
  {
    id: 'holiday.fireworks',
    kind: 'message',
    title: 'Fireworks over the river',
    text: 'The whole town came out to watch the summer fireworks.',
    tags: ['social'],
    when: { day: 185, hour: 22, age: [3, 120], chance: 1 },
    effects: { stats: { happiness: 4, social: 2 } },
  },
  {
    id: 'holiday.back_to_school',
    kind: 'message',
    title: 'Back to school',
    text: 'New shoes, new pencils, new timetable.',
    tags: ['books'],
    when: { day: 243, hour: 8, all: ['inSchool'], chance: 1 },
    effects: { stats: { stress: 5, happiness: -2, social: 3 } },
  },
  {
    id: 'holiday.harvest_fair',
    kind: 'question',
    title: 'The harvest fair',
    text: 'The county fair has a pie contest, a giant pumpkin and a ferris wheel.',
    tags: ['food', 'nature'],
    when: { day: 265, hour: 11, age: [4, 120], chance: 0.5 },
    options: [
      {
        id: 'pie',
        label: 'Enter a pie',
        cost: { energy: 10 },
        effects: { stats: { happiness: 5, hunger: -15 }, interests: ['food'] },
      },
      {
        id: 'wheel',
        label: 'Ride the ferris wheel',
        cost: { money: 5 },
        effects: { stats: { happiness: 4 } },
      },
      { id: 'home', label: 'Stay home', effects: {} },
    ],
  },
  {
    id: 'holiday.halloween_party',
    kind: 'question',
    title: 'A costume party',
    text: 'Your friends are throwing a Halloween party. Costumes compulsory.',
    tags: ['art', 'social'],
    when: { day: 303, hour: 20, age: [16, 45], chance: 1 },
    options: [
      {
        id: 'homemade',
        label: 'Make an elaborate costume',
        cost: { energy: 10 },
        effects: { stats: { happiness: 6, social: 5 }, interests: ['art'] },
      },
      {
        id: 'bought',
        label: 'Buy one from the shop',
        cost: { money: 35 },
        effects: { stats: { happiness: 4, social: 5 } },
      },
      { id: 'sweets', label: 'Stay in and hand out sweets', effects: { stats: { happiness: 2 } } },
    ],
  },
  {
    id: 'holiday.thanksgiving',
    kind: 'message',
    title: 'The family dinner',
    text: 'Everyone around one table, too much food, one argument about politics.',
    tags: ['food', 'social'],
    when: { day: 327, hour: 17, age: [0, 120], npc: { role: 'mother' }, chance: 1 },
    effects: {
      stats: { happiness: 5, hunger: -30, stress: 2 },
      npc: { role: 'mother', familiarity: 10 },
    },
  },
  {
    id: 'holiday.winter_gifts',
    kind: 'question',
    title: 'Presents',
    text: 'The winter holidays are coming and you have a list of people to buy for.',
    tags: ['money', 'social'],
    when: { day: 350, hour: 18, age: [18, 120], chance: 1 },
    options: [
      {
        id: 'generous',
        label: 'Spoil everyone',
        cost: { money: 300 },
        effects: { stats: { happiness: 5 }, npc: { role: 'mother', affinity: 6 } },
      },
      {
        id: 'handmade',
        label: 'Make them yourself',
        cost: { energy: 15 },
        effects: { stats: { happiness: 4 }, interests: ['art'] },
      },
      { id: 'cards', label: 'Cards this year', effects: { stats: { stress: 2 } } },
    ],
  },
  {
    id: 'holiday.presents_under_tree',
    kind: 'message',
    title: 'Presents!',
    text: 'You were up at five. There is a pile of presents and an envelope with your name on it.',
    tags: ['games'],
    when: { day: 358, hour: 7, age: [2, 12], chance: 1 },
    reward: { money: 20 },
    effects: { stats: { happiness: 12 } },
  },
  {
    id: 'holiday.new_years_eve',
    kind: 'question',
    title: "New Year's Eve",
    text: 'The last night of the year. Where will you be at midnight?',
    tags: ['social', 'music'],
    when: { day: 364, hour: 21, age: [16, 120], chance: 1 },
    options: [
      {
        id: 'party',
        label: 'At a big party',
        cost: { money: 60, energy: 15 },
        effects: { stats: { happiness: 8, social: 8, health: -1 } },
      },
      {
        id: 'friends',
        label: 'With a few close friends',
        cost: { money: 20 },
        effects: { stats: { happiness: 6, social: 4 }, npc: { role: 'friend', affinity: 5 } },
      },
      { id: 'bed', label: 'Asleep by ten', effects: { stats: { energy: 10 } } },
    ],
  },
];
