import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apply, initialState, initialWorld, isInconsistent, stateKey, stepWorld, type ModelState, type Step } from '../../model/index.ts';

const pool = (min_nr: number, ...reserve: number[]): ModelState => initialState({ min_nr, reserve });

function ok(s: ModelState, step: Step): ModelState {
  const r = apply(s, step);
  if (isInconsistent(r)) throw new Error(r.reason);
  return r;
}

function no(s: ModelState, step: Step): string {
  const r = apply(s, step);
  if (!isInconsistent(r)) throw new Error(`allowed: ${JSON.stringify(r)}`);
  return r.reason;
}

describe('a refusal explains itself when read (the sentence is written lazily)', () => {
  it('reason, expected and actual of a refused step, also through stepWorld', () => {
    const r = apply(pool(2, 1), { kind: 'saw-empty', gfp: 0 });
    expect(isInconsistent(r)).toBe(true);
    expect(r).toMatchObject({
      inconsistent: true,
      reason: expect.stringMatching(/needs curr_nr == 0 .*\(L223\), but min_nr is 2 and the reserve holds 1/),
      expected: 'curr_nr == 0 (otherwise the pass takes an element)',
      actual: 'min_nr 2, curr_nr 1',
    });
    expect('inconsistent' in (r as object)).toBe(true);
    const world = stepWorld(initialWorld(pool(1, 5)), { op: { op: 'free', element: 7 }, calls: [], outcome: { kind: 'returned', value: 0 } });
    expect(world).toMatchObject({ inconsistent: true, reason: expect.stringMatching(/^step \d+ of \d+, .*: /), expected: expect.any(String), actual: expect.any(String) });
  });
});

