import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MachineInfo } from '../../bench/machine.ts';
import { CHART_IDS } from '../../bench/report/charts.ts';
import { writeCompare, writeReport } from '../../bench/report/cli.ts';
import { compareDocs, ratioOf, verdictOf } from '../../bench/report/compare.ts';
import { type ReportDoc, SUITE_NAMES, toReportDoc } from '../../bench/report/doc.ts';
import { formatNumber, formatValue, tickFormatter } from '../../bench/report/format.ts';
import { escapeHtml, html, raw } from '../../bench/report/html.ts';
import { reportHtml } from '../../bench/report/html-report.ts';
import type { RunPlan } from '../../bench/report/plan.ts';
import { runAll } from '../../bench/report/run-all.ts';
import {
  buildAxis,
  linearScale,
  logScale,
  logTicks,
  niceNumber,
  niceTicks,
} from '../../bench/report/scale.ts';
import { redact } from '../../bench/report/stderr-capture.ts';
import { barChart, lineChart } from '../../bench/report/svg-chart.ts';
import {
  artifactPath,
  browserAvailable,
  CHROMIUM_PATH,
  launchBrowser,
} from '../helpers/browser.ts';

const MACHINE: MachineInfo = {
  cpu: 'test cpu',
  cores: 2,
  memoryGiB: 4,
  node: 'v20',
  platform: 'linux-x64',
};

/** A 1-2-5 step: 1, 2 or 5 times a power of ten. */
function isNiceStep(step: number): boolean {
  const f = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  return [1, 2, 5, 10].some((m) => Math.abs(f - m) < 1e-6);
}

describe('chart maths', () => {
  it('rounds to nice numbers', () => {
    expect(niceNumber(23, true)).toBe(20);
    expect(niceNumber(23, false)).toBe(50);
    expect(niceNumber(0.8, true)).toBe(1);
    expect(niceNumber(0.0031, true)).toBeCloseTo(0.005, 12);
    expect(niceNumber(140, false)).toBe(200);
  });

  it('picks nice ticks that cover the data without float noise', () => {
    expect(niceTicks(0, 97).ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.013, 0.87).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.1, 0.3, 3).ticks).toEqual([0.1, 0.2, 0.3]);
    const negative = niceTicks(-3.2, 7.9);
    expect(negative.ticks).toContain(0);
    expect(negative.min).toBeLessThanOrEqual(-3.2);
    expect(negative.max).toBeGreaterThanOrEqual(7.9);
  });

  it('gives whole-number ticks on integer axes and widens a single value', () => {
    expect(niceTicks(1, 2, 5, true).ticks).toEqual([1, 2]);
    expect(niceTicks(0, 3, 5, true).ticks).toEqual([0, 1, 2, 3]);
    const one = niceTicks(5, 5);
    expect(one.min).toBeLessThan(5);
    expect(one.max).toBeGreaterThan(5);
    expect(niceTicks(2, 2, 5, true).ticks).toEqual([1, 2, 3]);
  });

  it('covers any range with a few evenly spaced 1-2-5 ticks', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        (min, span) => {
          const max = min + span;
          fc.pre(max > min);
          const t = niceTicks(min, max);
          expect(t.ticks[0]).toBeLessThanOrEqual(min);
          expect(t.ticks.at(-1)).toBeGreaterThanOrEqual(max);
          expect(t.ticks.length).toBeGreaterThanOrEqual(2);
          expect(t.ticks.length).toBeLessThanOrEqual(12);
          expect(isNiceStep(t.step)).toBe(true);
          for (let i = 1; i < t.ticks.length; i++)
            expect(t.ticks[i]! - t.ticks[i - 1]!).toBeCloseTo(t.step, 6);
        },
      ),
    );
  });

  it('puts log ticks at 1-2-5 values, or at powers of ten over many decades', () => {
    const few = logTicks(20, 300);
    expect(few.ticks).toEqual([20, 50, 100, 200, 500]);
    expect([few.min, few.max]).toEqual([20, 500]);
    expect(logTicks(1000, 1e7).ticks).toEqual([1e3, 1e4, 1e5, 1e6, 1e7]);
    expect(logTicks(10_000, 100_000).ticks).toEqual([10_000, 20_000, 50_000, 100_000]);
    // Non-positive input never yields NaN or an empty axis.
    expect(logTicks(0, 0).ticks.length).toBeGreaterThan(0);
  });

  it('maps values to pixels on linear and log scales', () => {
    const x = linearScale([0, 10], [100, 200]);
    expect(x(0)).toBe(100);
    expect(x(5)).toBe(150);
    expect(x(10)).toBe(200);
    // A y axis: larger values higher up, i.e. smaller pixel y.
    const y = linearScale([0, 50], [300, 50]);
    expect(y(50)).toBe(50);
    expect(y(25)).toBe(175);
    const log = logScale([10, 1000], [0, 100]);
    expect(log(10)).toBeCloseTo(0, 9);
    expect(log(100)).toBeCloseTo(50, 9);
    expect(log(1000)).toBeCloseTo(100, 9);
  });

  it('builds axes from data: zero-based, all zeros, log without the non-positive values', () => {
    expect(buildAxis([3, 7], [0, 100], { kind: 'linear', zero: true }).domain).toEqual([0, 8]);
    expect(buildAxis([0, 0], [0, 100], { kind: 'linear', zero: true }).domain).toEqual([0, 1]);
    const log = buildAxis([0, 20, 300], [0, 100], { kind: 'log' });
    expect(log.domain).toEqual([20, 500]);
    expect(log.at(20)).toBeCloseTo(0, 9);
  });

  it('formats ticks with one suffix and decimals for the whole axis', () => {
    const k = tickFormatter([0, 25_000, 50_000], 25_000);
    expect([0, 25_000, 50_000].map(k)).toEqual(['0', '25k', '50k']);
    const small = tickFormatter([0, 0.5, 1], 0.5);
    expect([0, 0.5, 1].map(small)).toEqual(['0', '0.5', '1.0']);
    expect(formatNumber(12_345)).toBe('12.3k');
    expect(formatNumber(1234)).toBe('1234');
    expect(formatNumber(3_420_000)).toBe('3.42M');
    expect(formatNumber(0.000123)).toBe('0.00012');
    expect(formatValue(1.876, 'x')).toBe('1.88x');
    expect(formatValue(0.0042, '$')).toBe('$0.004200');
    expect(formatValue(undefined, 'ms')).toBe('–');
  });
});

