import { z } from 'zod';
import { npcView } from '../frames.ts';

const npcId = z.number().int().min(0).max(7);
const habit = z.enum(['smoking', 'drinking', 'exercise']);
const habitResult = z.object({
  habit: z.string(),
  /** The habit is part of the player's life now (flag set). */
  active: z.boolean(),
  /** Being quit, week by week (smoking, drinking). */
  quitting: z.boolean(),
});

/** Dating, partners, marriage, and habits. */
export const LOVE_COMMANDS = {
  getSwipeCharacter: {
    summary:
      'Show a dating candidate (adults 18+ without a partner): id, name, age near yours, traits, interests and the ones you share. A new candidate each call; the last one shown is the one swipeMatch answers.',
    args: z.object({}).strict(),
    result: z.object({
      candidateId: z.number().int(),
      name: z.string(),
      age: z.number().int(),
      traits: z.array(z.string()),
      interests: z.array(z.string()),
      sharedInterests: z.array(z.string()),
    }),
    errors: ['INVALID_ARGS', 'CONFLICT'],
  },
  swipeMatch: {
    summary:
      'Answer the candidate last shown. like: false passes; like: true matches with a chance (20% plus 15% per shared interest, moved by social and happiness, 5..90%): a match becomes your partner. NOT_FOUND if that candidate is not the one shown; CONFLICT with a partner already or a full relationship table.',
    args: z
      .object({ candidateId: z.number().int().min(0).max(4_294_967_295), like: z.boolean() })
      .strict(),
    result: z.object({
      matched: z.boolean(),
      /** The match chance that was drawn against, in percent (0 for a pass). */
      chance: z.number().int(),
      /** The new partner, on a match. */
      npc: npcView.optional(),
    }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT'],
  },
  romance: {
    summary:
      'A romantic moment with an NPC whose affinity is above 20 (costs 10 energy): a friend, coworker or ex becomes your partner if you have none; a partner grows fonder (+10..40 affinity).',
    args: z.object({ npcId }).strict(),
    result: z.object({ npc: npcView, becamePartner: z.boolean() }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT', 'INSUFFICIENT_FUNDS'],
  },
  dateNight: {
    summary:
      'An evening out with your partner (costs 60 money and 15 energy): affinity +10..20, familiarity +10..20, happiness +8, stress -5.',
    args: z.object({ npcId }).strict(),
    result: z.object({ npc: npcView }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT', 'INSUFFICIENT_FUNDS'],
  },
  partnerGift: {
    summary:
      'Give an NPC a gift bought with money: its full affinity to a partner, half to anyone else (gifts: chocolates 15, book 20, flowers 25, perfume 80, concert_tickets 150, jewelry 500, watch 1200).',
    args: z.object({ npcId, giftId: z.string().min(1).max(32) }).strict(),
    result: z.object({
      npc: npcView,
      giftId: z.string(),
      price: z.number(),
      affinity: z.number().int(),
    }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'INSUFFICIENT_FUNDS'],
  },
  breakUp: {
    summary:
      'Break up with your partner (not a spouse: see divorce). They become an ex (affinity -40); engagement and trying for a child end.',
    args: z.object({ npcId }).strict(),
    result: z.object({ npc: npcView }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT'],
  },
  divorce: {
    summary:
      'Divorce your spouse. Costs a legal fee of 1000 plus half your money above 2000 (never more than half of it); they become an ex (affinity -60) and you are divorced.',
    args: z.object({ npcId }).strict(),
    result: z.object({ npc: npcView, fee: z.number(), settlement: z.number() }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT', 'INSUFFICIENT_FUNDS'],
  },
  quitHabit: {
    summary:
      'Smoking or drinking: start quitting (each week it may stick, or you relapse and keep the habit). Exercise: stop exercising now. CONFLICT when there is nothing to quit.',
    args: z.object({ habit }).strict(),
    result: habitResult,
    errors: ['INVALID_ARGS', 'CONFLICT'],
  },
  stopQuitHabit: {
    summary:
      'Smoking or drinking being quit: give up quitting (the habit stays). Exercise: start exercising again. CONFLICT otherwise.',
    args: z.object({ habit }).strict(),
    result: habitResult,
    errors: ['INVALID_ARGS', 'CONFLICT'],
  },
} as const;
