import { z } from 'zod';
import type { ClientFrameType, ServerFrameType } from './frame-types.ts';

/**
 * Every frame of the wire contract as a zod schema. Client frames are
 * checked by the server; server frames document what clients receive (the
 * contract generator renders them) and type the SDK.
 */

// -- client -> server -----------------------------------------------------------------

/** A command id: chosen by the client, echoed back; any unsigned integer up to 2^53. */
export const commandId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const helloFrame = z.object({
  t: z.literal('hello'),
  v: z.number().int(),
  // Fits in the HELLO_MAX_BYTES frame (version.ts) with the rest of hello.
  token: z.string().min(1).max(1536),
});
export type HelloFrame = z.infer<typeof helloFrame>;

export const commandFrame = z.object({
  t: z.literal('cmd'),
  id: commandId,
  name: z.string().min(1).max(64),
  args: z.unknown().optional(),
});
export type CommandFrame = z.infer<typeof commandFrame>;

// -- server -> client -----------------------------------------------------------------

export const eventCost = z.object({
  energy: z.number().int().optional(),
  money: z.number().int().optional(),
  diamonds: z.number().int().optional(),
});

export const eventOption = z.object({
  id: z.string(),
  label: z.string(),
  cost: eventCost.optional(),
});
export type EventOption = z.infer<typeof eventOption>;

export const gameEvent = z.object({
  id: z.string(),
  kind: z.enum(['message', 'question', 'dilemma']),
  title: z.string(),
  text: z.string(),
  options: z.array(eventOption).optional(),
});
export type GameEvent = z.infer<typeof gameEvent>;

export const npcView = z.object({
  /** The NPC's id for `talk`: its place (0-7) in the player's relationship table. */
  id: z.number().int(),
  role: z.string(),
  affinity: z.number().int(),
  familiarity: z.number().int(),
  age: z.number().int(),
});
export type NpcView = z.infer<typeof npcView>;

/**
 * The full snapshot: every hot field by name (the names in `welcome.fields`),
 * plus the cold state below.
 */
export const stateSnapshot = z
  .object({
    playerId: z.string(),
    npcs: z.array(npcView),
    /** The question or dilemma step waiting for an answer, if any. */
    pending: gameEvent.nullable(),
    /** The last few messages with each NPC the player has talked to. */
    conversations: z.array(
      z.object({
        npcId: z.number().int(),
        messages: z.array(
          z.object({ from: z.enum(['player', 'npc']), text: z.string(), at: z.number() }),
        ),
        /** NPC messages newer than the player's markConversationAsRead. */
        unread: z.number().int(),
      }),
    ),
    /** The character's name and look (characterSetup), null until set. */
    profile: z
      .object({
        firstName: z.string(),
        lastName: z.string(),
        sex: z.string(),
        pronoun: z.string(),
        appearance: z.record(z.string(), z.string()),
      })
      .nullable(),
    /** Ids of message events whose reward waits for claimEvent. */
    claimable: z.array(z.string()),
    /** A pending account deletion (deleteAccount), null when none. */
    deletion: z.object({ requestedAt: z.number(), purgeAfter: z.number() }).nullable(),
  })
  .catchall(z.number());
export type StateSnapshot = z.infer<typeof stateSnapshot>;

export const welcomeFrame = z.object({
  t: z.literal('welcome'),
  v: z.number().int(),
  playerId: z.string(),
  tickHz: z.number(),
  /** Hot field names; a field's id in `update.d` is its index here. */
  fields: z.array(z.string()),
  state: stateSnapshot,
  /** Server time, milliseconds since the Unix epoch. */
  serverTime: z.number(),
  /** Game minutes per real second for each speed level (index = level). */
  speeds: z.array(z.number()),
  /** What happened while the player was away: the game minutes caught up and the events that fired. */
  away: z
    .object({
      minutes: z.number().int(),
      events: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(['message', 'question', 'dilemma']),
          title: z.string(),
        }),
      ),
    })
    .optional(),
});
export type WelcomeFrame = z.infer<typeof welcomeFrame>;

export const ackFrame = z.object({
  t: z.literal('ack'),
  id: commandId,
  result: z.unknown().optional(),
});

