import { describe, expect, it } from 'vitest';
import { GFP_ATOMIC, GFP_KERNEL, GFP_NOIO, GFP_NOWAIT, __GFP_ZERO } from '../../kernel/rt/gfp.ts';
import { firstPassMask, forcedMask, isInconsistent, pendingTails, type Observation } from '../../model/index.ts';
import { BLOCKED, BUG, PENDING, elemAlloc, refusal, returned, stepsOf } from './helpers.ts';

const alloc = (gfp: number, calls: Observation['calls'], outcome: Observation['outcome']): Observation => ({ op: { op: 'alloc', gfp }, calls, outcome });
const K1 = firstPassMask(GFP_KERNEL);
const KF = forcedMask(GFP_KERNEL);

describe('plan: mempool_alloc ladder', () => {
  it('an element from the first pass touches nothing but is checked against the reserve (fresh)', () => {
    expect(stepsOf(alloc(GFP_KERNEL, [elemAlloc(K1, 7)], returned(7)))).toEqual([{ kind: 'fresh', element: 7 }]);
  });

  it('a failed first pass pops the reserve', () => {
    expect(stepsOf(alloc(GFP_KERNEL, [elemAlloc(K1, 0)], returned(9)))).toEqual([{ kind: 'pop', element: 9 }]);
  });

  it('a failed first pass on an empty reserve retries at once with the full mask (L240-243)', () => {
    expect(stepsOf(alloc(GFP_KERNEL, [elemAlloc(K1, 0), elemAlloc(KF, 5)], returned(5)))).toEqual([
      { kind: 'saw-empty', gfp: K1 },
      { kind: 'fresh', element: 5 },
    ]);
    expect(stepsOf(alloc(GFP_NOIO, [elemAlloc(firstPassMask(GFP_NOIO), 0), elemAlloc(forcedMask(GFP_NOIO), 5)], returned(5)))).toHaveLength(2);
  });

  it('two failed passes on an empty reserve sleep (blocked), then every retry uses the full mask', () => {
    expect(stepsOf(alloc(GFP_KERNEL, [elemAlloc(K1, 0), elemAlloc(KF, 0)], BLOCKED))).toEqual([
      { kind: 'saw-empty', gfp: K1 },
      { kind: 'saw-empty', gfp: KF },
    ]);
    const woken = alloc(GFP_KERNEL, [elemAlloc(K1, 0), elemAlloc(KF, 0), elemAlloc(KF, 0)], returned(3));
    expect(stepsOf(woken).map((s) => s.kind)).toEqual(['saw-empty', 'saw-empty', 'pop']);
  });

  it('GFP_ATOMIC and GFP_NOWAIT have one mask: one failed pass on an empty reserve returns NULL', () => {
    for (const gfp of [GFP_ATOMIC, GFP_NOWAIT, GFP_ATOMIC | __GFP_ZERO]) {
      expect(stepsOf(alloc(gfp, [elemAlloc(forcedMask(gfp), 0)], returned(0)))).toEqual([{ kind: 'saw-empty', gfp: forcedMask(gfp) }]);
    }
  });

  it('refuses a first call with __GFP_WAIT (the first-pass-wait bug)', () => {
    expect(refusal(alloc(GFP_KERNEL, [elemAlloc(KF, 7)], returned(7)))).toMatch(/L214/);
  });

  it('refuses an alloc that returns without calling alloc_fn (reserve first)', () => {
    expect(refusal(alloc(GFP_KERNEL, [], returned(7)))).toMatch(/must call alloc_fn\(__GFP_FS.*L218/);
  });

  it('refuses sleeping after the first pass instead of retrying (pre-v3.3)', () => {
    expect(refusal(alloc(GFP_KERNEL, [elemAlloc(K1, 0)], BLOCKED))).toMatch(/retries at once with the full mask \(L240-243\)/);
    expect(refusal(alloc(GFP_KERNEL, [elemAlloc(K1, 0)], returned(0)))).toMatch(/L240-243/);
  });

  it('refuses NULL for __GFP_WAIT, sleeping without it, and retrying without it', () => {
    expect(refusal(alloc(GFP_KERNEL, [elemAlloc(K1, 0), elemAlloc(KF, 0)], returned(0)))).toMatch(/never returns NULL/);
    expect(refusal(alloc(GFP_ATOMIC, [elemAlloc(forcedMask(GFP_ATOMIC), 0)], BLOCKED))).toMatch(/must not sleep/);
    const again = alloc(GFP_ATOMIC, [elemAlloc(forcedMask(GFP_ATOMIC), 0), elemAlloc(forcedMask(GFP_ATOMIC), 4)], returned(4));
    expect(refusal(again)).toMatch(/returns NULL \(L247-249\)/);
  });

  it('refuses a result other than what alloc_fn returned, calls after success, and BUGs', () => {
    expect(refusal(alloc(GFP_KERNEL, [elemAlloc(K1, 7)], returned(8)))).toMatch(/must return 0x7/);
    expect(refusal(alloc(GFP_KERNEL, [elemAlloc(K1, 7), elemAlloc(KF, 8)], returned(7)))).toMatch(/at once/);
    expect(refusal(alloc(GFP_KERNEL, [elemAlloc(K1, 7)], BUG))).toMatch(/BUG/);
  });

  it('a pending alloc: certain steps, then what it may have done unseen', () => {
    const obs = alloc(GFP_KERNEL, [elemAlloc(K1, 0), elemAlloc(KF, 0)], PENDING);
    expect(stepsOf(obs)).toEqual([{ kind: 'saw-empty', gfp: K1 }]);
    const tails = pendingTails(obs);
    expect(isInconsistent(tails)).toBe(false);
    expect(tails).toEqual([[], [{ kind: 'saw-empty', gfp: KF }], [{ kind: 'pop-any' }]]);
    expect(pendingTails(alloc(GFP_KERNEL, [elemAlloc(K1, 7)], returned(7)))).toEqual([[]]);
  });
});
