/**
 * BOUNDS: 0 <= curr_nr <= min_nr whenever the pool lock is free. Inside a critical section the counters
 * may be mid-update; a step boundary with the lock held is not judged (settledSnapshotOf).
 * The upper bound is the profile's (model/profile.ts `slotsOf`): min_nr for v4.1; max(1, min_nr) for
 * v6.17 and the contract, where a zero-minimum pool may keep the one element a waiter needs.
 */
import type { EndKind, Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import { slotsOf, type Profile } from '../model/profile.ts';
import { violation, type PropertyDef } from './property.ts';
import { settledSnapshotOf, worldOf } from './support/world.ts';

const ID = 'BOUNDS';

/** Keeps nothing per execution (it reads the world from the context): a fork is the monitor itself. */
class BoundsMonitor implements Monitor {
  readonly name = ID;

  constructor(private readonly profile: Profile) {}

  start(ctx: MonitorContext): Violation | null {
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

  fork(): Monitor {
    return this;
  }

  /** Judges each step's world alone (the profile is fixed): nothing remembered, so writing nothing is exact. */
  writeState(): void {}

  private check(ctx: MonitorContext, tid: number | undefined): Violation | null {
    const world = worldOf(ctx);
    if (world === null || world.destroyed) return null;
    const { kernel } = ctx;
    const snap = settledSnapshotOf(world, kernel);
    if (snap === null) return null;
    const slots = slotsOf(this.profile, snap.min_nr);
    if (snap.curr_nr >= 0 && snap.curr_nr <= slots) return null;
    const upper = slots === snap.min_nr ? `min_nr ${snap.min_nr}` : `max(1, min_nr ${snap.min_nr})`;
    return violation(ID, `curr_nr ${snap.curr_nr} outside [0, ${upper}] with the lock free`, kernel.steps, tid);
  }
}

export const bounds: PropertyDef = {
  id: ID,
  statement: '0 <= curr_nr <= min_nr whenever the pool lock is free (v6.17 and the contract: max(1, min_nr), room for a zero-minimum pool to keep one element)',
  checkedAt: ['step', 'end'],
  create: (profile) => new BoundsMonitor(profile),
};