export const errorFrame = z.object({
  t: z.literal('error'),
  id: commandId.optional(),
  code: z.string(),
  message: z.string(),
  /** With some RATE_LIMITED refusals: ms until the command may succeed. */
  retryAfterMs: z.number().int().min(0).optional(),
});
export type ErrorFrame = z.infer<typeof errorFrame>;

export type AckFrame = z.infer<typeof ackFrame>;

export const updateFrame = z.object({
  t: z.literal('update'),
  tick: z.number().int(),
  /** Changed fields: MessagePack integer keys (field ids) to values. */
  d: z.map(z.number().int(), z.number()),
});

export type UpdateFrame = z.infer<typeof updateFrame>;

export const eventFrame = z.object({ t: z.literal('event'), event: gameEvent });
export type EventFrame = z.infer<typeof eventFrame>;

export const chatMessage = z.object({
  from: z.enum(['player', 'npc']),
  text: z.string(),
  /** Milliseconds since the Unix epoch. */
  at: z.number(),
  /** Present when the offline template answered in the model's place, saying why (budget, rate limit, model down...). */
  fallback: z.string().optional(),
});
export type ChatMessage = z.infer<typeof chatMessage>;

export const personView = z.object({
  npc: npcView,
  name: z.string(),
  traits: z.array(z.string()),
  /** What the NPC remembers of older conversations. */
  memory: z.string(),
  messages: z.array(chatMessage),
});
export type PersonView = z.infer<typeof personView>;

export const chatFrame = z.object({
  t: z.literal('chat'),
  npcId: z.number().int(),
  message: chatMessage,
});
export type ChatFrame = z.infer<typeof chatFrame>;

/** An achievement as clients see it: in the achievement frame and in getAchievements. */
export const achievementView = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  /** Granted by acknowledgeAchievement. */
  reward: z.object({ diamonds: z.number().int() }),
});
export type AchievementView = z.infer<typeof achievementView>;

export const achievementFrame = z.object({
  t: z.literal('achievement'),
  achievement: achievementView,
});
export type AchievementFrame = z.infer<typeof achievementFrame>;

/**
 * Fleet mode: this process does not serve the player. With `url`, connect
 * there and say hello again with the same token; without it (the shard is
 * changing owner), wait `retryAfterMs` and try again at the URL first used.
 * Always followed by close 4004 (CloseCode.MOVED), before welcome or mid-session.
 */
export const redirectFrame = z.object({
  t: z.literal('redirect'),
  /** Where the player is served: a ws:// or wss:// URL. */
  url: z.string().optional(),
  /** Present when `url` is not: ms to wait before saying hello again. */
  retryAfterMs: z.number().int().min(0).optional(),
});
export type RedirectFrame = z.infer<typeof redirectFrame>;

// -- the unions -----------------------------------------------------------------------

/** Every frame a client sends, told apart by `t`. */
export const clientFrame = z.discriminatedUnion('t', [helloFrame, commandFrame]);
export type ClientFrame = z.infer<typeof clientFrame>;

/**
 * Every frame the server sends, told apart by `t`: the server's `send`
 * takes only these, and the SDK narrows what it receives by `t`.
 */
export const serverFrame = z.discriminatedUnion('t', [
  welcomeFrame,
  ackFrame,
  errorFrame,
  updateFrame,
  eventFrame,
  chatFrame,
  achievementFrame,
  redirectFrame,
]);
export type ServerFrame = z.infer<typeof serverFrame>;

/**
 * A server frame as a MessagePack decoder that makes every map an object
 * reads it (the SDK's, and most clients' by default): the integer keys of a
 * frame's map field (`update.d`, the only one) arrive as strings of digits.
 */
export type DecodedServerFrame = ServerFrame extends infer F
  ? F extends unknown
    ? {
        readonly [K in keyof F]: F[K] extends ReadonlyMap<unknown, infer V>
          ? Readonly<Record<string, V>>
          : F[K];
      }
    : never
  : never;

/** Compiles only when both sides name the same tags: frame-types.ts lists them for the SDK. */
type SameTags<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const serverTagsMatch: SameTags<ServerFrame['t'], ServerFrameType> = true;
const clientTagsMatch: SameTags<ClientFrame['t'], ClientFrameType> = true;
void serverTagsMatch;
void clientTagsMatch;
