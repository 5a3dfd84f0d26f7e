import { describe, expect, it } from 'vitest';
import { ACTIVITIES, ACTIVITY_INDEX, MAX_ACTIVITIES } from '../../src/content/activities.ts';
import {
  ActivityBlock,
  activityBlockers,
  activityCount,
  doesActivity,
  joinActivity,
  quitActivity,
  weeklyActivities,
} from '../../src/sim/activities.ts';
import { enrol } from '../../src/sim/school.ts';
import { Interest, School } from '../../src/world/life.ts';
import { lives } from '../helpers/world.ts';

/** Lives of seed 3 at speed 1: `lives(n, { ...LIVES, ageYears })`. */
const LIVES = { seed: 3, speed: 1 } as const;

const act = (id: string) => ACTIVITY_INDEX.get(id)!;

describe('the activity catalog', () => {
  it('has about ten activities with ages, requirements, weekly effects and tags, one bit each', () => {
    expect(ACTIVITIES.length).toBeGreaterThanOrEqual(10);
    expect(ACTIVITIES.length).toBeLessThanOrEqual(16);
    for (const id of [
      'soccer',
      'band',
      'chess_club',
      'drama',
      'debate',
      'coding_club',
      'art_club',
      'volunteering',
      'swimming',
      'student_council',
    ]) {
      expect(ACTIVITY_INDEX.has(id), id).toBe(true);
    }
    for (const a of ACTIVITIES) {
      expect(a.minAge).toBeLessThanOrEqual(a.maxAge);
      expect(Object.keys(a.weekly).length).toBeGreaterThan(0);
      expect(a.tags.length).toBeGreaterThan(0);
    }
  });
});

describe('who may take up an activity', () => {
  it('checks age, enrolment and grades', () => {
    const kid = lives(1, { ...LIVES, ageYears: 5 });
    expect(activityBlockers(kid, 0, act('soccer'))).toBe(ActivityBlock.tooYoung);
    const teen = lives(1, { ...LIVES, ageYears: 15 });
    expect(teen.school[0]).toBe(School.highSchool);
    teen.schoolPerformance[0] = 55;
    expect(activityBlockers(teen, 0, act('debate'))).toBe(0);
    expect(activityBlockers(teen, 0, act('student_council'))).toBe(ActivityBlock.performance);
    const adult = lives(1, { ...LIVES, ageYears: 40 });
    expect(adult.school[0]).toBe(School.none);
    expect(activityBlockers(adult, 0, act('volunteering'))).toBe(0);
    expect(activityBlockers(adult, 0, act('band'))).toBe(
      ActivityBlock.tooOld | ActivityBlock.notInSchool,
    );
  });

  it('joining and quitting set and clear the bit', () => {
    const c = lives(1, { ...LIVES, ageYears: 12 });
    joinActivity(c, 0, act('chess_club'));
    joinActivity(c, 0, act('swimming'));
    expect(activityCount(c, 0)).toBe(2);
    expect(doesActivity(c, 0, act('chess_club'))).toBe(true);
    quitActivity(c, 0, act('chess_club'));
    expect(doesActivity(c, 0, act('chess_club'))).toBe(false);
    expect(c.extracurriculars[0]).toBe(1 << act('swimming'));
  });
});

describe('a week of activities', () => {
  it('applies each activity kept up', () => {
    const c = lives(2, { ...LIVES, ageYears: 12 });
    for (let s = 0; s < 2; s++) {
      c.health[s] = 50;
      c.happiness[s] = 50;
      c.social[s] = 50;
      c.stress[s] = 50;
      c.schoolPerformance[s] = 50;
    }
    joinActivity(c, 0, act('soccer'));
    joinActivity(c, 0, act('chess_club'));
    weeklyActivities(c, 0);
    weeklyActivities(c, 1);
    // soccer: health +2, happiness +1, social +1, stress -1; chess: performance +2, social +1
    expect([c.health[0], c.happiness[0], c.social[0], c.stress[0], c.schoolPerformance[0]]).toEqual(
      [52, 51, 52, 49, 52],
    );
    expect([c.health[1], c.happiness[1], c.social[1], c.stress[1], c.schoolPerformance[1]]).toEqual(
      [50, 50, 50, 50, 50],
    );
  });

  it('turns what an activity is about into interests over a term', () => {
    const c = lives(1, { ...LIVES, ageYears: 12 });
    c.interests[0] = 0;
    c.dislikes[0] = Interest.music;
    joinActivity(c, 0, act('band'));
    for (let w = 0; w < 40 && (c.interests[0]! & Interest.music) === 0; w++) weeklyActivities(c, 0);
    expect(c.interests[0]! & Interest.music).toBe(Interest.music);
    expect(c.dislikes[0]! & Interest.music).toBe(0);
  });

  it('drops an activity the person no longer qualifies for', () => {
    const c = lives(1, { ...LIVES, ageYears: 15 });
    c.schoolPerformance[0] = 70;
    joinActivity(c, 0, act('debate'));
    joinActivity(c, 0, act('band'));
    weeklyActivities(c, 0);
    expect(activityCount(c, 0)).toBe(2);
    c.schoolPerformance[0] = 30; // below debate's bar
    weeklyActivities(c, 0);
    expect(doesActivity(c, 0, act('debate'))).toBe(false);
    expect(doesActivity(c, 0, act('band'))).toBe(true);
    enrol(c, 0, School.none); // left school: no more school band
    weeklyActivities(c, 0);
    expect(c.extracurriculars[0]).toBe(0);
  });

  it(`keeps at most ${MAX_ACTIVITIES}, cutting back extras set by other means`, () => {
    const c = lives(1, { ...LIVES, ageYears: 12 });
    c.extracurriculars[0] = (1 << act('soccer')) | (1 << act('swimming')) | (1 << act('art_club'));
    weeklyActivities(c, 0);
    expect(activityCount(c, 0)).toBe(MAX_ACTIVITIES);
    expect(doesActivity(c, 0, act('soccer'))).toBe(true);
  });
});
