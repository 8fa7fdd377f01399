/**
 * How monitors reach the pool of a run: the explorer hands them the setup value, which for scenario
 * programs is a PoolWorld. Monitors of pool properties have nothing to check on any other program.
 */
import type { MonitorContext } from '../../explorer/monitor.ts';
import type { Kernel } from '../../kernel/rt/kernel.ts';
import type { Ptr } from '../../kernel/rt/ops.ts';
import type { Thread } from '../../kernel/rt/thread.ts';
import { PoolWorld } from '../../scenarios/world.ts';

export function worldOf(ctx: MonitorContext): PoolWorld | null {
  return ctx.setup instanceof PoolWorld ? ctx.setup : null;
}

/** The pool's min_nr and curr_nr and whether its lock is free, read without allocating. */
export interface Counters {
  min: number;
  curr: number;
  lockFree: boolean;
}

/** Reads min_nr/curr_nr through `inspect` (the only layout-independent door) and the lock word. */
export function readCounters(world: PoolWorld, kernel: Kernel, into: Counters): Counters {
  const snap = world.snapshot(kernel);
  into.min = snap.min_nr;
  into.curr = snap.curr_nr;
  into.lockFree = kernel.mem.peek(world.impl.lockOf(world.pool)) === 0;
  return into;
}

/** Readable element name as the allocator knows it (e1.2), for messages. */
export const elementName = (kernel: Kernel, ptr: Ptr): string => kernel.allocators.name(ptr);

/** Threads of the concurrent part (not setup, not teardown) that have not finished. */
export function unfinished(kernel: Kernel): Thread[] {
  return kernel.threads.filter((t) => t.status === 'ready' && t.name !== 'setup' && t.name !== 'teardown');
}
