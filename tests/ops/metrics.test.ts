import { describe, expect, it } from 'vitest';
import { ServerMetrics } from '../../src/ops/metrics.ts';

/** One sample's value from the exposition text (`name{labels} value`). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`no sample ${series} in:\n${text}`);
  return Number(line.slice(series.length + 1));
}

const report = (simulateMs: number, applyMs: number, publishMs: number) => ({
  tick: 1,
  quanta: 1,
  minutes: 0,
  events: 0,
  simulateMs,
  applyMs,
  publishMs,
});

describe('ServerMetrics: what the alert rules compare', () => {
  it('observes the whole tick as the sum of its phases, with the 20 Hz period as a bucket bound', async () => {
    const m = new ServerMetrics();
    // 20 + 15 + 10 = 45 ms (inside 50 ms), then 30 + 15 + 10 = 55 ms (over it).
    m.tick(report(20, 15, 10));
    m.tick(report(30, 15, 10));
    const text = await m.registry.metrics();
    const whole = 'lifetick_tick_whole_duration_seconds';
    expect(sample(text, `${whole}_count`)).toBe(2);
    expect(sample(text, `${whole}_sum`)).toBeCloseTo(0.1, 9);
    expect(sample(text, `${whole}_bucket{le="0.04"}`)).toBe(0);
    expect(sample(text, `${whole}_bucket{le="0.05"}`)).toBe(1);
    expect(sample(text, `${whole}_bucket{le="0.075"}`)).toBe(2);
    // The per-phase histogram is unchanged: one observation per phase.
    expect(sample(text, 'lifetick_tick_duration_seconds_count{phase="simulate"}')).toBe(2);
  });

  it('exports the tick period as it is when scraped, the flush period and the daily budget', async () => {
    const m = new ServerMetrics();
    let hz = 20;
    m.watchBounds({
      tickPeriodSeconds: () => 1 / hz,
      flushPeriodSeconds: 2.5,
      llmDailyBudgetDollars: 7,
    });
    let text = await m.registry.metrics();
    expect(sample(text, 'lifetick_tick_period_seconds')).toBe(0.05);
    expect(sample(text, 'lifetick_persist_flush_period_seconds')).toBe(2.5);
    expect(sample(text, 'lifetick_llm_daily_budget_dollars')).toBe(7);
    // A resize to 30 Hz shows at the next scrape, as a bound of the whole tick's buckets.
    hz = 30;
    text = await m.registry.metrics();
    const period = sample(text, 'lifetick_tick_period_seconds');
    expect(period).toBe(1 / 30);
    expect(text).toContain(`lifetick_tick_whole_duration_seconds_bucket{le="${1 / 30}"} 0`);
  });

  it("exports today's model spend beside the spend per player", async () => {
    const m = new ServerMetrics();
    let today = { total: 1.5, players: 3, perPlayer: 0.5 };
    m.watchLlmCost(() => today);
    let text = await m.registry.metrics();
    expect(sample(text, 'lifetick_llm_cost_today_dollars')).toBe(1.5);
    expect(sample(text, 'lifetick_llm_cost_per_player_today_dollars')).toBe(0.5);
    today = { total: 4.2, players: 6, perPlayer: 0.7 };
    text = await m.registry.metrics();
    expect(sample(text, 'lifetick_llm_cost_today_dollars')).toBe(4.2);
  });
});
