/**
 * The contract's model (model/contract/): what every mempool must do, read from element calls only, with
 * no opinion on metadata or on the order of allocator calls. Each rule is shown accepting what it must
 * and refusing what breaks it.
 */
import { describe, expect, it } from 'vitest';
import { GFP_ATOMIC, GFP_KERNEL, GFP_NOIO, __GFP_NOWARN, __GFP_WAIT } from '../../kernel/rt/gfp.ts';
import { isInconsistent, semanticsOf, type ContractState, type Observation } from '../../model/index.ts';
import { MAX_UNTRACED_DROPS } from '../../model/contract/plan.ts';
import type { ContractStep } from '../../model/contract/steps.ts';
import { checkLinearizable, type LinModel, type LinOp } from '../../properties/lin/search.ts';
import { BLOCKED, BUG, PENDING, elemAlloc, elemFree, metaAlloc, metaFree, poolStruct, returned } from './helpers.ts';

const contract = semanticsOf('contract');

function steps(obs: Observation): string[] {
  const p = contract.plan(obs);
  if (isInconsistent(p)) throw new Error(`refused: ${p.reason}`);
  return p.map((s) => contract.describeStep(s));
}

function refusal(obs: Observation): string {
  const p = contract.plan(obs);
  if (!isInconsistent(p)) throw new Error(`accepted: ${JSON.stringify(p)}`);
  return p.reason;
}

const pool = (min_nr: number, ...reserve: number[]): ContractState => contract.initialState({ min_nr, reserve }) as ContractState;

function run(s: ContractState, obs: Observation): ContractState {
  const p = contract.plan(obs);
  if (isInconsistent(p)) throw new Error(p.reason);
  let state: ContractState = s;
  for (const step of p) {
    const next = contract.apply(state, step);
    if (isInconsistent(next)) throw new Error(next.reason);
    state = next as ContractState;
  }
  return state;
}

