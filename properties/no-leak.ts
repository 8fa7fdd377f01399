/**
 * NO-LEAK: after the pool is destroyed, the allocators' live set holds only elements callers still hold
 * (destroy says nothing about those): no reserve element, no pool struct, no elements array, nothing
 * lost on the way (a "Raced" grow that forgets its new array, a resize that drops an element).
 */
import type { EndKind, Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import { violation, type PropertyDef } from './property.ts';
import { PoolMonitor, worldOf } from './support/world.ts';

const ID = 'NO-LEAK';

class NoLeakMonitor extends PoolMonitor implements Monitor {
  readonly name = ID;

  fork(ctx: MonitorContext): Monitor {
    const copy = new NoLeakMonitor();
    copy.world = worldOf(ctx);
    return copy;
  }

  /** Judges the final world alone (live blocks, what callers hold): '' is exact. */
  stateKey(): string {
    return '';
  }

  atEnd(ctx: MonitorContext, end: EndKind): readonly Violation[] {
    const world = this.world;
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
