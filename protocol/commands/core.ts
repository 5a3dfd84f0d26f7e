import { z } from 'zod';
import { boundedRecord } from '../bounded-record.ts';
import { personView, stateSnapshot } from '../frames.ts';

/**
 * Traits of a character's look (hair, eyes, skin, build...). A character
 * creator shows about a dozen; 16 covers them and bounds the profile saved in
 * every player's row.
 */
const MAX_APPEARANCE_ENTRIES = 16;

/**
 * The core commands: the clock, events, NPC conversations, the snapshot,
 * and the player's own profile and devices. (PROTOCOL.md fixes the
 * first four.)
 */
export const CORE_COMMANDS = {
  setSpeed: {
    summary:
      'Set the game speed: 0 pauses; 1..5 run 5, 10, 100, 250, 5000 game minutes per second.',
    args: z.object({ level: z.number().int().min(0).max(5) }).strict(),
    result: z.object({ speed: z.number().int() }),
    errors: ['INVALID_ARGS'],
  },
  answer: {
    summary:
      'Answer the pending question or dilemma step. The clock resumes, or the next dilemma step becomes pending (and arrives as an event frame).',
    args: z
      .object({ eventId: z.string().min(1).max(64), optionId: z.string().min(1).max(64) })
      .strict(),
    result: z.object({ next: z.string().optional() }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'CONFLICT', 'INSUFFICIENT_FUNDS'],
  },
  talk: {
    summary:
      'Send a chat line to one of your NPCs (costs 5 energy). Acked at once; the reply arrives later as a chat frame.',
    args: z
      .object({ npcId: z.number().int().min(0).max(7), text: z.string().min(1).max(500) })
      .strict(),
    result: z.object({ queued: z.literal(true) }),
    errors: ['INVALID_ARGS', 'NOT_FOUND', 'INSUFFICIENT_FUNDS'],
  },
  retrievePerson: {
    summary:
      'One NPC in full: who they are, the relationship, what they remember and the last 50 messages.',
    args: z.object({ npcId: z.number().int().min(0).max(7) }).strict(),
    result: personView,
    errors: ['INVALID_ARGS', 'NOT_FOUND'],
  },
  getState: {
    summary: 'The full snapshot, as in welcome.state.',
    args: z.object({}).strict(),
    result: stateSnapshot,
    errors: [],
  },
  markConversationAsRead: {
    summary:
      'Mark the conversation with one NPC as read up to now (unread counts appear in getState).',
    args: z.object({ npcId: z.number().int().min(0).max(7) }).strict(),
    result: z.object({ npcId: z.number().int(), readAt: z.number() }),
    errors: ['INVALID_ARGS', 'NOT_FOUND'],
  },
  characterSetup: {
    summary:
      "Name and describe the player's character. Allowed until the character turns 1 year old (CONFLICT after).",
    args: z
      .object({
        firstName: z.string().trim().min(1).max(32),
        lastName: z.string().trim().min(1).max(32),
        sex: z.enum(['female', 'male', 'nonbinary']),
        pronoun: z.enum(['she', 'he', 'they']).optional(),
        appearance: boundedRecord(
          z.string().max(32),
          z.string().max(32),
          MAX_APPEARANCE_ENTRIES,
        ).optional(),
      })
      .strict(),
    result: z.object({
      firstName: z.string(),
      lastName: z.string(),
      sex: z.string(),
      pronoun: z.string(),
    }),
    errors: ['INVALID_ARGS', 'CONFLICT'],
  },
  claimEvent: {
    summary:
      "Collect the reward of a message event that carries one (it is listed in getState's claimable).",
    args: z.object({ eventId: z.string().min(1).max(64) }).strict(),
    result: z.object({
      eventId: z.string(),
      reward: z.object({
        money: z.number().optional(),
        diamonds: z.number().optional(),
        energy: z.number().optional(),
      }),
    }),
    errors: ['INVALID_ARGS', 'NOT_FOUND'],
  },
  deviceToken: {
    summary:
      'Register a push-notification token for this device (up to 5 devices; a known token is refreshed).',
    args: z
      .object({
        platform: z.enum(['ios', 'android', 'web']),
        token: z.string().min(8).max(4096),
      })
      .strict(),
    result: z.object({ devices: z.number().int() }),
    errors: ['INVALID_ARGS'],
  },
  getPlayerStatistics: {
    summary:
      'Lifetime statistics: age, education, career, relationships, money, events and activity counters.',
    args: z.object({}).strict(),
    result: z.record(z.string(), z.unknown()),
    errors: [],
  },
  explainEvents: {
    summary:
      'Development only (LIFETICK_ENV=development; UNKNOWN_COMMAND in production): the event candidates of this hour for the player, each with the conditions it passed or failed and its score.',
    args: z.object({}).strict(),
    result: z.object({
      age: z.number().int(),
      hour: z.number().int(),
      likes: z.array(z.string()),
      dislikes: z.array(z.string()),
      candidates: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(['message', 'question', 'dilemma']),
          scheduled: z.boolean(),
          eligible: z.boolean(),
          checks: z.array(z.object({ condition: z.string(), passed: z.boolean() })),
          chance: z.number(),
          weight: z.number(),
          score: z.number(),
        }),
      ),
    }),
    errors: [],
  },
} as const;
