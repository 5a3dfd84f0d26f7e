import type { InterestName } from '../world/life.ts';

/** A college major: its id (what commands and content name), a display name, and the interests it speaks to. */
export interface Major {
  readonly id: string;
  readonly name: string;
  readonly tags: readonly InterestName[];
}

/**
 * College majors. A major's position is stored in the `major` column (index
 * + 1), so append new majors at the end.
 */
export const MAJORS: readonly Major[] = [
  { id: 'computer_science', name: 'Computer Science', tags: ['tech', 'games'] },
  { id: 'business', name: 'Business', tags: ['money', 'social'] },
  { id: 'medicine', name: 'Medicine', tags: ['books', 'social'] },
  { id: 'law', name: 'Law', tags: ['books', 'money'] },
  { id: 'engineering', name: 'Engineering', tags: ['tech', 'books'] },
  { id: 'fine_arts', name: 'Fine Arts', tags: ['art', 'music'] },
  { id: 'education', name: 'Education', tags: ['books', 'social'] },
  { id: 'biology', name: 'Biology', tags: ['nature', 'books'] },
  { id: 'sports_science', name: 'Sports Science', tags: ['sports'] },
  { id: 'culinary_arts', name: 'Culinary Arts', tags: ['food', 'art'] },
];

/** Catalog index of each major, by id (the `major` column holds index + 1). */
export const MAJOR_INDEX: ReadonlyMap<string, number> = new Map(MAJORS.map((m, i) => [m.id, i]));
