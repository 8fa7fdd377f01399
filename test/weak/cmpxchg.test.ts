/**
 * cmpxchg under the weak model: fully ordered when it succeeds, relaxed (and no store) when it fails
 * (LKMM, Documentation/atomic_t.txt). Store buffering with a cmpxchg between each thread's store and
 * load: when both succeed their barriers forbid both loads reading the initial 0; when both fail
 * nothing orders the store before the load. dpor reaches exactly what dfs reaches either way (the
 * barrier depends on the value read, which the cmpxchg's own access to its word already makes
 * dependent on every store to it).
 */
import { describe, expect, it } from 'vitest';
import { atomic_cmpxchg, READ_ONCE, WRITE_ONCE } from '../../kernel/api/memory.ts';
import type { Gen, Loc } from '../../kernel/api/index.ts';
import { DEFAULT_KERNEL_CONFIG } from '../../kernel/rt/kernel.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import type { Program } from '../../explorer/program.ts';
import { explore } from '../../explorer/explore.ts';
import type { Scheduler } from '../../explorer/scheduler.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { DporScheduler } from '../../explorer/strategies/dpor.ts';

interface Cells {
  readonly x: Loc;
  readonly y: Loc;
  readonly u: Loc;
  readonly v: Loc;
}

/** T1: x = 1; cmpxchg(u, expected, 1); r1 = y. T2: y = 1; cmpxchg(v, expected, 1); r2 = x. */
function sb(expected: number): Program<Cells> {
  const thread = function* (mine: Loc, flag: Loc, other: Loc): Gen<number> {
    yield* WRITE_ONCE(mine, 1);
    yield* atomic_cmpxchg(flag, expected, 1);
    return yield* READ_ONCE(other);
  };
  return {
    kernelConfig: { ...DEFAULT_KERNEL_CONFIG, memory: memoryFactory({ model: 'weak' }) },
    *setup(kernel): Gen<Cells> {
      return { x: kernel.harnessCell(), y: kernel.harnessCell(), u: kernel.harnessCell(), v: kernel.harnessCell() };
    },
    threads: (c) => [
      { name: 'T1', body: thread(c.x, c.u, c.y) },
      { name: 'T2', body: thread(c.y, c.v, c.x) },
    ],
  };
}

function outcomes(program: Program<Cells>, scheduler: Scheduler): string[] {
  const seen = new Set<string>();
  const r = explore(program, scheduler, [], { maxExecutions: 10_000, stopOnFailure: false, keepFailures: 0, onRestart: () => seen.clear() }, undefined, (e) => {
    seen.add(e.kernel.threads.filter((t) => t.name === 'T1' || t.name === 'T2').map((t) => String(t.result)).join(','));
  });
  expect(r.complete).toBe(true);
  return [...seen].sort();
}

describe('cmpxchg: ordered on success, relaxed on failure (weak memory)', () => {
  it('both succeed: no run has both loads read the initial 0 (SB with full barriers)', () => {
    const dfs = outcomes(sb(0), new DfsScheduler());
    expect(dfs).toEqual(['0,1', '1,0', '1,1']);
    expect(outcomes(sb(0), new DporScheduler())).toEqual(dfs);
  });

  it('both fail: both loads may read 0 (no barrier, as SB with no fences)', () => {
    const dfs = outcomes(sb(5), new DfsScheduler());
    expect(dfs).toEqual(['0,0', '0,1', '1,0', '1,1']);
    expect(outcomes(sb(5), new DporScheduler())).toEqual(dfs);
  });
});
