/**
 * Live many lives headless, as fast as the cores allow, and report what
 * became of them (education, work, family, age at death) with the
 * plausibility checks. Exits 1 when a check fails.
 *
 *   npm run lives -- --players 10000              whole lives, birth to death
 *   npm run lives -- --players 10000 --years 25    a cohort from birth to 25
 *   npm run lives -- --spread --years 5            lives spread over every age, 5 years each
 */
import os from 'node:os';
import { z } from 'zod';
import { liveLives } from '../engine/lives.ts';
import { judgeOutcomes } from '../engine/plausibility.ts';
import { spreadAge } from '../engine/population.ts';
import { parseOptions } from './parse-options.ts';

const optionsSchema = z.object({
  players: z.coerce.number().int().positive().default(10_000),
  workers: z.coerce.number().int().positive().default(os.availableParallelism()),
  years: z.coerce.number().positive().default(Number.POSITIVE_INFINITY),
  spread: z.boolean().default(false),
  seed: z.coerce.number().int().default(1),
  json: z.boolean().default(false),
});

async function main(): Promise<void> {
  const options = parseOptions('lives', optionsSchema);
  const tty = process.stderr.isTTY && !process.env.CI;
  const outcomes = await liveLives({
    players: options.players,
    workers: options.workers,
    seed: options.seed,
    startAge: options.spread ? spreadAge : () => 0,
    years: options.years,
    ...(tty ? { progress: (line: string) => process.stderr.write(`${line}\n`) } : {}),
  });
  const checks = judgeOutcomes(outcomes);
  if (options.json) {
    console.log(JSON.stringify({ outcomes, checks }, null, 2));
  } else {
    const o = outcomes;
    const share = (k: number) => `${k} (${((100 * k) / o.players).toFixed(1)}%)`;
    console.log(
      [
        `lives ${o.players}  workers ${options.workers}  ${o.seconds.toFixed(1)} s  ${Math.round(o.gameYearsLived)} game years lived  ${o.ticks} ticks`,
        `alive ${o.alive}  dead ${o.dead}  median age at death ${o.medianDeathAge.toFixed(1)}  deaths at 60+ ${(100 * o.deathsOver60Share).toFixed(1)}%`,
        `deaths by decade  ${o.deathsByDecade.map((d, i) => `${i * 10}s:${d}`).join('  ')}`,
        `education finished  ${Object.entries(o.education)
          .map(([k, v]) => `${k}:${v}`)
          .join('  ')}`,
        `grown up here ${o.adultsFromBirth}: high school ${(100 * o.highSchoolShareOfAdultsFromBirth).toFixed(1)}%  college ${(100 * o.collegeShareOfAdultsFromBirth).toFixed(1)}%`,
        `ever employed (adults) ${(100 * o.everEmployedShare).toFixed(1)}%  promoted ${share(o.promoted)}  retired ${share(o.retired)}`,
        `married ${share(o.married)}  with children ${share(o.withChildren)}`,
        `last jobs  ${Object.entries(o.lastJobs)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k}:${v}`)
          .join('  ')}`,
        `events ${o.events}  achievements ${o.achievements}`,
        '',
        ...checks.map((c) => `${c.passed ? 'ok  ' : 'FAIL'}  ${c.check}: ${c.detail}`),
      ].join('\n'),
    );
  }
  if (checks.some((c) => !c.passed)) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
