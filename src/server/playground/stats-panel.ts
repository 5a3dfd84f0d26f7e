/// <reference lib="dom" />
/**
 * The clock, the speed buttons (`setSpeed`) and every client field: meters
 * for the 0-100 stats, money, and the full list from `welcome.fields`.
 */
import type { LifetickClient } from '../../../protocol/client.ts';
import { byId, h } from './dom.ts';
import { ageText, errorText, moneyText, speedLabel, timeOfDay, weekdayName } from './format.ts';
import { log } from './log.ts';

/** Client fields shown as 0-100 meters, with the end that is good; all are listed too. */
const METERS: Readonly<Record<string, 'high' | 'low'>> = {
  energy: 'high',
  happiness: 'high',
  health: 'high',
  stress: 'low',
  hunger: 'low',
  social: 'high',
};
/** The extrapolated clock is redrawn this often (the server sends it once a game hour). */
const CLOCK_REDRAW_MS = 100;

const ui = {
  time: byId('clock-time'),
  weekday: byId('clock-weekday'),
  day: byId('clock-day'),
  year: byId('clock-year'),
  age: byId('clock-age'),
  speeds: byId('speeds'),
  meters: byId('meters'),
  fields: byId('fields'),
};

/** The elements showing each client field's value, by name. */
const cells = new Map<string, HTMLElement[]>();
let clockTimer: ReturnType<typeof setInterval> | undefined;

/** Build the panel for a (re)welcomed client and keep its clock running. */
export function showStats(c: LifetickClient): void {
  buildFields(c.fields);
  for (const [name, value] of Object.entries(c.state)) setField(name, value);
  buildSpeeds(c, c.state.speed ?? 0);
  stopClock();
  clockTimer = setInterval(() => renderClock(c), CLOCK_REDRAW_MS);
  renderClock(c);
}

export function stopClock(): void {
  if (clockTimer) clearInterval(clockTimer);
  clockTimer = undefined;
}

/** The fields an update frame changed. */
export function applyUpdate(changed: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(changed)) setField(name, value);
  if (changed.speed !== undefined) renderSpeed(changed.speed);
}

function renderClock(c: LifetickClient): void {
  ui.time.textContent = timeOfDay(c.minuteOfDayNow());
  ui.weekday.textContent = weekdayName(c.state.weekday ?? -1);
  ui.day.textContent = String((c.state.dayOfYear ?? 0) + 1);
  ui.year.textContent = String(c.state.year ?? '-');
  ui.age.textContent = ageText(c.state.ageDays ?? 0);
}

function buildSpeeds(c: LifetickClient, current: number): void {
  const buttons = c.speeds.map((minutesPerSecond, level) => {
    const button = h(
      'button',
      {
        type: 'button',
        'data-level': level,
        'data-testid': `speed-${level}`,
        'aria-pressed': 'false',
        title: level === 0 ? 'Pause the clock' : `${minutesPerSecond} game minutes per real second`,
      },
      speedLabel(level, minutesPerSecond),
    );
    button.addEventListener('click', () => void setSpeed(c, level));
    return button;
  });
  ui.speeds.replaceChildren(...buttons);
  renderSpeed(current);
}

function renderSpeed(level: number): void {
  for (const button of Array.from(ui.speeds.children) as HTMLElement[]) {
    button.setAttribute('aria-pressed', String(Number(button.dataset.level) === level));
  }
}

async function setSpeed(c: LifetickClient, level: number): Promise<void> {
  try {
    const { speed } = await c.command('setSpeed', { level });
    renderSpeed(speed);
    log('ack', `setSpeed ${speed}`);
  } catch (error) {
    log('error', `setSpeed: ${errorText(error)}`);
  }
}

function buildFields(fields: readonly string[]): void {
  cells.clear();
  const show = (name: string, element: HTMLElement) => {
    cells.set(name, [...(cells.get(name) ?? []), element]);
  };
  const meters: HTMLElement[] = [];
  for (const [name, good] of Object.entries(METERS)) {
    if (!fields.includes(name)) continue;
    const meter = h('meter', {
      id: `meter-${name}`,
      min: 0,
      max: 100,
      low: 25,
      high: 75,
      optimum: good === 'high' ? 100 : 0,
    });
    const value = h('span', { 'data-testid': `stat-${name}` });
    meters.push(h('label', { for: `meter-${name}` }, name), meter, value);
    show(name, meter);
    show(name, value);
  }
  if (fields.includes('money')) {
    const value = h('strong', { 'data-testid': 'stat-money', 'data-money': true });
    meters.push(h('span', {}, 'money'), value, h('span'));
    show('money', value);
  }
  ui.meters.replaceChildren(...meters);
  ui.fields.replaceChildren(
    ...fields.map((name) => {
      const value = h('dd', { 'data-testid': `field-${name}` });
      show(name, value);
      return h('div', {}, h('dt', {}, name), value);
    }),
  );
}

function setField(name: string, value: number): void {
  for (const element of cells.get(name) ?? []) {
    if (element instanceof HTMLMeterElement) element.value = value;
    else if (element.dataset.money !== undefined) element.textContent = moneyText(value);
    else element.textContent = String(value);
  }
}
