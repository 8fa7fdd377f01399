/**
 * NO-DEADLOCK: whenever every thread that holds elements frees them, every waiter finishes. So an
 * execution must not end blocked with a waiter asleep for good while no caller holds an element (in its
 * hands or in a shared variable). A waiter blocked because a caller keeps its element for good is the
 * caller's doing, not the pool's; an element inside a mempool_free that can never finish (its lock is
 * never released) is the pool's, and does not count as held.
 *
 * "Asleep for good" is a sleep only a wake-up can end: in `untimed` mode every sleep; in `timed` mode a
 * sleep without a timeout (io_schedule, MAX_SCHEDULE_TIMEOUT). Such a sleeper is deadlocked even where
 * other sleepers could still time out: a timed-out waiter holds nothing and is no one's promise of a
 * wake-up. A timed sleeper left when the timeout budget ran out is not judged (its timeout would fire).
 */
import type { EndKind, Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import type { Kernel } from '../kernel/rt/kernel.ts';
import { MAX_SCHEDULE_TIMEOUT } from '../kernel/rt/ops.ts';
import type { Thread } from '../kernel/rt/thread.ts';
import { violation, type PropertyDef } from './property.ts';
import { worldOf } from './support/world.ts';

const ID = 'NO-DEADLOCK';

/** Asleep in a sleep that nothing but a wake-up can end. */
export function asleepForGood(kernel: Kernel, t: Thread): boolean {
  if (t.status !== 'ready' || !t.isAsleep()) return false;
  if (kernel.config.timeouts === 'untimed') return true;
  return t.pending?.kind === 'schedule_timeout' && t.pending.timeout >= MAX_SCHEDULE_TIMEOUT;
}

/** Keeps nothing per execution (it reads the world from the context): a fork is the monitor itself. */
class NoDeadlockMonitor implements Monitor {
  readonly name = ID;

  fork(): Monitor {
    return this;
  }

  /** Judges the final world alone (sleepers, what callers hold, the timeout mode): writing nothing is exact. */
  writeState(): void {}

  atEnd(ctx: MonitorContext, end: EndKind): readonly Violation[] {
    const world = worldOf(ctx);
    const { kernel } = ctx;
    if (end !== 'blocked' || world === null) return [];
    const sleepers = kernel.threads.filter((t) => asleepForGood(kernel, t));
    if (sleepers.length === 0) return [];
    if (world.outside(kernel).length > 0) return [];
    const names = sleepers.map((t) => t.name).join(', ');
    const reserve = world.destroyed ? 0 : world.snapshot(kernel).curr_nr;
    const how = kernel.config.timeouts === 'untimed' ? '' : ' with no timeout';
    return [violation(ID, `${names} asleep for good${how} in mempool_alloc while no caller holds an element (reserve: ${reserve})`, kernel.steps, sleepers[0]?.id)];
  }
}

export const noDeadlock: PropertyDef = {
  id: ID,
  statement: 'no execution ends with a waiter asleep for good (untimed mode: any sleep; timed mode: a sleep with no timeout) while no caller holds an element',
  checkedAt: ['end'],
  create: () => new NoDeadlockMonitor(),
};