describe('HTML escaping', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes every interpolated string but keeps nested markup', () => {
    const hostile = '"><script>alert(1)</script>';
    const out = html`<p title="${hostile}">${hostile}${html`<i>${'a&b'}</i>`}${raw('&nbsp;')}</p>`;
    expect(out.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;<i>a&amp;b</i>&nbsp;</p>',
    );
    expect(html`${[1, '<', null, undefined, false]}`.value).toBe('1&lt;');
  });

  it('escapes hostile text from a report everywhere it shows up', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const doc: ReportDoc = {
      machine: { ...MACHINE, cpu: evil },
      startedAt: evil,
      suites: {
        sim: { suite: 'sim', machine: MACHINE, rows: [], ratios: {}, skipped: evil, log: [evil] },
        codec: {
          suite: 'codec',
          machine: MACHINE,
          ranWith: evil,
          notes: [evil],
          ratios: { [evil]: 1 },
          rows: [
            {
              frame: evil,
              msgpackDecoder: 'client',
              msgpackEncodeOpsPerSec: 1,
              jsonEncodeOpsPerSec: 1,
              msgpackDecodeOpsPerSec: 1,
              jsonDecodeOpsPerSec: 1,
              msgpackBytes: 1,
              jsonBytes: 1,
              encodeOpsRatio: 1,
              decodeOpsRatio: 1,
              bytesRatio: 1,
            },
          ],
        },
      },
    };
    const page = reportHtml(doc);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps URL passwords out of suite logs', () => {
    expect(redact('no MySQL at mysql://root:hunter2@db:3306 (refused)')).toBe(
      'no MySQL at mysql://root:***@db:3306 (refused)',
    );
    expect(redact('no MySQL at mysql://root@127.0.0.1:3306')).toBe(
      'no MySQL at mysql://root@127.0.0.1:3306',
    );
  });
});

