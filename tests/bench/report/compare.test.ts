import { describe, expect, it } from 'vitest';
import { ratioOf, verdictOf } from '../../../bench/report/compare.ts';
import { toReportDoc } from '../../../bench/report/doc.ts';
import { TEST_MACHINE as MACHINE } from '../../helpers/bench-machine.ts';

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
