/**
 * The `bench all` and `bench compare` commands (bench/main.ts parses the
 * flags): run every suite, write report.html and report.json; compare two
 * report.json files into compare.html.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mysqlUrl } from '../registry.ts';
import { compareHtml, type NamedRun } from './compare-html.ts';
import { type ReportDoc, readReportDoc, type SuiteReport } from './doc.ts';
import { reportHtml } from './html-report.ts';
import { fullPlan, quickPlan } from './plan.ts';
import { runAll } from './run-all.ts';

/** Where the files go when --out is not given (relative to the working directory). */
export const DEFAULT_OUT = 'bench-report';

/** Write report.json and report.html into `outDir` (made if missing); their paths. */
export async function writeReport(
  doc: ReportDoc,
  outDir: string,
): Promise<{ html: string; json: string }> {
  await mkdir(outDir, { recursive: true });
  const json = path.resolve(outDir, 'report.json');
  const htmlFile = path.resolve(outDir, 'report.html');
  await writeFile(json, `${JSON.stringify(doc, null, 2)}\n`);
  await writeFile(htmlFile, reportHtml(doc));
  return { html: htmlFile, json };
}

/** Write compare.html for runs A and B into `outDir`; its path. */
export async function writeCompare(a: NamedRun, b: NamedRun, outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const file = path.resolve(outDir, 'compare.html');
  await writeFile(file, compareHtml(a, b));
  return file;
}

/** The flags of `bench all`. */
export interface AllArgs {
  readonly quick: boolean;
  /** Write report.html and report.json (and print their paths). */
  readonly report: boolean;
  /** Print the whole report document on stdout instead of tables. */
  readonly json: boolean;
  readonly out: string;
  /** An earlier report.json to compare this run against (implies report). */
  readonly compare: string | undefined;
  readonly seed: number;
}

/**
 * `bench all`: run every suite. With --report, write the files and print
 * their paths; with --json, print the document; otherwise print each
 * suite's tables as it finishes (`printSuite`). Progress goes to stderr
 * only when it is a terminal.
 */
export async function allCommand(
  args: AllArgs,
  printSuite: (report: SuiteReport) => void,
): Promise<void> {
  // Read the earlier run first: a bad path should not cost a whole run.
  const earlier = args.compare === undefined ? undefined : await readReportDoc(args.compare);
  const tty = process.stderr.isTTY === true;
  const inputs = {
    seed: args.seed,
    cores: os.availableParallelism(),
    mysqlUrl: mysqlUrl(),
  };
  const writeFiles = args.report || earlier !== undefined;
  const doc = await runAll({
    plan: args.quick ? quickPlan(inputs) : fullPlan(inputs),
    quick: args.quick,
    echoSuiteLogs: tty,
    ...(tty ? { progress: (line: string) => process.stderr.write(`bench all: ${line}\n`) } : {}),
    ...(writeFiles || args.json ? {} : { onSuite: printSuite }),
  });
  if (args.json) {
    console.log(JSON.stringify(doc, null, 2));
    return;
  }
  if (!writeFiles) return;
  const written = await writeReport(doc, args.out);
  const paths = [written.html, written.json];
  if (earlier !== undefined && args.compare !== undefined) {
    paths.push(
      await writeCompare(
        { name: path.basename(args.compare), doc: earlier },
        { name: 'this run', doc },
        args.out,
      ),
    );
  }
  for (const p of paths) console.log(p);
}

/** `bench compare A.json B.json`: write compare.html and print its path. */
export async function compareCommand(fileA: string, fileB: string, out: string): Promise<void> {
  const [a, b] = await Promise.all([readReportDoc(fileA), readReportDoc(fileB)]);
  const file = await writeCompare({ name: fileA, doc: a }, { name: fileB, doc: b }, out);
  console.log(file);
}
