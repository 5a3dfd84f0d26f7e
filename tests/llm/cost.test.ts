import { describe, expect, it } from 'vitest';
import {
  CostMeter,
  estimatePromptTokens,
  estimateTokens,
  type Reservation,
  utcDayOf,
} from '../../src/llm/cost.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 3, 12);

function held(r: Reservation | 'global' | 'player'): Reservation {
  if (typeof r === 'string') throw new Error(`refused: ${r}`);
  return r;
}

describe('CostMeter', () => {
  it('refuses a reservation that would pass either budget, counting what is held', () => {
    const meter = new CostMeter(10, 4);
    const a = held(meter.reserve('ann', 3, T0));
    expect(meter.reserve('ann', 2, T0)).toBe('player');
    held(meter.reserve('ben', 4, T0));
    held(meter.reserve('cat', 3, T0));
    expect(meter.reserve('dan', 1, T0)).toBe('global');
    meter.release(a, T0);
    held(meter.reserve('dan', 1, T0));
    expect(meter.today).toMatchObject({ total: 0, held: 8 });
  });

  it('settles to the real cost and reports it for saving', () => {
    const saved: [number, string, number][] = [];
    const meter = new CostMeter(10, 4, (day, playerId, dollars) =>
      saved.push([day, playerId, dollars]),
    );
    const r = held(meter.reserve('ann', 3, T0));
    meter.settle(r, 0.5, T0);
    expect(meter.today).toMatchObject({ total: 0.5, held: 0, players: 1 });
    expect(saved).toEqual([[utcDayOf(T0), 'ann', 0.5]]);
    // 0.5 spent + 3.5 held fits the player's 4; a cent more does not.
    held(meter.reserve('ann', 3.5, T0));
    expect(meter.reserve('ann', 0.01, T0)).toBe('player');
  });

  it('restores the day saved before a restart, and only that day', () => {
    const meter = new CostMeter(10, 4);
    meter.restore({ day: utcDayOf(T0) - 1, total: 9, byPlayer: [['ann', 4]] }, T0);
    expect(meter.today.total).toBe(0);
    meter.restore(
      {
        day: utcDayOf(T0),
        total: 9,
        byPlayer: [
          ['ann', 4],
          ['ben', 1],
        ],
      },
      T0,
    );
    expect(meter.reserve('ann', 0.01, T0)).toBe('player');
    expect(meter.reserve('cat', 1.5, T0)).toBe('global');
    held(meter.reserve('cat', 1, T0));
  });

  it("starts afresh when the UTC day turns; yesterday's reservations hold nothing today", () => {
    const meter = new CostMeter(10, 4);
    const late = held(meter.reserve('ann', 4, T0));
    meter.settle(held(meter.reserve('ben', 4, T0)), 4, T0);
    const tomorrow = T0 + DAY;
    expect(meter.today.total).toBe(4);
    held(meter.reserve('ben', 4, tomorrow));
    // Settled after midnight: charged to the new day, and it frees nothing of it.
    meter.settle(late, 1, tomorrow);
    expect(meter.today).toMatchObject({ total: 1, held: 4 });
  });
});

describe('token estimates', () => {
  it("counts about four characters a token, plus each message's framing", () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimatePromptTokens([{ content: 'abcd' }, { content: 'abcdefgh' }])).toBe(3 + 5 + 6);
  });
});