describe('SVG charts', () => {
  it('draws a line per series, a marker per point, ticks, axis titles and a legend', () => {
    const svg = lineChart({
      id: 'demo',
      title: 'Demo <chart>',
      x: { label: 'workers', kind: 'linear', zero: true, integer: true },
      y: { label: 'rate', kind: 'linear', zero: true },
      series: [
        {
          label: 'a',
          color: 0,
          points: [
            { x: 1, y: 10 },
            { x: 2, y: 18 },
          ],
        },
        { label: 'b', color: 1, points: [{ x: 1, y: 4 }] },
      ],
      references: [{ y: 15, label: 'target' }],
    }).value;
    expect(svg.match(/class="mark point"/g)).toHaveLength(3);
    // One point makes no line.
    expect(svg.match(/class="mark line"/g)).toHaveLength(1);
    expect(svg.match(/class="legend-item"/g)).toHaveLength(2);
    expect(svg.match(/class="axis-label"/g)).toHaveLength(2);
    expect(svg.match(/class="tick-label"/g)!.length).toBeGreaterThanOrEqual(4);
    expect(svg).toContain('Demo &lt;chart&gt;');
    expect(svg).toContain('class="reference"');
    expect(svg).not.toContain('NaN');
  });

  it('draws a bar per value, skipping missing ones', () => {
    const svg = barChart({
      id: 'bars',
      title: 'Bars',
      categories: ['100', '500'],
      categoryLabel: 'batch',
      y: { label: 'rows/s', kind: 'linear', zero: true },
      series: [
        { label: 'sqlite', color: 0, values: [100_000, 120_000] },
        { label: 'mysql', color: 1, values: [20_000, undefined] },
      ],
    }).value;
    expect(svg.match(/class="mark bar"/g)).toHaveLength(3);
    expect(svg).not.toContain('NaN');
  });

  it('says "no data" rather than drawing an empty axis', () => {
    const svg = lineChart({
      id: 'empty',
      title: 'Empty',
      x: { label: 'x', kind: 'log' },
      y: { label: 'y', kind: 'linear' },
      series: [],
    }).value;
    expect(svg).toContain('no data');
    expect(svg).not.toContain('class="mark');
  });
});

describe('comparison maths', () => {
  it('reads B/A the right way round for each figure', () => {
    expect(ratioOf(2, 3)).toBe(1.5);
    expect(ratioOf(0, 0)).toBe(1);
    expect(ratioOf(0, 1)).toBeUndefined();
    expect(ratioOf(undefined, 1)).toBeUndefined();
    expect(verdictOf(1.5, 'higher')).toBe('better');
    expect(verdictOf(1.5, 'lower')).toBe('worse');
    expect(verdictOf(0.5, 'lower')).toBe('better');
    expect(verdictOf(1.03, 'higher')).toBe('same');
    expect(verdictOf(2, 'neither')).toBe('n/a');
  });

  it("takes one suite's --json output as a report of that suite", () => {
    const doc = toReportDoc(
      { suite: 'codec', machine: MACHINE, rows: [], ratios: { x: 1 } },
      'a.json',
    );
    expect(Object.keys(doc.suites)).toEqual(['codec']);
    expect(() => toReportDoc({ machine: MACHINE }, 'b.json')).toThrow(/no suites/);
  });
});

// -- a real run -----------------------------------------------------------------------------------

/**
 * The real suite functions at tiny sizes: every suite in a few seconds
 * (the quick plan takes a minute or more on a loaded 2-core machine). MySQL
 * is pointed at a closed port so the persist suite's "MySQL skipped" path
 * runs the same everywhere.
 */
const TINY: RunPlan = {
  sim: { players: 2000, seconds: 0.3, seed: 1 },
  scaling: { playerCounts: [2000, 8000], maxWorkers: 2, seconds: 0.3, seed: 1 },
  realtime: { playerCounts: [1000, 4000], workers: 2, seconds: 0.5, seed: 1 },
  codec: { taskMs: 10 },
  load: { clientCounts: [5, 20], seconds: 1, workers: 1, batch: 50 },
  persist: {
    players: 1000,
    batchSizes: [50, 200],
    seconds: 0.1,
    workers: 1,
    seed: 1,
    mysqlUrl: 'mysql://root@127.0.0.1:1',
  },
  llm: {
    players: 4,
    seconds: 2,
    quietSeconds: 1,
    latencyMs: 50,
    caps: 'day',
    seed: 1,
    batch: 50,
  },
};

const inCI = process.env.CI === 'true';
const haveBrowser = browserAvailable();
if (!haveBrowser && !inCI) {
  console.warn(`SKIPPED: bench report browser tests: no chromium at ${CHROMIUM_PATH}`);
}

