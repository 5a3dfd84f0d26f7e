/**
 * The fleet fault soak (`npm run soak:fleet`): the fault-injection run of
 * tests/fleet/faults.test.ts with 200 faults (or `--faults N`), printing
 * each fault as it settles and the figures table at the end. Exits 1 when a
 * figure breaks its bound. `--seed N` replays a run.
 */
import { parseArgs } from 'node:util';
import { saveEvidence } from '../fleet/faults/evidence-file.ts';
import { runFaults } from '../fleet/faults/fault-run.ts';

const { values } = parseArgs({
  options: {
    faults: { type: 'string', default: '200' },
    processes: { type: 'string', default: '3' },
    bots: { type: 'string', default: '30' },
    seed: { type: 'string' },
    'ttl-ms': { type: 'string', default: '2500' },
  },
});
const count = (name: string, text: string | undefined): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
};

const report = await runFaults({
  faults: count('faults', values.faults),
  processes: count('processes', values.processes),
  bots: count('bots', values.bots),
  ...(values.seed !== undefined ? { seed: count('seed', values.seed) } : {}),
  leaseTtlMs: count('ttl-ms', values['ttl-ms']),
  log: (line) => console.log(`${new Date().toISOString()} ${line}`),
});
if (!report) {
  console.error('no MariaDB at 127.0.0.1:3306: nothing to soak');
  process.exit(1);
}
console.log(
  `\nseed ${report.seed}, ${report.faults.length} faults in ${Math.round(report.ranMs / 1000)} s\n`,
);
console.log(report.table);
const saved = saveEvidence(report.evidence);
if (saved) console.log(`evidence in ${saved}`);
if (report.figures.examples.length > 0) console.log(`\n${report.figures.examples.join('\n')}`);
const failed = report.rows.filter((r) => r.held === false);
process.exit(failed.length > 0 ? 1 : 0);
