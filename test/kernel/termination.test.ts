/**
 * Nothing runs unbounded: a step that never reaches a scheduling point, setup and teardown (which run
 * alone) and a sequential operation are stopped and reported as TERMINATION findings.
 */
import { describe, expect, it } from 'vitest';
import { runExecution } from '../../explorer/execution.ts';
import type { Program } from '../../explorer/program.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { load, spin_lock, spin_lock_init, spin_unlock, type Gen } from '../../kernel/api/index.ts';
import { DEFAULT_KERNEL_CONFIG, MAX_OPS_PER_STEP } from '../../kernel/rt/kernel.ts';
import { runSequential, SEQUENTIAL_MAX_STEPS } from '../../kernel/rt/sequential.ts';
import { kernel } from './helpers.ts';

/** Spins on a cell under a lock that no other thread touches: every load is merged into one step. */
function* spinUnderLock(lock: number, cell: number): Gen<void> {
  yield* spin_lock(lock);
  while ((yield* load(cell)) === 0);
  yield* spin_unlock(lock);
}

/** Spins on a cell with no lock held: every load is a scheduling point. */
function* spin(cell: number): Gen<void> {
  while ((yield* load(cell)) === 0);
}

function program(parts: { setup?: (c: number) => Gen<void>; thread?: (l: number, c: number) => Gen<void>; teardown?: (c: number) => Gen<void> }): Program<{ lock: number; cell: number }> {
  return {
    kernelConfig: DEFAULT_KERNEL_CONFIG,
    *setup(k) {
      const lock = k.harnessCell();
      const cell = k.harnessCell();
      yield* spin_lock_init(lock);
      if (parts.setup) yield* parts.setup(cell);
      return { lock, cell };
    },
    threads: ({ lock, cell }) => (parts.thread ? [{ name: 'T1', body: parts.thread(lock, cell) }] : []),
    ...(parts.teardown ? { teardown: ({ cell }: { cell: number }) => (parts.teardown as (c: number) => Gen<void>)(cell) } : {}),
  };
}

const MAX_STEPS = 300;

describe('TERMINATION', () => {
  it(`a step that runs ${MAX_OPS_PER_STEP} operations without a scheduling point is stopped and reported`, () => {
    const r = runExecution(program({ thread: spinUnderLock }), new DfsScheduler(), [], { maxSteps: MAX_STEPS });
    expect(r.violations.map((v) => v.property)).toEqual(['TERMINATION']);
    expect(r.violations[0]?.message).toMatch(/without reaching a scheduling point/);
    expect(r.kernel.threads[1]?.status).toBe('dead');
  });

  it('setup running alone is bounded like a sequential operation (not by a smaller step limit)', () => {
    const r = runExecution(program({ setup: spin }), new DfsScheduler(), [], { maxSteps: MAX_STEPS });
    expect(r.end).toBe('setup-failed');
    expect(r.violations.map((v) => v.property)).toEqual(['TERMINATION']);
    expect(r.violations[0]?.message).toBe(`setup ran alone for ${SEQUENTIAL_MAX_STEPS} steps without returning: an endless loop (no pool operation alone takes that many)`);
    // A step limit above that bound raises it.
    const longer = runExecution(program({ setup: spin }), new DfsScheduler(), [], { maxSteps: 2 * SEQUENTIAL_MAX_STEPS });
    expect(longer.violations[0]?.message).toMatch(new RegExp(`^setup ran alone for ${2 * SEQUENTIAL_MAX_STEPS} steps`));
  });

  it('a setup longer than a small step limit is no finding: the bound counts its own steps', () => {
    function* long(cell: number): Gen<void> {
      for (let i = 0; i < 2 * MAX_STEPS; i++) yield* load(cell);
    }
    const r = runExecution(program({ setup: long, teardown: long }), new DfsScheduler(), [], { maxSteps: MAX_STEPS });
    expect(r.violations).toEqual([]);
    expect(r.end).toBe('terminated');
  });

  it('teardown running alone is bounded the same way', () => {
    const r = runExecution(program({ teardown: spin }), new DfsScheduler(), [], { maxSteps: MAX_STEPS });
    expect(r.violations.map((v) => v.property)).toEqual(['TERMINATION']);
    expect(r.violations[0]?.message).toMatch(new RegExp(`^teardown ran alone for ${SEQUENTIAL_MAX_STEPS} steps`));
  });

  it('a concurrent run at the step limit is not TERMINATION (another thread may be what keeps it going)', () => {
    const r = runExecution(program({ thread: (_l, c) => spin(c) }), new DfsScheduler(), [], { maxSteps: MAX_STEPS });
    expect(r.end).toBe('step-limit');
    expect(r.violations.map((v) => v.property)).not.toContain('TERMINATION');
  });

  it('a sequential operation that never returns is stopped, reported and abandoned', () => {
    const k = kernel();
    const cell = k.harnessCell();
    const outcome = runSequential(k, 'spin', spin(cell));
    expect(outcome).toEqual({ kind: 'dead' });
    expect(k.findings.map((f) => f.property)).toEqual(['TERMINATION']);
    expect(k.findings[0]?.message).toBe(`spin: no return after ${SEQUENTIAL_MAX_STEPS} steps running alone: an endless loop`);
  });
});
