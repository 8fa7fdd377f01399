/**
 * mempool_free's unlocked test (L317, `pool->curr_nr < pool->min_nr`) is two plain loads without the
 * lock, not a critical section: a concurrent resize may change min_nr between them. A free may thus
 * give its element to free_fn although the reserve was short at every single instant of the call. The
 * model explains this by a `free-test` step (the first load) before `release` (the second), in either
 * operand order; these histories are linearizable and the port passes every property on them.
 */
import { describe, expect, it } from 'vitest';
import { buildMutant } from '../../impl/patched/load.ts';
import { run } from './run.ts';
import { tornGrow2, tornShrink2, tornShrink3 } from './scenarios.ts';

/** Test-only edit: L317 loads min_nr first (C leaves the operands' order open; arm64 may reorder the loads). */
const minFirst = buildMutant({
  name: 'test-free-reads-min-first',
  summary: 'the unlocked test of L317 loads min_nr before curr_nr',
  breaks: 'nothing: the same test with the other evaluation order',
  file: 'free.ts',
  patches: [
    {
      find: '  if (unlikely((yield* load(pool.curr_nr)) < (yield* load(pool.min_nr)))) { // L317\n',
      replace: '  if (unlikely((yield* load(pool.min_nr)) > (yield* load(pool.curr_nr)))) { // L317 (test edit: min_nr first)\n',
    },
  ],
  caughtBy: [],
});

describe('LINEARIZABLE: the torn read of L317', () => {
  it('a free that read curr_nr before a shrink and min_nr after it gives its element away: linearizable (two threads)', () => {
    const r = run(tornShrink2);
    expect(r.result.complete).toBe(true);
    expect(r.counts).toEqual({});
    expect(r.lin.checked).toBe(r.executions);
    expect(r.lin.unknown).toBe(0);
  });

  it('the program it was reported on passes every execution (dfs and dpor)', () => {
    for (const strategy of ['dfs', 'dpor']) {
      const r = run(tornShrink3, { strategy });
      expect(r.result.complete).toBe(true);
      expect(r.counts).toEqual({});
      expect(r.lin.unknown).toBe(0);
    }
  });

  it('the other operand order: min_nr read before a grow, curr_nr after its refill (test edit of the port)', () => {
    const r = run(tornGrow2, { impl: minFirst, ids: ['LINEARIZABLE'] });
    expect(r.result.complete).toBe(true);
    expect(r.counts).toEqual({});
    const port = run(tornGrow2);
    expect(port.result.complete).toBe(true);
    expect(port.counts).toEqual({});
  });
});
