import { describe, expect, it } from 'vitest';
import { GFP_ATOMIC, GFP_KERNEL, __GFP_ZERO } from '../../kernel/rt/gfp.ts';
import { expectedLive, firstPassMask, initialState, initialWorld, isInconsistent, stepWorld, type Observation, type World } from '../../model/index.ts';
import { BUG, elemAlloc, elemFree, metaAlloc, metaFree, poolStruct, returned } from './helpers.ts';

function next(w: World, obs: Observation): World {
  const r = stepWorld(w, obs);
  if (isInconsistent(r)) throw new Error(r.reason);
  return r.world;
}

const K = GFP_KERNEL;
const created = next(initialWorld(initialState()), { op: { op: 'create', min_nr: 1 }, calls: [poolStruct(K, 100), metaAlloc(K, 101), elemAlloc(K, 1)], outcome: returned(1) });
const zeroAlloc = (result: number): Observation => ({
  op: { op: 'alloc', gfp: GFP_KERNEL | __GFP_ZERO },
  calls: [elemAlloc(firstPassMask(GFP_KERNEL | __GFP_ZERO), result)],
  outcome: returned(result),
});

describe('world: what callers hold, the pool blocks, warnings and BUGs', () => {
  it('create records the pool blocks; the live set is reserve + held + blocks', () => {
    expect(created.blocks).toEqual({ pool: 100, elements: 101 });
    expect(expectedLive(created)).toEqual({ elements: [1], blocks: [100, 101] });
  });

  it('__GFP_ZERO warns once per boot (L207)', () => {
    const w1 = next(created, zeroAlloc(7));
    const w2 = next(w1, zeroAlloc(8));
    expect([w1.warnings, w2.warnings]).toEqual([1, 1]);
    expect(w2.held).toEqual([7, 8]);
  });

  it('freed elements leave the caller; destroy orphans what callers still hold', () => {
    const w1 = next(created, zeroAlloc(7));
    const w2 = next(w1, { op: { op: 'free', element: 7 }, calls: [elemFree(7)], outcome: returned(0) });
    expect(w2.held).toEqual([]);
    const w3 = next(w1, { op: { op: 'destroy' }, calls: [elemFree(1), metaFree(101), metaFree(100)], outcome: returned(0) });
    expect(w3).toMatchObject({ held: [], orphans: [7], blocks: null });
    expect(expectedLive(w3)).toEqual({ elements: [7], blocks: [] });
  });

  it('resize(n <= 0) counts a BUG; grow swaps the elements array', () => {
    expect(next(created, { op: { op: 'resize', n: 0 }, calls: [], outcome: BUG }).bugs).toBe(1);
    const grown = next(created, { op: { op: 'resize', n: 2 }, calls: [metaAlloc(K, 102), metaFree(101), elemAlloc(K, 2)], outcome: returned(0) });
    expect(grown.blocks).toEqual({ pool: 100, elements: 102 });
    expect(grown.pool.reserve).toEqual([1, 2]);
  });

  it('refuses freeing blocks that are not the pool’s, naming the step', () => {
    const wrongArray = stepWorld(created, { op: { op: 'resize', n: 2 }, calls: [metaAlloc(K, 102), metaFree(555), elemAlloc(K, 2)], outcome: returned(0) });
    expect(wrongArray).toMatchObject({ inconsistent: true, expected: 'kfree(0x65)', actual: 'kfree(0x22b)' });
    const badStep = stepWorld(created, { op: { op: 'alloc', gfp: GFP_ATOMIC }, calls: [elemAlloc(firstPassMask(GFP_ATOMIC), 0)], outcome: returned(0) });
    expect(isInconsistent(badStep) && badStep.reason).toMatch(/^step 1 of 1, saw-empty/);
  });
});
