import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_IDS } from '../../bench/report/charts.ts';
import { writeCompare, writeReport } from '../../bench/report/cli.ts';
import { compareDocs } from '../../bench/report/compare.ts';
import { type ReportDoc, SUITE_NAMES } from '../../bench/report/doc.ts';
import { reportHtml } from '../../bench/report/html-report.ts';
import type { RunPlan } from '../../bench/report/plan.ts';
import { runAll } from '../../bench/report/run-all.ts';
import {
  artifactPath,
  browserAvailable,
  CHROMIUM_PATH,
  launchBrowser,
} from '../helpers/browser.ts';

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
  production: { residents: 500, clients: 5, seconds: 1, workers: 1, batch: 50 },
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
