/**
 * RESERVE's key leaves out a watched free's least min_nr once its largest curr_nr reached it
 * (properties/reserve.ts writeExtremes). That is exact only if two watches with equal keys are judged
 * alike whatever values the free reads next. Checked over every small extreme pair and random
 * continuations: equal keys after the same reads give equal keys, and at the free_fn call the same
 * judgement. And the key does merge: on quad4 it removes states (bench/RESULTS.md has the counts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textOf } from '../../kernel/rt/state-sink.ts';
import { judgeFree, writeExtremes } from '../../properties/reserve.ts';

/** The extremes as RESERVE writes them into its state. */
const extremesKey = (maxCurr: number, minMin: number): string => textOf({ value: String }, (out) => writeExtremes(out, maxCurr, minMin));

/** The extremes after the free samples `reads` (curr_nr, min_nr), as the monitor folds them. */
function fold(maxCurr: number, minMin: number, reads: readonly (readonly [number, number])[]): [number, number] {
  let curr = maxCurr;
  let min = minMin;
  for (const [c, m] of reads) {
    curr = Math.max(curr, c);
    min = Math.min(min, m);
  }
  return [curr, min];
}

const small = fc.integer({ min: 0, max: 5 });
const reads = fc.array(fc.tuple(small, small), { minLength: 1, maxLength: 6 });

describe("RESERVE's key for a watched free", () => {
  it('equal keys stay equal and are judged alike, whatever the free reads next', () => {
    fc.assert(
      fc.property(small, small, small, reads, (curr, min1, min2, next) => {
        fc.pre(extremesKey(curr, min1) === extremesKey(curr, min2));
        const [c1, m1] = fold(curr, min1, next);
        const [c2, m2] = fold(curr, min2, next);
        expect(extremesKey(c1, m1)).toBe(extremesKey(c2, m2));
        // At the free_fn call the monitor samples once more: the last read's min_nr is the current one.
        const minNow = (next[next.length - 1] as readonly [number, number])[1];
        expect(judgeFree(c1, m1, minNow)).toBe(judgeFree(c2, m2, minNow));
      }),
      { seed: 1, numRuns: 2000 },
    );
  });

  it('merges only once curr_nr reached min_nr', () => {
    expect(extremesKey(2, 1)).toBe(extremesKey(2, 0));
    expect(extremesKey(1, 2)).not.toBe(extremesKey(1, 3));
    // Before reaching it the least min_nr decides: a later curr_nr of 2 passes against 2, not against 3.
    expect(judgeFree(2, 2, 2)).toBe('ok');
    expect(judgeFree(2, 3, 3)).toBe('violation');
  });
});
