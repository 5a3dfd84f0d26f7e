import { STARTER_EVENTS } from '../events.ts';
import { ADOLESCENCE_EVENTS } from './adolescence.ts';
import { ADULTHOOD_EVENTS } from './adulthood.ts';
import { CHILDHOOD_EVENTS } from './childhood.ts';
import { COLLEGE_EVENTS } from './college.ts';
import { DILEMMA_EVENTS } from './dilemmas.ts';
import { HEALTH_EVENTS } from './health.ts';
import { HOLIDAY_EVENTS } from './holidays.ts';
import { NEGATIVE_EVENTS } from './negative.ts';
import { OLD_AGE_EVENTS } from './old-age.ts';
import { RANDOM_EVENTS } from './random.ts';
import { SCHOOL_EVENTS } from './school.ts';
import { TUTORIAL_EVENTS } from './tutorial.ts';

/**
 * The whole event catalog, group by group. An event's position is its bit
 * in the per-player history, so groups keep their order and each group
 * appends new events at its end... until a release; after one, new events
 * go in a new group at the end of this list.
 */
export const ALL_EVENTS = [
  ...STARTER_EVENTS,
  ...TUTORIAL_EVENTS,
  ...COLLEGE_EVENTS,
  ...CHILDHOOD_EVENTS,
  ...ADOLESCENCE_EVENTS,
  ...SCHOOL_EVENTS,
  ...ADULTHOOD_EVENTS,
  ...OLD_AGE_EVENTS,
  ...HOLIDAY_EVENTS,
  ...HEALTH_EVENTS,
  ...RANDOM_EVENTS,
  ...NEGATIVE_EVENTS,
  ...DILEMMA_EVENTS,
];