describe('bench report from a real run', () => {
  let dir: string;
  let reportFile: string;
  let compareFile: string;
  let jsonA: string;
  let jsonB: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lifetick-report-test-'));
    // A: every suite; B: a second run of the cheap ones, to compare against A.
    const a = await runAll({ plan: TINY, quick: true });
    const written = await writeReport(a, path.join(dir, 'a'));
    reportFile = written.html;
    jsonA = written.json;
    const b = await runAll({ plan: TINY, quick: true, suites: ['sim', 'scaling', 'codec'] });
    jsonB = (await writeReport(b, path.join(dir, 'b'))).json;
    compareFile = await writeCompare({ name: 'a.json', doc: a }, { name: 'b.json', doc: b }, dir);
  }, 170_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs every suite, or says why not', async () => {
    const doc = JSON.parse(await readFile(jsonA, 'utf8')) as ReportDoc;
    for (const name of SUITE_NAMES) {
      const suite = doc.suites[name];
      expect(suite, name).toBeDefined();
      expect(suite!.skipped, `${name}: ${suite!.skipped}`).toBeUndefined();
      expect(suite!.rows.length, name).toBeGreaterThan(0);
    }
    expect(doc.suites.realtime!.rows.map((r) => r.players)).toEqual([1000, 4000]);
    expect(doc.suites.load!.rows.map((r) => r.clients)).toEqual([5, 20]);
    // No MySQL on port 1: the suite ran on SQLite and says what it left out.
    expect(doc.suites.persist!.notes?.join(' ')).toMatch(/MySQL rows skipped/);
  });

  it('records a suite that fails as skipped, with its error', async () => {
    const doc = await runAll({
      plan: { ...TINY, persist: { ...TINY.persist, batchSizes: [5000] } },
      quick: true,
      suites: ['persist'],
    });
    expect(doc.suites.persist?.skipped).toMatch(/batch 5000 exceeds 1000 players/);
    expect(reportHtml(doc)).toMatch(/Skipped:<\/span> persist: batch 5000 exceeds 1000 players/);
  });

  it('compares figure by figure: B/A from the two JSON files', async () => {
    const a = JSON.parse(await readFile(jsonA, 'utf8')) as ReportDoc;
    const b = JSON.parse(await readFile(jsonB, 'utf8')) as ReportDoc;
    const compared = new Map(compareDocs(a, b).map((f) => [f.id, f]));
    const expectRatio = (id: string, va: number, vb: number) => {
      const f = compared.get(id);
      expect(f, id).toBeDefined();
      expect(f!.a).toBe(va);
      expect(f!.b).toBe(vb);
      expect(f!.ratio!).toBeCloseTo(vb / va, 12);
    };
    const simRate = (d: ReportDoc) =>
      d.suites.sim!.rows.find((r) => r.engine === 'lifetick')!.playerMinutesPerSec;
    expectRatio('sim.lifetick.rate', simRate(a), simRate(b));
    const ratioName = 'lifetickOneWorkerOverBaseline';
    expectRatio(
      `sim.ratio.${ratioName}`,
      a.suites.sim!.ratios[ratioName]!,
      b.suites.sim!.ratios[ratioName]!,
    );
    for (const row of a.suites.codec!.rows) {
      const other = b.suites.codec!.rows.find((r) => r.frame === row.frame)!;
      expectRatio(
        `codec.msgpackEncode@${row.frame}`,
        row.msgpackEncodeOpsPerSec,
        other.msgpackEncodeOpsPerSec,
      );
    }
    for (const row of a.suites.scaling!.rows) {
      const other = b.suites.scaling!.rows.find(
        (r) => r.players === row.players && r.workers === row.workers,
      )!;
      expectRatio(
        `scaling.rate@${row.players}x${row.workers}`,
        row.playerMinutesPerSec,
        other.playerMinutesPerSec,
      );
    }
    // Suites B did not run: in A only, no ratio.
    const realtime = [...compared.values()].filter((f) => f.suite === 'realtime');
    expect(realtime.length).toBeGreaterThan(0);
    for (const f of realtime) {
      expect(f.b).toBeUndefined();
      expect(f.ratio).toBeUndefined();
    }
  });

  /** Open `file` in headless Chromium, recording every request the page makes. */
  async function withPage(file: string, check: (page: Page, requests: string[]) => Promise<void>) {
    expect(haveBrowser, `no chromium at ${CHROMIUM_PATH} (required in CI)`).toBe(true);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await check(page, requests);
    } finally {
      await browser.close();
    }
  }

  it.skipIf(!haveBrowser && !inCI)(
    'shows every chart with data, axes and a legend, offline',
    async () => {
      await withPage(reportFile, async (page, requests) => {
        for (const id of CHART_IDS) {
          const chart = page.locator(`svg.chart[data-chart="${id}"]`);
          expect(await chart.count(), id).toBe(1);
          expect(await chart.locator('.mark').count(), `${id} data marks`).toBeGreaterThan(0);
          expect(await chart.locator('.tick-label').count(), `${id} ticks`).toBeGreaterThan(3);
          const axisLabels = await chart.locator('.axis-label').allTextContents();
          expect(axisLabels, `${id} axis titles`).toHaveLength(2);
          for (const label of axisLabels) expect(label.trim().length).toBeGreaterThan(0);
          expect(await chart.locator('.legend-item').count(), `${id} legend`).toBeGreaterThan(0);
          expect((await chart.locator('.chart-title').textContent())?.trim()).toBeTruthy();
          // The data table under the chart.
          const table = page.locator(`figure[data-chart-figure="${id}"] table.chart-data tbody tr`);
          expect(await table.count(), `${id} data table`).toBeGreaterThan(0);
        }
        expect(await page.locator('svg[data-chart="realtime"] .mark.point').count()).toBe(4);
        expect(await page.locator('svg[data-chart="load"] .mark.point').count()).toBe(6);
        for (const name of SUITE_NAMES) {
          expect(
            await page.locator(`section[data-suite="${name}"]`).getAttribute('data-status'),
          ).toBe('ran');
        }
        const screenshot = artifactPath('bench-report.png');
        await page.screenshot({ path: screenshot, fullPage: true });
        console.log(`bench report screenshot: ${screenshot}`);
        // Nothing but the file itself: no font, stylesheet, script or image from anywhere.
        expect(requests).toEqual([pathToFileURL(reportFile).href]);
      });
    },
  );

  it.skipIf(!haveBrowser && !inCI)(
    'shows B/A on the compare page as the JSON numbers give it, charts overlaid',
    async () => {
      await withPage(compareFile, async (page, requests) => {
        const cells = await page.locator('td[data-ratio]').evaluateAll((tds) =>
          tds.map((td) => {
            const row = td.parentElement!;
            return {
              figure: td.getAttribute('data-figure') ?? '',
              ratio: td.getAttribute('data-ratio') ?? '',
              text: td.textContent ?? '',
              a: row.querySelector('td[data-a]')?.getAttribute('data-a') ?? '',
              b: row.querySelector('td[data-b]')?.getAttribute('data-b') ?? '',
            };
          }),
        );
        const withRatio = cells.filter((c) => c.ratio !== '');
        expect(withRatio.length).toBeGreaterThan(10);
        for (const c of withRatio) {
          const expected = Number(c.b) / Number(c.a);
          expect(Number(c.ratio), c.figure).toBeCloseTo(expected, 9);
          expect(c.text, c.figure).toBe(expected.toFixed(3));
        }
        // The sim rate against the JSON files themselves.
        const a = JSON.parse(await readFile(jsonA, 'utf8')) as ReportDoc;
        const b = JSON.parse(await readFile(jsonB, 'utf8')) as ReportDoc;
        const rate = (d: ReportDoc) =>
          d.suites.sim!.rows.find((r) => r.engine === 'lifetick')!.playerMinutesPerSec;
        const sim = withRatio.find((c) => c.figure === 'sim.lifetick.rate');
        expect(Number(sim?.ratio)).toBeCloseTo(rate(b) / rate(a), 9);
        // Overlaid: each scaling series once per run.
        const legend = await page
          .locator('svg[data-chart="scaling"] .legend-item')
          .allTextContents();
        expect(legend.some((l) => l.startsWith('A · '))).toBe(true);
        expect(legend.some((l) => l.startsWith('B · '))).toBe(true);
        expect(await page.locator('svg[data-chart="scaling"] .mark').count()).toBeGreaterThan(0);
        expect(await page.locator('.legend-note').textContent()).toMatch(/B\/A/);
        await page.screenshot({ path: artifactPath('bench-compare.png'), fullPage: true });
        console.log(`bench compare screenshot: ${artifactPath('bench-compare.png')}`);
        expect(requests).toEqual([pathToFileURL(compareFile).href]);
      });
    },
  );
});
