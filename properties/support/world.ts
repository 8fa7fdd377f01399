/**
 * How monitors reach the pool of a run: the explorer hands them the setup value, which for scenario
 * programs is a PoolWorld. Monitors of pool properties have nothing to check on any other program.
 */
import type { MonitorContext } from '../../explorer/monitor.ts';
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
