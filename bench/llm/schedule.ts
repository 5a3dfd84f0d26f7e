/**
 * The `llm` bench's chat day: who talks, how often, and what they say.
 *
 * The window (--seconds) stands for one day of every player's chat; the
 * hours between sittings are what is compressed away, not the pace of a
 * sitting: within the window each player types at a real person's pace, in
 * real time, so the per-player token bucket (1 call per 3 s, burst 2, not
 * configurable) sees what it would see in production. What the compression
 * does change is how many players chat at the same moment, so the bench
 * scales the process-wide caps (LIFETICK_LLM_RPM, LIFETICK_LLM_CONCURRENCY)
 * by the same factor unless told to keep the server's own (--caps server:
 * "everyone chats at once", a peak, not a day).
 *
 * Two groups, by player number:
 *
 * - steady (9 in 10): a line every 3.5..4.5 s (15 a minute, 15 lines a day
 *   at --seconds 60), 70% to one favourite NPC and the rest to the others,
 *   at speed 3 (100 game minutes a second), where sleep regenerates energy
 *   faster than 5 a line spends it: the day's lines are set by the schedule,
 *   not cut short by energy;
 * - bursty (1 in 10): bursts of 4 lines 250 ms apart every 4.5..5.5 s
 *   (about 48 a minute) to their favourite NPC, faster than the bucket
 *   allows: about 2 lines in 4 should get player_rate template replies. At
 *   speed 5 (5000 game minutes a second) so energy keeps up, and their
 *   conversations pass the 50-turn history cap within the minute.
 *
 * Lines come from a small pool of common ones, Zipf-weighted ("hi" most),
 * typed with varying case and a trailing full stop now and then (the voice
 * normalises both), so the response cache gets every chance it can.
 */
export const SCHEDULE = {
  steady: {
    speed: 3,
    /** The first line, after the chat phase starts. */
    firstMs: [0, 4000],
    burst: 1,
    withinBurstMs: 0,
    /** From one line (or burst) to the next. */
    betweenMs: [3500, 4500],
    favouriteShare: 0.7,
  },
  bursty: {
    speed: 5,
    firstMs: [0, 5000],
    burst: 4,
    withinBurstMs: 250,
    betweenMs: [4500, 5500],
    favouriteShare: 1,
  },
} as const satisfies Record<
  string,
  {
    speed: number;
    firstMs: readonly [number, number];
    burst: number;
    withinBurstMs: number;
    betweenMs: readonly [number, number];
    favouriteShare: number;
  }
>;

export type BotGroup = keyof typeof SCHEDULE;

export function botGroup(player: number): BotGroup {
  return player % 10 === 9 ? 'bursty' : 'steady';
}

/** Common chat lines, most common first. */
export const LINES = [
  'hi',
  'how are you?',
  'what are you up to?',
  'how was your day?',
  'good morning',
  'i miss you',
  'want to hang out later?',
  'thanks for everything',
  'good night',
  "what's new?",
  'i love you',
  "i'm so tired today",
  'any plans for the weekend?',
  'sorry about yesterday',
  'can you help me with something?',
  'let us get dinner',
  'did you see the news?',
  "i'm bored",
  'tell me something funny',
  'how is work?',
  'i got good news today!',
  'i need some advice',
  'see you soon',
  'happy birthday!',
] as const;
