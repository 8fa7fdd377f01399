/**
 * Tiny thread programs written directly against kernel/api, small enough that their executions can
 * be enumerated by hand (see counts.test.ts). Shared cells: `x`, `y`, locks `a`, `b`.
 */
import { explore, type ExplorationResult } from '../../explorer/explore.ts';
import type { ExecutionResult } from '../../explorer/execution.ts';
import type { Program } from '../../explorer/program.ts';
import type { Scheduler } from '../../explorer/scheduler.ts';
import { spin_lock_init } from '../../kernel/api/sync.ts';
import type { Gen, Loc } from '../../kernel/api/index.ts';
import { DEFAULT_KERNEL_CONFIG } from '../../kernel/rt/kernel.ts';
import { CHOICE, NEVER } from '../../kernel/rt/faults.ts';

export interface Cells {
  readonly x: Loc;
  readonly y: Loc;
  readonly a: Loc;
  readonly b: Loc;
}

export type Body = (c: Cells) => Gen<unknown>;

/** A program of the given thread bodies; allocations are a choice (success, then failure) when asked. */
export function tiny(bodies: readonly Body[], options: { allocChoice?: boolean } = {}): Program<Cells> {
  return {
    kernelConfig: { ...DEFAULT_KERNEL_CONFIG, faults: { element: options.allocChoice ? CHOICE : NEVER, meta: NEVER } },
    *setup(kernel): Gen<Cells> {
      const c: Cells = { x: kernel.harnessCell(), y: kernel.harnessCell(), a: kernel.harnessCell(), b: kernel.harnessCell() };
      yield* spin_lock_init(c.a);
      yield* spin_lock_init(c.b);
      return c;
    },
    threads: (c) => bodies.map((body, i) => ({ name: `T${i + 1}`, body: body(c) })),
  };
}

export interface Run {
  readonly result: ExplorationResult;
  readonly executions: ExecutionResult[];
}

/** Explore everything (no stop on failure), keeping every execution. */
export function exploreAll(program: Program<Cells>, scheduler: Scheduler, maxExecutions = 100_000): Run {
  const executions: ExecutionResult[] = [];
  const onRestart = (): void => {
    executions.length = 0;
  };
  const result = explore(program, scheduler, [], { maxExecutions, stopOnFailure: false, keepFailures: 0, onRestart }, undefined, (e) => {
    executions.push(e);
  });
  return { result, executions };
}
