/**
 * NO-DEADLOCK (untimed mode): whenever every thread that holds elements frees them, every waiter
 * finishes. So an execution must not end blocked with a waiter asleep while no caller holds an element
 * (in its hands or in a shared variable). A waiter blocked because a caller keeps its element for good
 * is the caller's doing, not the pool's; an element inside a mempool_free that can never finish (its
 * lock is never released) is the pool's, and does not count as held.
 */
import type { EndKind, Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import { violation, type PropertyDef } from './property.ts';
import { PoolMonitor } from './support/world.ts';

const ID = 'NO-DEADLOCK';

class NoDeadlockMonitor extends PoolMonitor implements Monitor {
  readonly name = ID;

  atEnd(ctx: MonitorContext, end: EndKind): readonly Violation[] {
    const world = this.world;
    const { kernel } = ctx;
    if (end !== 'blocked' || world === null || kernel.config.timeouts !== 'untimed') return [];
    const sleepers = kernel.threads.filter((t) => t.status === 'ready' && t.isAsleep());
    if (sleepers.length === 0) return [];
    if (world.outside(kernel).length > 0) return [];
    const names = sleepers.map((t) => t.name).join(', ');
    const reserve = world.destroyed ? 0 : world.snapshot(kernel).curr_nr;
    return [violation(ID, `${names} asleep for good in mempool_alloc while no caller holds an element (reserve: ${reserve})`, kernel.steps, sleepers[0]?.id)];
  }
}

export const noDeadlock: PropertyDef = {
  id: ID,
  statement: 'in untimed mode no execution ends with a waiter asleep while no caller holds an element',
  checkedAt: ['end'],
  create: () => new NoDeadlockMonitor(),
};
