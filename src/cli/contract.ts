/**
 * `npm run contract` writes protocol/CONTRACT.md; `npm run contract -- --check`
 * exits 1 when the file is not what the schemas generate (CI runs it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderContract } from './render-contract.ts';

const file = new URL('../../protocol/CONTRACT.md', import.meta.url);
const expected = renderContract();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== expected) {
    console.error('protocol/CONTRACT.md is out of date: run `npm run contract` and commit it.');
    process.exit(1);
  }
  console.log('protocol/CONTRACT.md is up to date.');
} else {
  writeFileSync(file, expected);
  console.log('wrote protocol/CONTRACT.md');
}
