import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Exposition } from '../helpers/exposition.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';
import {
  ALERTS_FILE,
  dashboardExprs,
  type MonitoringExpr,
  readDashboard,
  ruleExprs,
} from '../helpers/monitoring-files.ts';
import { promqlUses } from '../helpers/promql-uses.ts';
import { RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const run = promisify(execFile);

// Grafana's variable syntax, which the dashboard keeps as it is.
// biome-ignore lint/suspicious/noTemplateCurlyInString: not a template literal
const DATASOURCE_UID = '${DS_PROMETHEUS}';

// Labels Prometheus adds to every scraped series: a rule may match or group on them.
const TARGET_LABELS = new Set(['instance', 'job']);

/** What of `exprs` a server exporting `exposition` would not answer: one line per problem. */
function problems(exprs: readonly MonitoringExpr[], exposition: Exposition): string[] {
  const out: string[] = [];
  for (const { where, expr, labels } of exprs) {
    let uses: ReturnType<typeof promqlUses>;
    try {
      uses = promqlUses(expr);
    } catch (error) {
      out.push(`${where}: ${(error as Error).message}`);
      continue;
    }
    if (uses.metrics.length === 0) out.push(`${where}: reads no metric`);
    const known = new Set(TARGET_LABELS);
    for (const use of uses.metrics) {
      const family = exposition.familyOf(use.metric);
      if (!family) {
        out.push(`${where}: ${use.metric} is not exported by /metrics`);
        continue;
      }
      if (family.samples === 0) {
        out.push(`${where}: ${use.metric} has no series yet (exercise the server so it does)`);
        continue;
      }
      for (const label of family.labels) known.add(label);
      for (const label of use.labels)
        if (!TARGET_LABELS.has(label) && !family.labels.has(label))
          out.push(`${where}: ${use.metric} has no label ${label}`);
    }
    for (const label of [...uses.grouping, ...labels])
      if (!known.has(label)) out.push(`${where}: no metric it reads has the label ${label}`);
  }
  return out;
}

let fake: FakeOpenAI;
let ts: TestServer;
let exposition: Exposition;

/**
 * A real server, exercised so every labelled series the dashboard reads
 * exists: a session with commands (one unknown: an error frame), three
 * lines to an NPC through a local OpenAI-compatible server (two model calls,
 * then the player's chat bucket, burst 2, gives a template fallback), and a
 * connection closed for an oversized frame.
 */
beforeAll(async () => {
  fake = new FakeOpenAI();
  const baseURL = await fake.start();
  ts = await startTestServer({
    LIFETICK_LLM: 'openai',
    OPENAI_API_KEY: 'test',
    OPENAI_BASE_URL: baseURL,
  });
  const client = await RawClient.open(ts.url);
  const welcome = await client.hello(await ts.token('watcher'));
  expect(welcome.t).toBe('welcome');
  expect((await client.command(1, 'getState')).t).toBe('ack');
  expect((await client.command(2, 'noSuchCommand')).t).toBe('error');
  const npc = (welcome.state as { npcs: { id: number }[] }).npcs[0]!;
  const lines = ['Hello!', 'How are you?', 'Tell me more.'];
  for (const [n, text] of lines.entries())
    expect((await client.command(10 + n, 'talk', { npcId: npc.id, text })).t).toBe('ack');
  const chats = await Promise.all(lines.map(() => client.next((f) => f.t === 'chat')));
  // The template's reply comes at once, the model's after their round trip: any order.
  const fallbacks = chats.map((c) => (c.message as { fallback?: string }).fallback ?? 'model');
  expect(fallbacks.sort()).toEqual(['model', 'model', 'player_rate']);
  client.close();
  // Before hello only 2 KiB are read: 3 KiB closes with 1009, counted by code.
  const oversized = await RawClient.open(ts.url);
  oversized.sendBytes(new Uint8Array(3072));
  expect((await oversized.closed).code).toBe(1009);
  exposition = new Exposition(await (await fetch(`${ts.http}/metrics`)).text());
});
afterAll(async () => {
  await ts?.close();
  await fake?.stop();
});

describe('the dashboard and the alert rules read what the server exports', () => {
  it('every metric and label the dashboard uses is exported by /metrics', () => {
    const exprs = dashboardExprs(readDashboard());
    // Every panel of the list is there (tick phases .. LLM spend).
    expect(exprs.length).toBeGreaterThan(40);
    expect(problems(exprs, exposition)).toEqual([]);
  });

  it('every metric and label the alert rules use is exported by /metrics', () => {
    const exprs = ruleExprs();
    expect(exprs.map((e) => e.where)).toEqual([
      'rule LifetickTickP99OverPeriod',
      'rule LifetickUnsavedChangesTooOld',
      'rule LifetickDatabaseDown',
      'rule LifetickLlmBudgetNearlySpent',
      'rule LifetickEventLoopLag',
    ]);
    expect(problems(exprs, exposition)).toEqual([]);
  });

  it('finds a misspelt metric, matcher label and grouping label (fixture)', () => {
    expect(problems(ruleExprs('tests/fixtures/misspelled-alerts.yml'), exposition)).toEqual([
      'rule MisspeltMetric: lifetick_databse_up is not exported by /metrics',
      'rule MisspeltLabel: lifetick_errors_total has no label cod',
      'rule MisspeltGrouping: no metric it reads has the label phaze',
    ]);
  });

  it('finds a labelled metric nothing has touched yet, and a misspelt function', () => {
    // Declared in /metrics, but with no series: its labels cannot be checked.
    const bare = new Exposition(
      '# HELP lifetick_errors_total Error frames sent, by code.\n# TYPE lifetick_errors_total counter\n',
    );
    expect(
      problems([{ where: 'q', expr: 'rate(lifetick_errors_total[5m])', labels: [] }], bare),
    ).toEqual(['q: lifetick_errors_total has no series yet (exercise the server so it does)']);
    expect(
      problems([{ where: 'q', expr: 'rat(lifetick_errors_total[5m])', labels: [] }], exposition),
    ).toEqual(['q: unknown function rat() in: rat(lifetick_errors_total[5m])']);
  });

  it('every dashboard query uses the data source variable and filters by instance', () => {
    const dashboard = readDashboard() as unknown as {
      panels: {
        type: string;
        title: string;
        datasource?: { uid: string };
        targets?: { expr: string; datasource: { type: string; uid: string } }[];
      }[];
      templating: { list: { name: string; type: string; query?: unknown }[] };
    };
    const variables = dashboard.templating.list.map((v) => `${v.name}:${v.type}`);
    expect(variables).toEqual(['DS_PROMETHEUS:datasource', 'instance:query']);
    for (const panel of dashboard.panels) {
      if (panel.type === 'row') continue;
      expect(panel.datasource?.uid, panel.title).toBe(DATASOURCE_UID);
      for (const target of panel.targets ?? []) {
        expect(target.datasource, panel.title).toEqual({
          type: 'prometheus',
          uid: DATASOURCE_UID,
        });
        // Each selector carries the instance filter, so picking an instance narrows every panel.
        const selectors = target.expr.match(/lifetick_[a-z0-9_]+(\{[^}]*\})?/g) ?? [];
        expect(selectors.length, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
        for (const s of selectors)
          expect(s, `${panel.title}: ${target.expr}`).toContain('instance=~"$instance"');
      }
    }
  });
});

// promtool parses every expression for real (Debian's prometheus package;
// .ci/run installs it). Outside CI a machine without it skips these.
const PROMTOOL = '/usr/bin/promtool';
const runPromtool = existsSync(PROMTOOL) || process.env.CI === 'true';

describe.runIf(runPromtool)('promtool', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-promtool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses every dashboard expression (as recording rules)', async () => {
    const exprs = dashboardExprs(readDashboard());
    const rules = exprs
      .map(
        (e, n) => `      - record: dashboard:expr_${n}\n        expr: ${JSON.stringify(e.expr)}\n`,
      )
      .join('');
    const file = path.join(dir, 'dashboard-exprs.yml');
    writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules}`);
    const { stdout } = await run(PROMTOOL, ['check', 'rules', file]);
    expect(stdout).toContain(`SUCCESS: ${exprs.length} rules found`);
  });

  it('counts as many rules in the alert file as the test reads', async () => {
    const { stdout } = await run(PROMTOOL, ['check', 'rules', ALERTS_FILE]);
    expect(stdout).toContain(`SUCCESS: ${ruleExprs().length} rules found`);
  });
});

describe('promqlUses', () => {
  it('reads metrics, matcher labels and grouping labels, and skips strings, ranges and numbers', () => {
    const uses = promqlUses(
      'histogram_quantile(0.99, sum by (instance, le) (rate(a_bucket{phase="x", job=~"lifetick_nope"}[5m] offset 1m))) > on (instance) group_left(worker) b * 1e-3 + Inf',
    );
    expect(uses.metrics).toEqual([
      { metric: 'a_bucket', labels: ['phase', 'job'] },
      { metric: 'b', labels: [] },
    ]);
    expect(uses.grouping).toEqual(['instance', 'le', 'instance', 'worker']);
  });

  it('takes __name__ for the metric, and aggregations written with the grouping first', () => {
    const uses = promqlUses(
      'sum without (code) ({__name__="c_total", code!="X"}) and max by (t) (d)',
    );
    expect(uses.metrics).toEqual([
      { metric: 'c_total', labels: ['code'] },
      { metric: 'd', labels: [] },
    ]);
    expect(uses.grouping).toEqual(['code', 't']);
  });

  it('refuses an unknown function and a bad matcher', () => {
    expect(() => promqlUses('rates(x[5m])')).toThrow(/unknown function rates/);
    expect(() => promqlUses('x{a~"b"}')).toThrow(/bad matcher operator/);
  });
});
