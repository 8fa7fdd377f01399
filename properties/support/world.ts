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
 * only changes in steps; monitors run between them).
 */
export function snapshotOf(world: PoolWorld, kernel: Kernel): PoolSnapshot {
  return world.snapshotAt(kernel);
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
