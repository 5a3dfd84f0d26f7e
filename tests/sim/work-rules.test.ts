import { describe, expect, it } from 'vitest';
import { compileCatalog } from '../../src/content/catalog.ts';
import { JOB_INDEX, JOBS, salaryFor } from '../../src/content/jobs.ts';
import { advance } from '../../src/sim/advance.ts';
import type { FiredEvents } from '../../src/sim/events.ts';
import { hire, JobBlock, jobBlockers, PROMOTION_PERFORMANCE_DROP } from '../../src/sim/work.ts';
import {
  FIRING_LINE,
  FULL_RETIREMENT_AGE,
  RETIREMENT_AGE,
  WEEKS_PER_RUNG,
  weeklyWork,
  weeksForRung,
  workHour,
  workTarget,
} from '../../src/sim/work-rules.ts';
import type { Columns } from '../../src/world/columns.ts';
import {
  DAYS_PER_WEEK,
  DAYS_PER_YEAR,
  Flag,
  Focus,
  Interest,
  MINUTES_PER_DAY,
  School,
} from '../../src/world/life.ts';
import { snapshot } from '../helpers/columns.ts';
import { lives } from '../helpers/world.ts';

const rulesOnly = compileCatalog([
  { id: 'life.death', kind: 'message', title: 'The end', text: 'The end.' },
]);

/** None of them working yet. */
function unemployed(c: Columns, s: number): void {
  c.job[s] = 0;
  c.flags[s] = c.flags[s]! & ~(Flag.hasJob | Flag.retired);
}
/** Lives of seed 5 at speed 1, none working: `lives(n, { ...LIVES, ageYears })`. */
const LIVES = { seed: 5, speed: 1, prepare: unemployed } as const;

const job = (id: string) => JOB_INDEX.get(id)!;

describe('who may work', () => {
  it('nobody under 13 is hired, whoever hires them, and nobody under 13 keeps a job', () => {
    const c = lives(1, { ...LIVES, ageYears: 12 });
    const before = snapshot(c, 0);
    expect(hire(c, 0, job('babysitter'))).toBe(false);
    expect(snapshot(c, 0)).toEqual(before);
    expect(jobBlockers(c, 0, job('babysitter'))).toBe(JobBlock.tooYoung);

    // A job set some other way (an old save, a content bug) is taken away on Monday.
    c.job[0] = job('babysitter') + 1;
    c.flags[0] = (c.flags[0]! | Flag.hasJob) >>> 0;
    c.salary[0] = 60;
    const money = c.money[0]!;
    weeklyWork(c, 0);
    expect(c.job[0]).toBe(0);
    expect(c.flags[0]! & Flag.hasJob).toBe(0);
    expect(c.money[0]).toBe(money);
  });

  it('at 13 the part-time jobs open; full-time ones want age, school, major and GPA', () => {
    const c = lives(1, { ...LIVES, ageYears: 13 });
    expect(jobBlockers(c, 0, job('babysitter'))).toBe(0);
    expect(jobBlockers(c, 0, job('cashier'))).toBe(JobBlock.tooYoung);
    const se = jobBlockers(c, 0, job('software_engineer'));
    expect(se & (JobBlock.tooYoung | JobBlock.education | JobBlock.major | JobBlock.gpa)).toBe(
      JobBlock.tooYoung | JobBlock.education | JobBlock.major | JobBlock.gpa,
    );
    const adult = lives(1, { ...LIVES, ageYears: 25 });
    adult.educationDone[0] = School.college;
    adult.major[0] = 1; // computer_science
    adult.gpa[0] = 300;
    expect(jobBlockers(adult, 0, job('software_engineer'))).toBe(0);
    adult.gpa[0] = 249;
    expect(jobBlockers(adult, 0, job('software_engineer'))).toBe(JobBlock.gpa);
    adult.flags[0] = (adult.flags[0]! | Flag.retired) >>> 0;
    expect(jobBlockers(adult, 0, job('software_engineer'))).toBe(JobBlock.gpa | JobBlock.retired);
  });

  it('a full-time job ends the part-time one', () => {
    const c = lives(1, { ...LIVES, ageYears: 18 });
    hire(c, 0, job('cashier'));
    hire(c, 0, job('warehouse_worker'));
    expect(c.job[0]).toBe(job('warehouse_worker') + 1);
    expect(JOBS[c.job[0]! - 1]!.partTime).toBe(false);
    expect(c.salary[0]).toBe(salaryFor(job('warehouse_worker'), 0));
  });
});

