/**
 * NO-LEAK: after the pool is destroyed, the allocators' live set holds only elements callers still hold
 * (destroy says nothing about those): no reserve element, no pool struct, no elements array, nothing
 * lost on the way (a "Raced" grow that forgets its new array, a resize that drops an element).
 */
import type { EndKind, Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import { violation, type PropertyDef } from './property.ts';
import { worldOf } from './support/world.ts';

const ID = 'NO-LEAK';

/** Keeps nothing per execution (it reads the world from the context): a fork is the monitor itself. */
class NoLeakMonitor implements Monitor {
  readonly name = ID;

  fork(): Monitor {
    return this;
  }

  /** Judges the final world alone (live blocks, what callers hold): writing nothing is exact. */
  writeState(): void {}

  atEnd(ctx: MonitorContext, end: EndKind): readonly Violation[] {
    const world = worldOf(ctx);
    if (end !== 'terminated' || world === null || !world.destroyed) return [];
    const { kernel } = ctx;
    const outside = world.outside(kernel);
    const leaked: string[] = [];
    for (const block of kernel.allocators.live.values()) {
      if (block.cls === 'element' && outside.includes(block.ptr)) continue;
      leaked.push(`${kernel.allocators.name(block.ptr)} (${block.api})`);
    }
    if (leaked.length === 0) return [];
    return [violation(ID, `still live after mempool_destroy and held by no caller: ${leaked.join(', ')}`, kernel.steps)];
  }
}

export const noLeak: PropertyDef = {
  id: ID,
  statement: 'after mempool_destroy the allocators hold only the elements callers still hold: no reserve element, no pool block',
  checkedAt: ['end'],
  create: () => new NoLeakMonitor(),
};
