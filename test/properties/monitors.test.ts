/**
 * What the monitors say, and when they stay silent: the parts of each property the one-row-per-property
 * table (each-property-caught.test.ts) does not reach.
 */
import { describe, expect, it } from 'vitest';
import { buildMutant } from '../../impl/patched/load.ts';
import { run } from './run.ts';

/** A test-only mutant: the grow refill loop (L167) runs one pass, so a grow can return 0 with the pool short. */
const growRefillsOnce = buildMutant({
  name: 'test-grow-refills-once',
  summary: 'the grow refill loop (L167) runs at most once',
  breaks: 'mempool_resize returns 0 with the reserve short although no allocation failed',
  file: 'resize.ts',
  patches: [
    {
      find: '      while (less(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr)))) { // L167\n',
      replace: '      if (less(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr)))) { // L167 (test mutant: one pass)\n',
    },
  ],
  caughtBy: ['RESERVE'],
});

describe('OWNERSHIP', () => {
  it('sees a freed element in the reserve (alloc-pop-unlocked: two callers got it, one freed it, one pushed it)', () => {
    // A caller that gets an element frees it in the same step (free follows alloc in its program), so
    // the double handout shows one step later: pushed back by one, handed to free_fn by the other.
    // dpor explores every trace (110 executions); dfs meets the runtime's use-after-free of the same
    // element first on its early schedules, which is OWNERSHIP's first violation there.
    const r = run('pair2', { impl: 'mutant:alloc-pop-unlocked', ids: ['OWNERSHIP'], strategy: 'dpor' });
    expect(r.result.complete).toBe(true);
    expect(r.distinct['OWNERSHIP']).toContain('the reserve holds e0.3, which is already freed');
  });

  it('sees an element twice in the reserve and an element lost (alloc-pop-unlocked on trio3)', () => {
    const r = run('trio3', { impl: 'mutant:alloc-pop-unlocked', ids: ['OWNERSHIP'], strategy: 'random', seed: 1, maxExecutions: 3000 });
    const messages = r.distinct['OWNERSHIP'] ?? [];
    expect(messages.some((m) => /e\d\.\d is in two places at once: the reserve and the reserve/.test(m))).toBe(true);
    expect(messages.some((m) => /e\d\.\d is live in its allocator but in no place .*: lost/.test(m))).toBe(true);
  });

  it('sees a reserve slot that holds no element (grow-no-copy)', () => {
    const r = run('grow2', { impl: 'mutant:grow-no-copy', ids: ['OWNERSHIP'] });
    expect(r.result.complete).toBe(true);
    expect(r.distinct['OWNERSHIP']).toEqual(['the reserve holds NULL, which is not an allocated element']);
  });
});

describe('RESERVE', () => {
  it('at quiescence: a grow that returns with the pool short although no refill failed', () => {
    const r = run('grow2', { impl: growRefillsOnce, ids: ['RESERVE'] });
    expect(r.result.complete).toBe(true);
    expect(r.distinct['RESERVE']).toEqual(['quiescent with curr_nr 2 < min_nr 3 while callers hold only 0 element(s), and no resize refill failed']);
  });

  it('lets a free decide on a curr_nr and a min_nr read at different moments (a concurrent resize): quad4 passes it', () => {
    const r = run('quad4', { ids: ['RESERVE'], strategy: 'random', seed: 1, maxExecutions: 4000 });
    expect(r.counts).toEqual({});
  });
});

describe('NO-LOST-WAKEUP', () => {
  it('reports a free that completed after the waiter began waiting, without waking it (zero-min)', () => {
    const r = run('zero-min', { ids: ['NO-LOST-WAKEUP'] });
    expect(r.result.complete).toBe(true);
    expect(r.distinct['NO-LOST-WAKEUP']?.some((m) => /T\d asleep since step \d+: T\d freed e\d\.\d after that and returned without waking it/.test(m))).toBe(true);
  });

  it('holds in timed mode too: the timeout would rescue the waiter, the lost wake-up is still a finding', () => {
    const timed = { timeouts: 'timed', timeoutBudget: 1 } as const;
    const bad = run('pair2', { impl: 'mutant:free-no-wake', overrides: timed });
    expect(Object.keys(bad.counts)).toEqual(['NO-LOST-WAKEUP']);
    const port = run('pair2', { overrides: { ...timed, timeoutBudget: 2 } });
    expect(port.result.verdict).toBe('pass');
    expect(port.result.complete).toBe(true);
  });
});

describe('NO-DEADLOCK', () => {
  it('blames nobody when a caller keeps its element for good (resize-wake: the setup thread holds it)', () => {
    const r = run('resize-wake', { ids: ['NO-DEADLOCK'] });
    expect(r.result.verdict).toBe('pass');
    expect(r.result.complete).toBe(true);
  });

  it('counts an element stuck inside a free that can never finish as held by nobody (sleep-under-lock)', () => {
    const r = run('pair2', { impl: 'mutant:sleep-under-lock', ids: ['NO-DEADLOCK'] });
    expect(r.distinct['NO-DEADLOCK']?.length).toBeGreaterThan(0);
    for (const m of r.distinct['NO-DEADLOCK'] ?? []) expect(m).toMatch(/^T[12] asleep for good in mempool_alloc while no caller holds an element \(reserve: 0\)$/);
  });
});

describe('LINEARIZABLE', () => {
  it('checks every execution, reusing the verdicts of recurring histories', () => {
    const r = run('pair2');
    expect(r.result.verdict).toBe('pass');
    expect(r.lin.checked).toBe(r.executions);
    expect(r.lin.unknown).toBe(0);
    // A floor: pair2's executions interleave the same four operations, so few of their histories are
    // new (13 of 68 here); a cache that never hit would fall far under half.
    expect(r.lin.cached).toBeGreaterThan(r.executions / 2);
  });

  it('answers unknown on its budget: counted, never a pass of the property nor a failure, never a hang', () => {
    const r = run('pair2', { linBudget: 3 });
    expect(r.lin.unknown).toBe(r.executions);
    expect(r.counts).toEqual({});
  });

  it('explains the blocked waiters and cut-off operations of a livelock run (grow-no-raced-check also breaks it)', () => {
    const r = run('grow2', { impl: 'mutant:grow-no-raced-check', ids: ['LINEARIZABLE'] });
    expect(r.distinct['LINEARIZABLE']?.some((m) => /resize\(2\) -> 0.*grow-decide\(n 2\) needs n > min_nr/.test(m))).toBe(true);
  });
});
