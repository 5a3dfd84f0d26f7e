import { describe, expect, it } from 'vitest';
import { compileCatalog } from '../../src/content/catalog.ts';
import { defaultCatalog } from '../../src/content/default-catalog.ts';
import { answer } from '../../src/sim/actions.ts';
import { advance } from '../../src/sim/advance.ts';
import { eventConditionsHold, type FiredEvents, fireEvent } from '../../src/sim/events.ts';
import { gpaOf } from '../../src/sim/school.ts';
import {
  birthdaySchool,
  COLLEGE_YEARS,
  PASS_MARK,
  schoolHour,
  weeklySchool,
} from '../../src/sim/school-rules.ts';
import type { Columns } from '../../src/world/columns.ts';
import {
  DAYS_PER_WEEK,
  DAYS_PER_YEAR,
  Flag,
  Focus,
  MINUTES_PER_DAY,
  School,
  Stage,
} from '../../src/world/life.ts';
import { lives } from '../helpers/world.ts';

const cat = defaultCatalog();
// Only the rules: no event can pause a clock or touch a stat.
const rulesOnly = compileCatalog([
  { id: 'life.death', kind: 'message', title: 'The end', text: 'The end.' },
]);

/** Lives of seed 7 at speed 1: `lives(n, { ...LIVES, ageYears })`. */
const LIVES = { seed: 7, speed: 1 } as const;

