/**
 * Text for the playground's displays. Pure functions, no DOM: the browser
 * bundle uses them and tests can call them in Node.
 *
 * The calendar is the game's (src/world/life.ts): 365-day years starting on
 * a Monday. It is repeated here so the browser bundle imports nothing from
 * the server's rooms, only the client SDK.
 */
const DAYS_PER_YEAR = 365;
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** `07:05` for minute 425 of the day. */
export function timeOfDay(minuteOfDay: number): string {
  const m = Math.max(0, Math.floor(minuteOfDay)) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function weekdayName(weekday: number): string {
  return WEEKDAYS[weekday] ?? '';
}

/** `3 years, 45 days` (dayOfYear-style years of 365 days). */
export function ageText(ageDays: number): string {
  const years = Math.floor(ageDays / DAYS_PER_YEAR);
  const days = ageDays % DAYS_PER_YEAR;
  return `${years} ${years === 1 ? 'year' : 'years'}, ${days} ${days === 1 ? 'day' : 'days'}`;
}

export function moneyText(money: number): string {
  return `$${Math.round(money).toLocaleString('en-US')}`;
}

/** A speed button's label: `Pause`, or the level and its game minutes per second. */
export function speedLabel(level: number, minutesPerSecond: number | undefined): string {
  if (level === 0) return 'Pause';
  return minutesPerSecond === undefined ? String(level) : `${level} (${minutesPerSecond} min/s)`;
}

/** An error as one line: `CODE: message` for SDK errors, the message otherwise. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** `hh:mm:ss` of the local wall clock, for log lines. */
export function wallTime(at: number = Date.now()): string {
  return new Date(at).toTimeString().slice(0, 8);
}
