import { describe, expect, it } from 'vitest';
import { GFP_KERNEL } from '../../kernel/rt/gfp.ts';
import { pendingTails, type Observation } from '../../model/index.ts';
import { BLOCKED, PENDING, elemAlloc, elemFree, metaAlloc, metaFree, poolStruct, refusal, returned, stepsOf } from './helpers.ts';

const create = (min_nr: number, calls: Observation['calls'], value: number): Observation => ({ op: { op: 'create', min_nr }, calls, outcome: returned(value) });
const K = GFP_KERNEL;

describe('plan: mempool_create (L72-107)', () => {
  it('pre-fills min_nr elements with GFP_KERNEL, bottom to top', () => {
    const obs = create(2, [poolStruct(K, 100), metaAlloc(K, 101), elemAlloc(K, 1), elemAlloc(K, 2)], 1);
    expect(stepsOf(obs)).toEqual([{ kind: 'create', min_nr: 2, elements: [1, 2] }]);
  });

  it('min_nr 0 succeeds with no element call (kmalloc of 0 bytes is not NULL)', () => {
    expect(stepsOf(create(0, [poolStruct(K, 100), metaAlloc(K, 16)], 1))).toEqual([{ kind: 'create', min_nr: 0, elements: [] }]);
  });

  it('fails cleanly at every point: pool struct, elements array, a pre-fill part-way', () => {
    expect(stepsOf(create(2, [poolStruct(K, 0)], 0))).toEqual([{ kind: 'create-failed' }]);
    expect(stepsOf(create(2, [poolStruct(K, 100), metaAlloc(K, 0), metaFree(100)], 0))).toEqual([{ kind: 'create-failed' }]);
    const partWay = [poolStruct(K, 100), metaAlloc(K, 101), elemAlloc(K, 1), elemAlloc(K, 2), elemAlloc(K, 0), elemFree(2), elemFree(1), metaFree(101), metaFree(100)];
    expect(stepsOf(create(3, partWay, 0))).toEqual([{ kind: 'create-failed' }]);
  });

  it('refuses a failed create that leaks its pre-filled elements, or frees them bottom first', () => {
    expect(refusal(create(2, [poolStruct(K, 100), metaAlloc(K, 101), elemAlloc(K, 1), elemAlloc(K, 0), metaFree(101), metaFree(100)], 0))).toMatch(/free_fn\(0x1\) next.*pre-filled/);
    const wrongOrder = [poolStruct(K, 100), metaAlloc(K, 101), elemAlloc(K, 1), elemAlloc(K, 2), elemAlloc(K, 0), elemFree(1), elemFree(2), metaFree(101), metaFree(100)];
    expect(refusal(create(3, wrongOrder, 0))).toMatch(/top first/);
  });

  it('refuses a pool returned short, a NULL after success, and a pre-fill without GFP_KERNEL', () => {
    expect(refusal(create(2, [poolStruct(K, 100), metaAlloc(K, 101), elemAlloc(K, 1)], 1))).toMatch(/pre-fill 2 of 2/);
    expect(refusal(create(1, [poolStruct(K, 100), metaAlloc(K, 101), elemAlloc(K, 1)], 0))).toMatch(/returns the pool/);
    expect(refusal(create(1, [poolStruct(K, 100), metaAlloc(K, 101), elemAlloc(0, 1)], 1))).toMatch(/mask was 0/);
    // The pool struct must be zeroed (kzalloc_node, L77): mempool_init_node of v4.18 on never sets curr_nr.
    expect(refusal(create(1, [metaAlloc(K, 100), metaAlloc(K, 101), elemAlloc(K, 1)], 1))).toMatch(/the pool struct, zeroed/);
  });
});

describe('plan: mempool_destroy (L39-47) and mempool_free (L277-328)', () => {
  it('destroy: reserve elements to free_fn, then the array and the pool', () => {
    const obs: Observation = { op: { op: 'destroy' }, calls: [elemFree(2), elemFree(1), metaFree(101), metaFree(100)], outcome: returned(0) };
    expect(stepsOf(obs)).toEqual([{ kind: 'destroy', freed: [2, 1], elements: 101, pool: 100 }]);
    expect(refusal({ ...obs, calls: [elemFree(2), metaFree(101)] })).toMatch(/kfree\(pool\), L46/);
  });

  it('free: NULL does nothing; otherwise push (no call) or the unlocked test then release (free_fn)', () => {
    const free = (element: number, calls: Observation['calls'], outcome: Observation['outcome'] = returned(0)): Observation => ({ op: { op: 'free', element }, calls, outcome });
    expect(stepsOf(free(0, []))).toEqual([]);
    expect(stepsOf(free(5, []))).toEqual([{ kind: 'push', element: 5 }]);
    expect(stepsOf(free(5, [elemFree(5)]))).toEqual([
      { kind: 'free-test', element: 5 },
      { kind: 'release', element: 5 },
    ]);
    expect(refusal(free(5, [elemFree(6)]))).toMatch(/free_fn\(0x5\)/);
    expect(refusal(free(0, [elemFree(6)]))).toMatch(/NULL does nothing/);
    expect(refusal(free(5, [], BLOCKED))).toMatch(/neither hits a BUG nor blocks/);
    expect(pendingTails(free(5, [], PENDING))).toEqual([[], [{ kind: 'push', element: 5 }]]);
  });
});
