import { writeFileSync } from 'node:fs';
import type { RunEvidence } from './checker.ts';

/**
 * Write a run's evidence as JSON to the file LIFETICK_FAULTS_EVIDENCE names
 * (nothing when unset), to dig into a figure after the run: bot sessions,
 * faults, the audit, the processes' noted lines.
 */
export function saveEvidence(evidence: RunEvidence): string | undefined {
  const file = process.env.LIFETICK_FAULTS_EVIDENCE;
  if (!file) return undefined;
  writeFileSync(
    file,
    JSON.stringify({
      ...evidence,
      nodeOfConnection: [...evidence.nodeOfConnection],
      noted: [...evidence.noted],
      ledger: {
        ...evidence.ledger,
        purchases: [...evidence.ledger.purchases],
        diamonds: [...evidence.ledger.diamonds],
        versions: [...evidence.ledger.versions],
      },
    }),
  );
  return file;
}