describe('a working week', () => {
  it('pays the salary and counts the week', () => {
    const c = lives(1, { ...LIVES, ageYears: 30 });
    hire(c, 0, job('cook'));
    c.stress[0] = 20;
    const money = c.money[0]!;
    weeklyWork(c, 0);
    expect(c.money[0]).toBe(money + salaryFor(job('cook'), 0));
    expect(c.jobWeeks[0]).toBe(1);
  });

  it('promotes a strong performer up the ladder once the weeks are in, raising the salary', () => {
    const c = lives(1, { ...LIVES, ageYears: 30 });
    const k = job('software_engineer');
    hire(c, 0, k);
    const week = () => {
      c.jobPerformance[0] = 95;
      c.stress[0] = 20;
      weeklyWork(c, 0);
    };
    // Higher rungs take longer: half a year, then a year more, then a year and a half more.
    expect([1, 2, 3].map(weeksForRung)).toEqual([26, 78, 156]);
    for (let w = 1; w < WEEKS_PER_RUNG; w++) week();
    expect(c.jobLevel[0]).toBe(0); // not before half a year in the job
    let weeks = WEEKS_PER_RUNG - 1;
    while (c.jobLevel[0] === 0 && weeks < 200) {
      week();
      weeks++;
    }
    expect(c.jobLevel[0]).toBe(1);
    expect(c.salary[0]).toBe(salaryFor(k, 1));
    expect(c.salary[0]).toBeGreaterThan(salaryFor(k, 0));
    expect(c.jobPerformance[0]).toBeLessThanOrEqual(95 + 3 - PROMOTION_PERFORMANCE_DROP);
  });

  it('never promotes past the top rung, nor a weak performer', () => {
    const c = lives(2, { ...LIVES, ageYears: 30 });
    hire(c, 0, job('babysitter')); // a one-rung ladder
    hire(c, 1, job('cook'));
    for (let w = 0; w < 300; w++) {
      c.jobPerformance[0] = 100;
      c.jobPerformance[1] = 60;
      c.stress[0] = c.stress[1] = 20;
      weeklyWork(c, 0);
      weeklyWork(c, 1);
    }
    expect(c.jobLevel[0]).toBe(0);
    expect(c.jobLevel[1]).toBe(0);
    expect(c.job[1]).toBe(job('cook') + 1);
  });

  it('fires a poor performer sooner or later, and never a decent one', () => {
    const c = lives(2, { ...LIVES, ageYears: 30 });
    hire(c, 0, job('cook'));
    hire(c, 1, job('cook'));
    let weeks = 0;
    while (c.job[0] !== 0 && weeks < 100) {
      c.jobPerformance[0] = FIRING_LINE - 10;
      c.jobPerformance[1] = FIRING_LINE + 5;
      c.stress[0] = c.stress[1] = 20;
      weeklyWork(c, 0);
      weeklyWork(c, 1);
      weeks++;
    }
    expect(c.job[0]).toBe(0);
    expect(c.flags[0]! & Flag.hasJob).toBe(0);
    expect(c.salary[0]).toBe(0);
    expect(c.job[1]).toBe(job('cook') + 1);
  });
});