describe('apply: preconditions and effects of each step', () => {
  it('create / create-failed only without a pool; nothing else without one', () => {
    expect(ok(initialState(), { kind: 'create', min_nr: 2, elements: [1, 2] })).toEqual(pool(2, 1, 2));
    expect(ok(initialState(), { kind: 'create-failed' })).toEqual(initialState());
    expect(no(pool(1), { kind: 'create-failed' })).toMatch(/already exists/);
    expect(no(initialState(), { kind: 'push', element: 1 })).toMatch(/does not exist/);
  });

  it('alloc: saw-empty needs an empty reserve, pop takes exactly the top, fresh never comes from the reserve', () => {
    expect(ok(pool(2), { kind: 'saw-empty', gfp: 0 })).toEqual(pool(2));
    expect(no(pool(2, 1), { kind: 'saw-empty', gfp: 0 })).toMatch(/curr_nr == 0.*L223/);
    expect(ok(pool(2, 1, 2), { kind: 'pop', element: 2 })).toEqual(pool(2, 1));
    expect(no(pool(2, 1, 2), { kind: 'pop', element: 1 })).toMatch(/top of the reserve, which is 0x2/);
    expect(no(pool(2), { kind: 'pop', element: 1 })).toMatch(/curr_nr > 0/);
    expect(ok(pool(2, 1, 2), { kind: 'pop-any' })).toEqual(pool(2, 1));
    expect(no(pool(2, 1), { kind: 'fresh', element: 1 })).toMatch(/two places/);
  });

  it('free: push below min_nr, release at or above it', () => {
    expect(ok(pool(2, 1), { kind: 'push', element: 5 })).toEqual(pool(2, 1, 5));
    expect(no(pool(1, 1), { kind: 'push', element: 5 })).toMatch(/curr_nr < min_nr/);
    expect(ok(pool(1, 1), { kind: 'release', element: 5 })).toEqual(pool(1, 1));
    expect(no(pool(2, 1), { kind: 'release', element: 5 })).toMatch(/curr_nr >= min_nr/);
  });

  it('free: the unlocked test (L317) is two loads; release may pair one read at free-test with the other read later', () => {
    const test = { kind: 'free-test', element: 5 } as const;
    const release = { kind: 'release', element: 5 } as const;
    // Back to back (the sequential case), the same as one atomic test.
    expect(ok(ok(pool(1, 1), test), release)).toEqual(pool(1, 1));
    expect(no(ok(pool(2, 1), test), release)).toMatch(/needs curr_nr >= min_nr \(otherwise/);
    const popped = ok(ok(pool(2, 1), test), { kind: 'pop', element: 1 });
    expect(no(popped, release)).toMatch(/curr_nr >= min_nr, both read now or one of them since its unlocked test began \(largest curr_nr since 1, smallest min_nr since 2\)/);
    // curr_nr read first (1, against min_nr 2), then a shrink to 1 empties the reserve: min_nr read now is 1.
    const shrunk = (s: ModelState): ModelState => ok(ok(ok(s, { kind: 'pop', element: 1 }), { kind: 'shrink-set', n: 1, first: true }), release);
    expect(shrunk(ok(pool(2, 1), test))).toEqual(pool(1));
    expect(no(ok(ok(pool(2, 1), { kind: 'pop', element: 1 }), { kind: 'shrink-set', n: 1, first: true }), release)).toMatch(/curr_nr >= min_nr/);
    // min_nr read first (2), then a grow to 3 whose refill adds one: curr_nr read now is 2.
    const grown = ok(ok(ok(pool(2, 1), test), { kind: 'grow-set', n: 3, more: true, oldElements: 0, newElements: 0 }), { kind: 'refill-add', element: 7, more: true });
    expect(ok(grown, release)).toEqual(pool(3, 1, 7));
    // Each free settles its own test; another element's test does not count.
    const other = ok(ok(pool(2, 1), { kind: 'free-test', element: 6 }), { kind: 'pop', element: 1 });
    expect(no(ok(other, { kind: 'shrink-set', n: 1, first: true }), release)).toMatch(/curr_nr >= min_nr \(otherwise/);
    // A test under way keeps the largest curr_nr and the smallest min_nr since it began.
    expect(ok(pool(2, 1, 2), test).tests).toEqual([{ element: 5, curr_nr: 2, min_nr: 2 }]);
    const widened = ok(ok(ok(pool(3, 1, 2), test), { kind: 'pop', element: 2 }), { kind: 'shrink-set', n: 1, first: true });
    expect(widened.tests).toEqual([{ element: 5, curr_nr: 2, min_nr: 1 }]);
    expect(ok(ok(widened, { kind: 'grow-set', n: 4, more: true, oldElements: 0, newElements: 0 }), { kind: 'refill-add', element: 7, more: true }).tests).toEqual([
      { element: 5, curr_nr: 2, min_nr: 1 },
    ]);
    expect(stateKey(ok(pool(2, 1), test))).not.toBe(stateKey(pool(2, 1)));
  });

  it('shrink: the first step decides (n <= min_nr), pops while n < curr_nr, sets when curr_nr <= n', () => {
    let s = ok(pool(3, 1, 2, 3), { kind: 'shrink-pop', n: 1, first: true, element: 3 });
    s = ok(s, { kind: 'shrink-pop', n: 1, first: false, element: 2 });
    expect(ok(s, { kind: 'shrink-set', n: 1, first: false })).toEqual(pool(1, 1));
    expect(no(pool(3, 1, 2, 3), { kind: 'shrink-set', n: 1, first: true })).toMatch(/curr_nr <= n/);
    expect(no(pool(1, 1), { kind: 'shrink-set', n: 2, first: true })).toMatch(/n <= min_nr/);
    expect(no(pool(3, 1), { kind: 'shrink-pop', n: 2, first: true, element: 1 })).toMatch(/n < curr_nr/);
  });

  it('grow: decide, raced, set with the L167 check, refills with the L173 and L167 checks', () => {
    expect(ok(pool(1, 1), { kind: 'grow-decide', n: 2 })).toEqual(pool(1, 1));
    expect(no(pool(2, 1), { kind: 'grow-decide', n: 2 })).toMatch(/n > min_nr/);
    expect(ok(pool(3, 1), { kind: 'grow-raced', n: 2 })).toEqual(pool(3, 1));
    expect(no(pool(1, 1), { kind: 'grow-raced', n: 2 })).toMatch(/L155/);
    const grown = ok(pool(1, 1), { kind: 'grow-set', n: 3, more: true, oldElements: 0, newElements: 0 });
    expect(grown).toEqual(pool(3, 1));
    expect(no(pool(1, 1), { kind: 'grow-set', n: 3, more: false, oldElements: 0, newElements: 0 })).toMatch(/refill loop ends/);
    const one = ok(grown, { kind: 'refill-add', element: 7, more: true });
    expect(ok(one, { kind: 'refill-add', element: 8, more: false })).toEqual(pool(3, 1, 7, 8));
    expect(no(one, { kind: 'refill-add', element: 8, more: true })).toMatch(/another refill pass/);
    expect(no(pool(1, 1), { kind: 'refill-add', element: 8, more: false })).toMatch(/L173/);
    expect(ok(pool(1, 1), { kind: 'refill-raced', element: 8 })).toEqual(pool(1, 1));
    expect(no(pool(2, 1), { kind: 'refill-raced', element: 8 })).toMatch(/a free filled the pool/);
  });

  it('destroy hands the whole reserve to free_fn top first', () => {
    expect(ok(pool(2, 1, 2), { kind: 'destroy', freed: [2, 1], elements: 0, pool: 0 })).toEqual(initialState());
    const leak = apply(pool(2, 1, 2), { kind: 'destroy', freed: [], elements: 0, pool: 0 });
    expect(leak).toMatchObject({ inconsistent: true, expected: 'free_fn([0x2, 0x1])', actual: 'free_fn([])' });
    expect(no(pool(2, 1, 2), { kind: 'destroy', freed: [1, 2], elements: 0, pool: 0 })).toMatch(/top first/);
  });

  it('stateKey is equal exactly for equal states', () => {
    const state = fc.oneof(
      fc.constant(initialState()),
      fc.record({ min_nr: fc.nat(4), reserve: fc.array(fc.nat(5), { maxLength: 4 }) }).map((p) => initialState(p)),
    );
    fc.assert(
      fc.property(state, state, (a, b) => {
        const equal = JSON.stringify(a) === JSON.stringify(b);
        expect(stateKey(a) === stateKey(b)).toBe(equal);
      }),
      { seed: 1, numRuns: 500 },
    );
  });
});
