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

interface CachedSnapshot {
  steps: number;
  snap: PoolSnapshot;
}

/** Per execution (a world lives for one): the snapshot of the last step, shared by the monitors. */
const snapshots = new WeakMap<PoolWorld, CachedSnapshot>();

/**
 * The pool's abstract state after the current step, read once per step whichever monitors ask (state
 * only changes in steps; monitors run between them).
 */
export function snapshotOf(world: PoolWorld, kernel: Kernel): PoolSnapshot {
  const cached = snapshots.get(world);
  if (cached !== undefined && cached.steps === kernel.steps) return cached.snap;
  const snap = world.snapshot(kernel);
  if (cached === undefined) snapshots.set(world, { steps: kernel.steps, snap });
  else {
    cached.steps = kernel.steps;
    cached.snap = snap;
  }
  return snap;
}
