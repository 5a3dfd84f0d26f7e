import { readFileSync, writeFileSync } from 'node:fs';
import type { RunEvidence } from './checker.ts';
import type { NotedLine } from './fleet-process.ts';
import type { LedgerSnapshot } from './ledger-snapshot.ts';

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

/** Read back what saveEvidence wrote, to run the checker again (after changing it, say). */
export function loadEvidence(file: string): RunEvidence {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Omit<
    RunEvidence,
    'nodeOfConnection' | 'noted' | 'ledger'
  > & {
    nodeOfConnection: [number, string][];
    noted: [string, NotedLine[]][];
    ledger: {
      storeTransactions: LedgerSnapshot['storeTransactions'];
      purchases: string[];
      diamonds: [string, number][];
      versions: [string, number][];
    };
  };
  return {
    ...raw,
    nodeOfConnection: new Map(raw.nodeOfConnection),
    noted: new Map(raw.noted),
    ledger: {
      storeTransactions: raw.ledger.storeTransactions,
      purchases: new Set(raw.ledger.purchases),
      diamonds: new Map(raw.ledger.diamonds),
      versions: new Map(raw.ledger.versions),
    },
  };
}