function refusedIn(s: ContractState, obs: Observation): string {
  try {
    run(s, obs);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('accepted');
}

const alloc = (gfp: number, calls: Observation['calls'], outcome: Observation['outcome']): Observation => ({ op: { op: 'alloc', gfp }, calls, outcome });

describe('contract: create', () => {
  it('any metadata, in any order, or none; the reserve is what alloc_fn gave and the pool kept', () => {
    expect(steps({ op: { op: 'create', min_nr: 2 }, calls: [elemAlloc(GFP_KERNEL, 1), metaAlloc(GFP_KERNEL, 100), elemAlloc(GFP_KERNEL, 2)], outcome: returned(1) })).toEqual([
      'create(min_nr 2, reserve [0x1, 0x2])',
    ]);
    expect(steps({ op: { op: 'create', min_nr: 1 }, calls: [elemAlloc(GFP_KERNEL, 1)], outcome: returned(1) })).toEqual(['create(min_nr 1, reserve [0x1])']);
  });

  it('holds min_nr to max(1, min_nr) elements: a zero-minimum pool may keep one (v6.17) or none (v4.1)', () => {
    expect(steps({ op: { op: 'create', min_nr: 0 }, calls: [], outcome: returned(1) })).toEqual(['create(min_nr 0, reserve [])']);
    expect(steps({ op: { op: 'create', min_nr: 0 }, calls: [elemAlloc(GFP_KERNEL, 1)], outcome: returned(1) })).toEqual(['create(min_nr 0, reserve [0x1])']);
    expect(refusal({ op: { op: 'create', min_nr: 2 }, calls: [elemAlloc(GFP_KERNEL, 1)], outcome: returned(1) })).toMatch(/holds 2 element/);
    expect(refusal({ op: { op: 'create', min_nr: 1 }, calls: [elemAlloc(GFP_KERNEL, 1), elemAlloc(GFP_KERNEL, 2)], outcome: returned(1) })).toMatch(/holds 1 element/);
  });

  it('NULL only after a failed allocation, with every element given back', () => {
    expect(steps({ op: { op: 'create', min_nr: 2 }, calls: [elemAlloc(GFP_KERNEL, 1), elemAlloc(GFP_KERNEL, 0), elemFree(1)], outcome: returned(0) })).toEqual(['create-failed']);
    expect(steps({ op: { op: 'create', min_nr: 2 }, calls: [metaAlloc(GFP_KERNEL, 0)], outcome: returned(0) })).toEqual(['create-failed']);
    expect(refusal({ op: { op: 'create', min_nr: 1 }, calls: [elemAlloc(GFP_KERNEL, 1)], outcome: returned(0) })).toMatch(/only when an allocation failed/);
    expect(refusal({ op: { op: 'create', min_nr: 2 }, calls: [elemAlloc(GFP_KERNEL, 1), elemAlloc(GFP_KERNEL, 0)], outcome: returned(0) })).toMatch(/kept \[0x1\].*leaked/);
  });
});

describe('contract: alloc', () => {
  const K = GFP_KERNEL;
  it('an element from alloc_fn, with any mask within the caller’s permissions', () => {
    expect(steps(alloc(K, [elemAlloc(K, 7)], returned(7)))).toEqual(['fresh(0x7)']);
    expect(steps(alloc(GFP_ATOMIC, [elemAlloc(GFP_ATOMIC | __GFP_NOWARN, 7)], returned(7)))).toEqual(['fresh(0x7)']);
    expect(refusal(alloc(GFP_ATOMIC, [elemAlloc(GFP_ATOMIC | __GFP_WAIT, 7)], returned(7)))).toMatch(/allows __GFP_WAIT the caller did not/);
    expect(refusal(alloc(GFP_NOIO, [elemAlloc(GFP_KERNEL, 7)], returned(7)))).toMatch(/allows .*__GFP_IO.*the caller did not/);
  });

  it('from the reserve only after alloc_fn failed (kerneldoc: dipping into the reserve when alloc_fn fails)', () => {
    expect(steps(alloc(K, [elemAlloc(K, 0)], returned(3)))).toEqual(['take(0x3)']);
    expect(refusal(alloc(K, [], returned(3)))).toMatch(/without alloc_fn failing first/);
    // Any element of the reserve: the contract does not say which one comes out next.
    expect(run(pool(3, 1, 2, 3), alloc(K, [elemAlloc(K, 0)], returned(1))).reserve).toEqual([2, 3]);
  });

  it('NULL only without __GFP_WAIT, after a failed alloc_fn and an empty reserve; asleep only with it', () => {
    expect(steps(alloc(GFP_ATOMIC, [elemAlloc(GFP_ATOMIC, 0)], returned(0)))).toEqual(['saw-empty']);
    expect(refusedIn(pool(1, 5), alloc(GFP_ATOMIC, [elemAlloc(GFP_ATOMIC, 0)], returned(0)))).toMatch(/saw-empty needs curr_nr == 0/);
    expect(refusal(alloc(K, [elemAlloc(K, 0)], returned(0)))).toMatch(/never returns NULL/);
    expect(refusal(alloc(GFP_ATOMIC, [], returned(0)))).toMatch(/returns NULL only after alloc_fn failed/);
    expect(steps(alloc(K, [elemAlloc(K, 0)], BLOCKED))).toEqual(['saw-empty']);
    expect(refusal(alloc(GFP_ATOMIC, [elemAlloc(GFP_ATOMIC, 0)], BLOCKED))).toMatch(/must not sleep/);
    expect(refusal(alloc(K, [elemAlloc(K, 0)], BUG))).toMatch(/never hits a BUG/);
  });

  it('what it got and does not return goes back to free_fn or refills the reserve', () => {
    expect(steps(alloc(K, [elemAlloc(K, 7), elemAlloc(K, 8)], returned(8)))).toEqual(['add(0x7)', 'fresh(0x8)']);
    expect(steps(alloc(K, [elemAlloc(K, 7), elemAlloc(K, 8), elemFree(7)], returned(8)))).toEqual(['fresh(0x8)']);
    expect(refusal(alloc(K, [elemAlloc(K, 0), elemFree(9)], returned(3)))).toMatch(/gave \[0x9\] to free_fn, which it did not get/);
    expect(refusal(alloc(K, [elemAlloc(K, 7), elemFree(7)], returned(7)))).toMatch(/which it gave to free_fn/);
  });
});

describe('contract: free, the reserve guarantee', () => {
  const free = (element: number, calls: Observation['calls'] = []): Observation => ({ op: { op: 'free', element }, calls, outcome: returned(0) });
  it('refills a short reserve; free_fn only when it was full (L300-316)', () => {
    expect(run(pool(2, 1), free(5)).reserve).toEqual([1, 5]);
    expect(run(pool(1, 1), free(5, [elemFree(5)])).reserve).toEqual([1]);
    expect(refusedIn(pool(2, 1), free(5, [elemFree(5)]))).toMatch(/release\(0x5\) needs curr_nr >= min_nr.*reserve guarantee/);
    expect(refusedIn(pool(1, 1), free(5))).toMatch(/push\(0x5\) needs curr_nr < min_nr/);
  });

  it('a zero-minimum pool may keep one element (v6.17 semantics) or give it back (v4.1)', () => {
    expect(run(pool(0), free(5)).reserve).toEqual([5]);
    expect(run(pool(0), free(5, [elemFree(5)])).reserve).toEqual([]);
    expect(refusedIn(pool(0, 4), free(5))).toMatch(/max\(1, min_nr\)/);
  });

  it('freeing NULL does nothing; a free gives back at most its own element', () => {
    expect(steps(free(0))).toEqual([]);
    expect(refusal(free(5, [elemFree(6)]))).toMatch(/at most its own element/);
    expect(refusal(free(5, [elemAlloc(GFP_KERNEL, 6)]))).toMatch(/allocates no element/);
  });
});

describe('contract: resize and destroy', () => {
  const resize = (n: number, calls: Observation['calls'], outcome: Observation['outcome'] = returned(0)): Observation => ({ op: { op: 'resize', n }, calls, outcome });
  it('shrink: surplus elements to free_fn, then the minimum; grow: the minimum, then refills', () => {
    expect(run(pool(3, 1, 2, 3), resize(1, [elemFree(3), elemFree(1)]))).toMatchObject({ min_nr: 1, reserve: [2] });
    expect(refusedIn(pool(3, 1, 2, 3), resize(1, [elemFree(3)]))).toMatch(/set-min\(1\) needs curr_nr <= 1/);
    expect(refusedIn(pool(3, 1, 2), resize(2, [elemFree(1)]))).toMatch(/drop\(0x1, n 2\) needs curr_nr > 2/);
    expect(run(pool(1, 1), resize(3, [metaAlloc(GFP_KERNEL, 100), elemAlloc(GFP_KERNEL, 2), metaFree(50)]))).toMatchObject({ min_nr: 3, reserve: [1, 2] });
    // A refill that raced a free hands its element back: nothing changes for it.
    expect(steps(resize(3, [elemAlloc(GFP_KERNEL, 2), elemFree(2)]))).toEqual(['set-min(3)']);
  });

  it('an error leaves the pool as it was; n <= 0 is a BUG or an error with nothing changed', () => {
    expect(steps(resize(4, [metaAlloc(GFP_KERNEL, 0)], returned(-12)))).toEqual([]);
    expect(refusal(resize(4, [elemAlloc(GFP_KERNEL, 2)], returned(-12)))).toMatch(/changed the reserve/);
    expect(steps(resize(0, [], BUG))).toEqual([]);
    expect(steps(resize(-1, [], returned(-22)))).toEqual([]);
    expect(refusal(resize(0, [], returned(0)))).toMatch(/minimum <= 0 is refused/);
  });

  it('destroy gives every reserve element back, once each, in any order', () => {
    const destroy = (calls: Observation['calls']): Observation => ({ op: { op: 'destroy' }, calls, outcome: returned(0) });
    expect(run(pool(2, 1, 2), destroy([elemFree(1), metaFree(100), elemFree(2)])).exists).toBe(false);
    expect(refusedIn(pool(2, 1, 2), destroy([elemFree(2)]))).toMatch(/the reserve held 2, free_fn got 1/);
    expect(refusedIn(pool(2, 1, 2), destroy([elemFree(2), elemFree(2)]))).toMatch(/once each/);
  });
});

describe('contract: cut-off operations', () => {
  it('a pending alloc may have taken some element; the pool’s size stays exact', () => {
    const tails = contract.pendingTails(alloc(GFP_KERNEL, [elemAlloc(GFP_KERNEL, 0)], PENDING));
    expect(isInconsistent(tails) ? [] : tails.map((t) => t.map((s) => contract.describeStep(s)))).toEqual([[], ['saw-empty'], ['take-any']]);
    const s = contract.apply(pool(2, 1, 2), { kind: 'take-any' });
    expect(isInconsistent(s) ? -1 : contract.currNr(s)).toBe(1);
  });

  const resize = (n: number, calls: Observation['calls']): Observation => ({ op: { op: 'resize', n }, calls, outcome: PENDING });
  const tailsOf = (obs: Observation): string[][] => {
    const tails = contract.pendingTails(obs);
    return isInconsistent(tails) ? [] : tails.map((t) => t.map((s) => contract.describeStep(s)));
  };

  it('a pending resize may have taken elements out it has not handed back yet, or set the minimum and refilled part', () => {
    const drops = Array.from({ length: MAX_UNTRACED_DROPS }, (_, k) => Array.from({ length: k + 1 }, () => 'drop-any(n 1)'));
    expect(tailsOf(resize(1, []))).toEqual([[], ...drops, ['set-min(1)']]);
    const got = tailsOf(resize(3, [elemAlloc(GFP_KERNEL, 7), elemAlloc(GFP_KERNEL, 8)]));
    expect(got.slice(MAX_UNTRACED_DROPS + 1)).toEqual([['set-min(3)'], ['set-min(3)', 'add(0x7)'], ['set-min(3)', 'add(0x7)', 'add(0x8)']]);
    // A drop needs more than the new minimum in the reserve, like a traced one.
    const s = contract.apply(pool(2, 1, 2), { kind: 'drop-any', n: 1 });
    expect(isInconsistent(s) ? -1 : contract.currNr(s)).toBe(1);
    expect(isInconsistent(contract.apply(pool(1, 1), { kind: 'drop-any', n: 1 }))).toBe(true);
  });

  it('a history only explained by a shrink that took an element and was cut before free_fn is linearizable', () => {
    // Reserve {1, 2}, minimum 2. The shrink to 1 took 2 (not yet given back); A took 1; B found the
    // reserve empty and returned NULL. Without the shrink's untraced drop B's saw-empty is refused.
    const shrink = resize(1, []);
    const a = alloc(GFP_ATOMIC, [elemAlloc(GFP_ATOMIC | __GFP_NOWARN, 0)], returned(1));
    const b = alloc(GFP_ATOMIC, [elemAlloc(GFP_ATOMIC | __GFP_NOWARN, 0)], returned(0));
    const op = (obs: Observation, at: number, ret: number | null, extra: readonly ContractStep[] = []): LinOp<ContractStep> => {
      const p = contract.plan(obs) as readonly ContractStep[];
      return { steps: [...p, ...extra], invokeAt: at, returnAt: ret, required: p.length + extra.length, label: () => obs.op.op };
    };
    const check = (extra: readonly ContractStep[]) =>
      checkLinearizable(contract as unknown as LinModel<ContractState, ContractStep>, pool(2, 1, 2), [op(shrink, 0, null, extra), op(a, 1, 2), op(b, 3, 4)]).verdict;
    expect(check([])).toBe('violation');
    expect(check([{ kind: 'drop-any', n: 1 }])).toBe('ok');
  });
});

describe('the refinements differ exactly where the versions do', () => {
  const v41 = semanticsOf('v4.1');
  const v617 = semanticsOf('v6.17');
  const create0 = (calls: Observation['calls']): Observation => ({ op: { op: 'create', min_nr: 0 }, calls, outcome: returned(1) });
  const K = GFP_KERNEL;

  it('create(0): v4.1 pre-fills nothing (L96), v6.17 one element (v6.17 L218)', () => {
    expect(isInconsistent(v41.plan(create0([poolStruct(K, 100), metaAlloc(K, 16)])))).toBe(false);
    expect(isInconsistent(v617.plan(create0([poolStruct(K, 100), metaAlloc(K, 16)])))).toBe(true);
    expect(isInconsistent(v617.plan(create0([poolStruct(K, 100), metaAlloc(K, 101), elemAlloc(K, 1)])))).toBe(false);
    expect(isInconsistent(v41.plan(create0([poolStruct(K, 100), metaAlloc(K, 101), elemAlloc(K, 1)])))).toBe(true);
  });

  it('an empty zero-minimum pool: v4.1 gives a freed element to free_fn, v6.17 takes it back', () => {
    const empty0 = v41.initialState({ min_nr: 0, reserve: [] });
    const push = { kind: 'push', element: 5 };
    const release = { kind: 'release', element: 5 };
    expect(isInconsistent(v41.apply(empty0, push))).toBe(true);
    expect(isInconsistent(v41.apply(empty0, release))).toBe(false);
    expect(isInconsistent(v617.apply(empty0, push))).toBe(false);
    expect(v617.apply(empty0, release)).toMatchObject({ reason: expect.stringMatching(/takes the element back and wakes.*v6.17 L563-571/) });
    // With an element in it, both give the next one away; above zero, both follow curr_nr < min_nr.
    const one0 = v41.initialState({ min_nr: 0, reserve: [1] });
    expect(isInconsistent(v617.apply(one0, push))).toBe(true);
    expect(isInconsistent(v617.apply(one0, release))).toBe(false);
  });
});
