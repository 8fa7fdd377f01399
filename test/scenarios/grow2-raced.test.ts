/**
 * grow2 exists to reach the "Raced" branch of mempool_resize (L155-159): two grows both allocate a new
 * array, and the one that takes the lock second finds min_nr already >= its size, frees its array and
 * returns 0. In the history that is a resize whose only allocator calls are kmalloc_array and the kfree
 * of that same array.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { v41 } from '../../impl/v4.1/index.ts';
import { OpTracker, type TrackedOp } from '../../properties/support/ops.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';

const raced = (op: TrackedOp): boolean => {
  const [first, second, ...rest] = op.calls;
  return (
    op.op.op === 'resize' &&
    rest.length === 0 &&
    first?.kind === 'alloc' &&
    first.api === 'kmalloc_array' &&
    first.result !== 0 &&
    second?.kind === 'free' &&
    second.ptr === first.result &&
    op.value === 0
  );
};

describe('grow2', () => {
  it('reaches the Raced branch (L155-159) in some executions, and passes every property there too', () => {
    let racedRuns = 0;
    const racedSizes = new Set<number>();
    const tracker = new OpTracker();
    const r = explore(scenarioProgram(scenarioNamed('grow2'), v41), new DfsScheduler(), monitorsFor(), { maxExecutions: 10_000, stopOnFailure: false, keepFailures: 1 }, undefined, (e) => {
      tracker.reset();
      tracker.sync(e.kernel.history);
      const ops = tracker.ops.filter(raced);
      if (ops.length > 0) racedRuns += 1;
      for (const op of ops) if (op.op.op === 'resize') racedSizes.add(op.op.n);
    });
    expect(r.verdict).toBe('pass');
    expect(r.complete).toBe(true);
    expect(racedRuns).toBeGreaterThan(0);
    // Only the smaller grow can lose the race: resize(3) always finds min_nr < 3.
    expect([...racedSizes]).toEqual([2]);
  });
});
