/**
 * BOUNDS: 0 <= curr_nr <= min_nr whenever the pool lock is free. Inside a critical section the counters
 * may be mid-update; a step boundary with the lock held is not judged (settledSnapshotOf).
 */
import type { EndKind, Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import { violation, type PropertyDef } from './property.ts';
import { PoolMonitor, settledSnapshotOf } from './support/world.ts';

const ID = 'BOUNDS';

class BoundsMonitor extends PoolMonitor implements Monitor {
  readonly name = ID;

  override start(ctx: MonitorContext): Violation | null {
    super.start(ctx);
    return this.check(ctx, undefined);
  }

  afterStep(ctx: MonitorContext, tid: number): Violation | null {
    return this.check(ctx, tid);
  }

  atEnd(ctx: MonitorContext, end: EndKind): readonly Violation[] {
    if (end === 'setup-failed') return [];
    const v = this.check(ctx, undefined);
    return v === null ? [] : [v];
  }

  private check(ctx: MonitorContext, tid: number | undefined): Violation | null {
    const world = this.world;
    if (world === null || world.destroyed) return null;
    const { kernel } = ctx;
    const snap = settledSnapshotOf(world, kernel);
    if (snap === null || (snap.curr_nr >= 0 && snap.curr_nr <= snap.min_nr)) return null;
    return violation(ID, `curr_nr ${snap.curr_nr} outside [0, min_nr ${snap.min_nr}] with the lock free`, kernel.steps, tid);
  }
}

export const bounds: PropertyDef = {
  id: ID,
  statement: '0 <= curr_nr <= min_nr whenever the pool lock is free',
  checkedAt: ['step', 'end'],
  create: () => new BoundsMonitor(),
};
