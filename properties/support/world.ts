/**
 * How monitors reach the pool of a run: the explorer hands them the setup value, which for scenario
 * programs is a PoolWorld. Monitors of pool properties have nothing to check on any other program.
 */
import type { MonitorContext, Violation } from '../../explorer/monitor.ts';
import type { Kernel } from '../../kernel/rt/kernel.ts';
import { PoolWorld } from '../../scenarios/world.ts';
import type { PoolSnapshot } from '../../impl/pool-impl.ts';

export function worldOf(ctx: MonitorContext): PoolWorld | null {
  return ctx.setup instanceof PoolWorld ? ctx.setup : null;
}

/**
 * The pool's abstract state after the current step, read once per step whichever monitors ask (state
 * only changes in steps; monitors run between them), whatever the pool lock says: inside a critical
 * section the fields may be mid-update (fine-grained steps stop between the stores of add_element).
 * Pool invariants are judged on `settledSnapshotOf`; this raw view is for checks that reason about
 * what a lockless reader could see (RESERVE).
 */
export function snapshotOf(world: PoolWorld, kernel: Kernel): PoolSnapshot {
  return world.snapshotAt(kernel);
}

/**
 * The pool's abstract state where pool invariants are meant to hold: at a step boundary with the pool
 * lock free. Null while a thread holds it: the seed changes curr_nr, elements[] and min_nr only under
 * the lock, one store at a time, and promises nothing about them until the unlock. How coarse or fine
 * the steps are therefore changes nothing in what is judged.
 */
export function settledSnapshotOf(world: PoolWorld, kernel: Kernel): PoolSnapshot | null {
  return poolLockHeld(world, kernel) ? null : world.snapshotAt(kernel);
}

export function poolLockHeld(world: PoolWorld, kernel: Kernel): boolean {
  return kernel.mem.peek(world.impl.lockOf(world.pool)) !== 0;
}

/**
 * The base of a pool property's monitor: it finds the run's pool when the run starts (null on a program
 * that is not a pool scenario, where the property has nothing to check). A subclass that resets more
 * at the start overrides `start` and calls `super.start` first.
 */
export abstract class PoolMonitor {
  protected world: PoolWorld | null = null;

  start(ctx: MonitorContext): Violation | null {
    this.world = worldOf(ctx);
    return null;
  }
}