/** Live day by day (rules only) until the person is `ageDays` old. */
function liveUntil(c: Columns, s: number, ageDays: number): void {
  const out: FiredEvents = [];
  while (c.ageDays[s]! < ageDays && c.alive[s] === 1)
    advance(c, s, MINUTES_PER_DAY, rulesOnly, out);
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('school by age', () => {
  it('enrols at 6, moves to high school at 14 with its grades, and graduates at 18 with the GPA', () => {
    const c = lives(1, { ...LIVES, ageYears: 5 });
    c.focus[0] = Focus.academics;
    expect(c.school[0]).toBe(School.none);
    liveUntil(c, 0, 6 * DAYS_PER_YEAR - 1);
    expect(c.school[0]).toBe(School.none);
    liveUntil(c, 0, 6 * DAYS_PER_YEAR);
    expect(c.school[0]).toBe(School.elementary);
    expect(c.flags[0]! & Flag.inSchool).toBe(Flag.inSchool);

    liveUntil(c, 0, 14 * DAYS_PER_YEAR - 1);
    expect(c.school[0]).toBe(School.elementary);
    expect(c.schoolYears[0]).toBe(7);
    const grades = c.schoolPerformance[0]!;
    liveUntil(c, 0, 14 * DAYS_PER_YEAR);
    expect(c.school[0]).toBe(School.highSchool);
    expect(c.educationDone[0]).toBe(School.elementary);
    expect(c.schoolYears[0]).toBe(0);
    // The elementary GPA is recorded; high school starts where elementary left off.
    expect(c.gpa[0]).toBe(gpaOf(grades));
    expect(c.schoolPerformance[0]).toBe(grades);

    liveUntil(c, 0, 18 * DAYS_PER_YEAR);
    // An academics-first student is well above the pass mark by then.
    expect(c.schoolPerformance[0]).toBeGreaterThan(70);
    expect(c.school[0]).toBe(School.none);
    expect(c.educationDone[0]).toBe(School.highSchool);
    expect(c.flags[0]! & (Flag.inSchool | Flag.graduatedHighSchool)).toBe(Flag.graduatedHighSchool);
    expect(c.gpa[0]).toBe(gpaOf(c.schoolPerformance[0]!));
    expect(c.stage[0]).toBe(Stage.adult);
  });

  it('a student below the pass mark leaves high school at 18 without a diploma', () => {
    const c = lives(1, { ...LIVES, ageYears: 17 });
    expect(c.school[0]).toBe(School.highSchool);
    c.schoolPerformance[0] = PASS_MARK - 1;
    const gpaBefore = c.gpa[0];
    birthdaySchool(c, 0, 18);
    expect(c.school[0]).toBe(School.none);
    expect(c.educationDone[0]).toBe(School.elementary);
    expect(c.flags[0]! & (Flag.inSchool | Flag.graduatedHighSchool)).toBe(0);
    expect(c.gpa[0]).toBe(gpaBefore);
  });

  it('GPA is performance / 100 x 4.0, in hundredths', () => {
    expect(gpaOf(100)).toBe(400);
    expect(gpaOf(75)).toBe(300);
    expect(gpaOf(0)).toBe(0);
  });
});

describe('college', () => {
  it('is offered to high-school graduates at 18-19 only, and not to students or graduates', () => {
    const app = cat.indexById.get('college.application')!;
    const c = lives(1, { ...LIVES, ageYears: 18 });
    c.flags[0] = Flag.graduatedHighSchool;
    c.gpa[0] = 250;
    expect(eventConditionsHold(c, 0, cat, app, 18)).toBe(true);
    expect(eventConditionsHold(c, 0, cat, app, 19)).toBe(true);
    expect(eventConditionsHold(c, 0, cat, app, 17)).toBe(false);
    expect(eventConditionsHold(c, 0, cat, app, 20)).toBe(false);
    c.flags[0] = 0;
    expect(eventConditionsHold(c, 0, cat, app, 18)).toBe(false);
    c.flags[0] = Flag.graduatedHighSchool | Flag.inCollege;
    expect(eventConditionsHold(c, 0, cat, app, 18)).toBe(false);
    // Colleges admit a GPA of 2.0 or better.
    c.flags[0] = Flag.graduatedHighSchool;
    c.gpa[0] = 150;
    expect(eventConditionsHold(c, 0, cat, app, 18)).toBe(false);
    // Go or not; going leads to a choice of major (every major has an option).
    expect(cat.options[app]!.map((o) => o.id)).toEqual(['go', 'skip']);
    const major = cat.indexById.get('college.major')!;
    const options = cat.options[major]!.map((o) => o.id);
    expect(options).toContain('computer_science');
    expect(options).toContain('not_yet');
  });

  it('lasts 4 birthdays from enrolment, then graduates with the GPA and the major', () => {
    const c = lives(1, { ...LIVES, ageYears: 18 });
    c.flags[0] = Flag.graduatedHighSchool;
    c.educationDone[0] = School.highSchool;
    c.focus[0] = Focus.academics;
    const app = cat.indexById.get('college.application')!;
    fireEvent(c, 0, cat, app, []);
    const money = c.money[0]!;
    answer(c, 0, cat, 'college.application', 'go');
    answer(c, 0, cat, 'college.major', 'computer_science');
    expect(c.school[0]).toBe(School.college);
    expect(c.flags[0]! & Flag.inCollege).toBe(Flag.inCollege);
    expect(c.major[0]).toBe(1); // computer_science is majors.ts entry 0
    expect(c.money[0]).toBeLessThan(money); // the tuition loan

    const enrolledAt = c.ageDays[0]!;
    const fourth = (Math.floor(enrolledAt / DAYS_PER_YEAR) + COLLEGE_YEARS) * DAYS_PER_YEAR;
    liveUntil(c, 0, fourth - 1);
    expect(c.school[0]).toBe(School.college);
    expect(c.schoolYears[0]).toBe(COLLEGE_YEARS - 1);
    liveUntil(c, 0, fourth);
    expect(c.school[0]).toBe(School.none);
    expect(c.educationDone[0]).toBe(School.college);
    expect(c.flags[0]! & (Flag.inCollege | Flag.graduatedCollege)).toBe(Flag.graduatedCollege);
    expect(c.gpa[0]).toBe(gpaOf(c.schoolPerformance[0]!));
    expect(c.gpa[0]).toBeGreaterThanOrEqual(PASS_MARK * 4);
    expect(c.major[0]).toBe(1);
  });

  it('counts birthdays, not ages: an adult who enrols at 30 graduates at 34', () => {
    const c = lives(1, { ...LIVES, ageYears: 30 });
    c.flags[0] = Flag.graduatedHighSchool;
    c.educationDone[0] = School.highSchool;
    const chance = cat.indexById.get('college.second_chance')!;
    fireEvent(c, 0, cat, chance, []);
    answer(c, 0, cat, 'college.second_chance', 'business');
    expect(c.school[0]).toBe(School.college);
    for (let y = 31; y <= 33; y++) {
      birthdaySchool(c, 0, y);
      expect(c.school[0], `at ${y}`).toBe(School.college);
    }
    c.schoolPerformance[0] = 60;
    birthdaySchool(c, 0, 34);
    expect(c.educationDone[0]).toBe(School.college);
    expect(c.gpa[0]).toBe(240);
  });

  it('a student below the pass mark leaves after 4 years without the degree', () => {
    const c = lives(1, { ...LIVES, ageYears: 18 });
    c.flags[0] = Flag.graduatedHighSchool;
    c.educationDone[0] = School.highSchool;
    c.school[0] = School.college;
    c.flags[0] = (c.flags[0]! | Flag.inCollege) >>> 0;
    c.schoolYears[0] = COLLEGE_YEARS - 1;
    c.schoolPerformance[0] = PASS_MARK - 10;
    birthdaySchool(c, 0, 22);
    expect(c.school[0]).toBe(School.none);
    expect(c.educationDone[0]).toBe(School.highSchool);
    expect(c.flags[0]! & (Flag.inCollege | Flag.graduatedCollege)).toBe(0);
  });
});

describe('a school week and a school hour', () => {
  it('a stressed or exhausted week costs grades, a calm one and homework add to them', () => {
    const c = lives(4, { ...LIVES, ageYears: 12 });
    for (let s = 0; s < 4; s++) {
      c.schoolPerformance[s] = 50;
      c.energy[s] = 60;
      c.stress[s] = 50;
    }
    c.stress[0] = 90; // stressed: -3
    c.stress[1] = 10; // calm: +1
    c.energy[2] = 5; // exhausted: -2
    c.focus[3] = Focus.academics; // homework: +1
    for (let s = 0; s < 4; s++) weeklySchool(c, s);
    expect([0, 1, 2, 3].map((s) => c.schoolPerformance[s])).toEqual([47, 51, 48, 51]);
  });

  it('nobody out of school has a school week', () => {
    const c = lives(1, { ...LIVES, ageYears: 30 });
    c.stress[0] = 90;
    const before = c.schoolPerformance[0];
    weeklySchool(c, 0);
    expect(c.schoolPerformance[0]).toBe(before);
  });

  it('grades settle at what the hour allows: a tired student slides down', () => {
    const c = lives(2, { ...LIVES, ageYears: 12 });
    c.schoolPerformance[0] = 90;
    c.schoolPerformance[1] = 90;
    c.interests[0] = c.interests[1] = 0;
    c.dislikes[0] = c.dislikes[1] = 0;
    for (let h = 0; h < 2000; h++) {
      c.energy[0] = 80;
      c.energy[1] = 10;
      c.stress[0] = c.stress[1] = 20;
      schoolHour(c, 0);
      schoolHour(c, 1);
    }
    expect(c.schoolPerformance[0]).toBe(70); // balanced, rested and calm
    expect(c.schoolPerformance[1]).toBe(50); // balanced and exhausted: 20 lower
  });
});

describe('focus', () => {
  it('shifts what a school year grows: grades, health, social', () => {
    const per = 12;
    const foci = [Focus.balanced, Focus.academics, Focus.sports, Focus.social];
    // The same children in every group (slot g x per + p is player p); only the focus differs.
    const c = lives(per * foci.length, { ...LIVES, ageYears: 10, player: (k) => k % per });
    for (let s = 0; s < per * foci.length; s++) {
      c.focus[s] = foci[Math.floor(s / per)]!;
      c.schoolPerformance[s] = 50;
      c.health[s] = 50;
      c.social[s] = 40;
    }
    const byFocus = (field: 'schoolPerformance' | 'health' | 'social') => {
      const m = foci.map((_, g) =>
        mean(Array.from({ length: per }, (_, p) => c[field][g * per + p]!)),
      );
      return m as [number, number, number, number];
    };
    const start = Array.from({ length: per * foci.length }, (_, s) => c.ageDays[s]!);
    const liveWeeks = (weeks: number) => {
      for (let s = 0; s < start.length; s++) liveUntil(c, s, start[s]! + weeks * DAYS_PER_WEEK);
    };
    liveWeeks(4);
    const [hB, hA, hSp, hSo] = byFocus('health');
    const [sB, sA, sSp, sSo] = byFocus('social');
    liveWeeks(40);
    const [pB, pA, pSp, pSo] = byFocus('schoolPerformance');
    console.log(
      `after 4 weeks: health balanced ${hB} academics ${hA} sports ${hSp} social ${hSo}; ` +
        `social stat ${sB} ${sA} ${sSp} ${sSo}. After 40 weeks: performance ${pB} ${pA} ${pSp} ${pSo}`,
    );
    // Grades: academics first, then balanced, then the others.
    expect(pA).toBeGreaterThan(pB + 8);
    expect(pB).toBeGreaterThan(pSp + 8);
    expect(pB).toBeGreaterThan(pSo + 8);
    // Health grows most with sports; the social stat with social.
    expect(hSp).toBeGreaterThan(Math.max(hB, hA, hSo) + 5);
    expect(sSo).toBeGreaterThan(Math.max(sB, sA, sSp) + 5);
  });
});