describe('retirement', () => {
  it('comes between 65 and 67 by chance, and at 67 for everyone, ending the job', () => {
    const n = 200;
    const c = lives(n, { ...LIVES, ageYears: RETIREMENT_AGE - 1 });
    const retiredAt: number[] = [];
    for (let s = 0; s < n; s++) {
      c.ageDays[s] = RETIREMENT_AGE * DAYS_PER_YEAR - DAYS_PER_WEEK;
      hire(c, s, job('retail_associate'));
    }
    for (let week = 0; week < 4 * 52; week++) {
      for (let s = 0; s < n; s++) {
        c.ageDays[s] = c.ageDays[s]! + DAYS_PER_WEEK;
        const was = c.flags[s]! & Flag.retired;
        weeklyWork(c, s);
        if (!was && (c.flags[s]! & Flag.retired) !== 0) {
          retiredAt.push(Math.floor(c.ageDays[s]! / DAYS_PER_YEAR));
          expect(c.job[s]).toBe(0);
        }
      }
    }
    expect(retiredAt.length).toBe(n);
    expect(Math.min(...retiredAt)).toBe(RETIREMENT_AGE);
    expect(Math.max(...retiredAt)).toBe(FULL_RETIREMENT_AGE);
    const early = retiredAt.filter((a) => a < FULL_RETIREMENT_AGE).length / n;
    // Three in ten a year over two years: about half retire before 67.
    console.log(`retired before ${FULL_RETIREMENT_AGE}: ${(early * 100).toFixed(0)}%`);
    expect(early).toBeGreaterThan(0.35);
    expect(early).toBeLessThan(0.65);
  });

  it('nobody retires before 65', () => {
    const c = lives(50, { ...LIVES, ageYears: 40 });
    for (let s = 0; s < 50; s++) hire(c, s, job('cook'));
    for (let week = 0; week < 520; week++) for (let s = 0; s < 50; s++) weeklyWork(c, s);
    for (let s = 0; s < 50; s++) expect(c.flags[s]! & Flag.retired).toBe(0);
  });
});

describe('focus and taste at work', () => {
  it('the career-minded settle higher than the balanced, and they than the social', () => {
    const c = lives(3, { ...LIVES, ageYears: 30 });
    for (let s = 0; s < 3; s++) {
      hire(c, s, job('cook'));
      c.interests[s] = 0;
      c.dislikes[s] = 0;
    }
    c.focus[0] = Focus.academics;
    c.focus[1] = Focus.balanced;
    c.focus[2] = Focus.social;
    for (let h = 0; h < 3000; h++) {
      for (let s = 0; s < 3; s++) {
        c.energy[s] = 80;
        c.stress[s] = 20;
        workHour(c, s);
      }
    }
    expect(c.jobPerformance[0]).toBe(90);
    expect(c.jobPerformance[1]).toBe(76);
    expect(c.jobPerformance[2]).toBe(64);
  });

  it('a job one likes lifts the target, one one dislikes lowers it', () => {
    const c = lives(1, { ...LIVES, ageYears: 30 });
    hire(c, 0, job('cook')); // tagged food
    c.interests[0] = 0;
    c.dislikes[0] = 0;
    c.energy[0] = 80;
    c.stress[0] = 20;
    const neutral = workTarget(c, 0);
    c.interests[0] = Interest.food;
    expect(workTarget(c, 0)).toBe(neutral + 8);
    c.interests[0] = 0;
    c.dislikes[0] = Interest.food;
    expect(workTarget(c, 0)).toBe(neutral - 8);
  });

  it('over two years of real weeks, the career-minded climb furthest', () => {
    const per = 24;
    const foci = [Focus.academics, Focus.balanced, Focus.social];
    const c = lives(per * foci.length, { ...LIVES, ageYears: 25 });
    for (let s = 0; s < per * foci.length; s++) {
      hire(c, s, job('software_engineer'));
      c.focus[s] = foci[Math.floor(s / per)]!;
    }
    const out: FiredEvents = [];
    for (let s = 0; s < per * foci.length; s++) {
      const end = c.ageDays[s]! + 2 * DAYS_PER_YEAR;
      while (c.ageDays[s]! < end && c.alive[s] === 1)
        advance(c, s, MINUTES_PER_DAY, rulesOnly, out);
    }
    const levels = foci.map((_, g) => {
      let sum = 0;
      for (let p = 0; p < per; p++) sum += c.jobLevel[g * per + p]!;
      return sum / per;
    });
    const fired = foci.map((_, g) => {
      let n = 0;
      for (let p = 0; p < per; p++) if (c.job[g * per + p] === 0) n++;
      return n;
    });
    console.log(
      `mean rung after 2 years: career ${levels[0]} balanced ${levels[1]} social ${levels[2]}; without a job: ${fired.join(', ')}`,
    );
    expect(levels[0]).toBeGreaterThan(levels[1]!);
    // The balanced climb when the job suits their tastes; the social seldom do.
    expect(levels[1]).toBeGreaterThanOrEqual(levels[2]!);
    expect(levels[0]).toBeGreaterThanOrEqual(1);
  });
});
