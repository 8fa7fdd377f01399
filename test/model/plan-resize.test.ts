import { describe, expect, it } from 'vitest';
import { GFP_KERNEL } from '../../kernel/rt/gfp.ts';
import { ENOMEM, pendingTails, type Observation } from '../../model/index.ts';
import { BUG, PENDING, elemAlloc, elemFree, metaAlloc, metaFree, refusal, returned, stepsOf } from './helpers.ts';

const resize = (n: number, calls: Observation['calls'], outcome: Observation['outcome'] = returned(0)): Observation => ({ op: { op: 'resize', n }, calls, outcome });
const K = GFP_KERNEL;

describe('plan: mempool_resize (L126-185)', () => {
  it('n <= 0 is a BUG before anything else (L132)', () => {
    expect(stepsOf(resize(0, [], BUG))).toEqual([]);
    expect(stepsOf(resize(-3, [], BUG))).toEqual([]);
    expect(refusal(resize(0, [], returned(0)))).toMatch(/BUG_ON\(new_min_nr <= 0\)/);
    expect(refusal(resize(2, [], BUG))).toMatch(/neither hits a BUG/);
  });

  it('shrink: one shrink-pop per free_fn call (the first also decides), then shrink-set', () => {
    expect(stepsOf(resize(1, [elemFree(3), elemFree(2)]))).toEqual([
      { kind: 'shrink-pop', n: 1, first: true, element: 3 },
      { kind: 'shrink-pop', n: 1, first: false, element: 2 },
      { kind: 'shrink-set', n: 1, first: false },
    ]);
    expect(stepsOf(resize(2, []))).toEqual([{ kind: 'shrink-set', n: 2, first: true }]);
  });

  it('grow: -ENOMEM when kmalloc_array fails, leaving the pool alone', () => {
    expect(stepsOf(resize(3, [metaAlloc(K, 0)], returned(-ENOMEM)))).toEqual([{ kind: 'grow-decide', n: 3 }]);
    expect(refusal(resize(3, [metaAlloc(K, 0)], returned(0)))).toMatch(/-ENOMEM/);
  });

  it('grow: raced (another resize got there), or set then refill until full or a NULL', () => {
    expect(stepsOf(resize(3, [metaAlloc(K, 200), metaFree(200)])).map((s) => s.kind)).toEqual(['grow-decide', 'grow-raced']);
    const refilled = stepsOf(resize(3, [metaAlloc(K, 200), metaFree(101), elemAlloc(K, 7), elemAlloc(K, 8)]));
    expect(refilled).toEqual([
      { kind: 'grow-decide', n: 3 },
      { kind: 'grow-set', n: 3, more: true, oldElements: 101, newElements: 200 },
      { kind: 'refill-add', element: 7, more: true },
      { kind: 'refill-add', element: 8, more: false },
    ]);
    const failed = stepsOf(resize(3, [metaAlloc(K, 200), metaFree(101), elemAlloc(K, 7), elemAlloc(K, 0)]));
    expect(failed.map((s) => s.kind)).toEqual(['grow-decide', 'grow-set', 'refill-add']);
    const raced = stepsOf(resize(3, [metaAlloc(K, 200), metaFree(101), elemAlloc(K, 7), elemFree(7)]));
    expect(raced[raced.length - 1]).toEqual({ kind: 'refill-raced', element: 7 });
  });

  it('refuses refills with a mask other than plain GFP_KERNEL (L169) and calls after a failed refill', () => {
    expect(refusal(resize(3, [metaAlloc(K, 200), metaFree(101), elemAlloc(K | 0x200, 7)]))).toMatch(/L169/);
    expect(refusal(resize(3, [metaAlloc(K, 200), metaFree(101), elemAlloc(K, 0), elemAlloc(K, 8)]))).toMatch(/refill stops/);
  });

  it('a pending resize: what it may have done after its last call', () => {
    expect(pendingTails(resize(3, [metaAlloc(K, 200), metaFree(101), elemAlloc(K, 7)], PENDING))).toEqual([
      [],
      [{ kind: 'refill-add', element: 7, more: false }],
      [{ kind: 'refill-add', element: 7, more: true }],
      [{ kind: 'refill-raced', element: 7 }],
    ]);
    // No call yet: nothing done, or (not knowing min_nr) the shrink's first set or first pop, or the grow's decision.
    expect(pendingTails(resize(2, [], PENDING))).toEqual([
      [],
      [{ kind: 'shrink-set', n: 2, first: true }],
      [{ kind: 'shrink-pop-any', n: 2, first: true }],
      [{ kind: 'grow-decide', n: 2 }],
    ]);
  });

  it('a pending shrink may have popped an element it has not handed to free_fn yet (L138-140)', () => {
    const obs = resize(1, [elemFree(7)], PENDING);
    expect(stepsOf(obs)).toEqual([{ kind: 'shrink-pop', n: 1, first: true, element: 7 }]);
    expect(pendingTails(obs)).toEqual([[], [{ kind: 'shrink-set', n: 1, first: false }], [{ kind: 'shrink-pop-any', n: 1, first: false }]]);
  });

  it('a grow cut off at kfree of the old array is inside its critical section: grow-set may still be to come', () => {
    const obs = resize(3, [metaAlloc(K, 200), metaFree(101)], PENDING);
    expect(stepsOf(obs)).toEqual([{ kind: 'grow-decide', n: 3 }]);
    const set = (more: boolean) => ({ kind: 'grow-set', n: 3, more, oldElements: 101, newElements: 200 });
    expect(pendingTails(obs)).toEqual([[], [set(false)], [set(true)]]);
  });
});
