/**
 * Properties the runtime checks at the very operation that breaks them (kernel/rt/kernel.ts reports
 * them as findings, which the explorer turns into violations). Their monitors have nothing to add;
 * they exist so that every property has one entry in the registry.
 */
import type { PropertyDef } from './property.ts';

export const bugFree: PropertyDef = {
  id: 'BUG-FREE',
  statement: 'no BUG_ON fires (add to a full reserve, remove from an empty one, resize to <= 0)',
  checkedAt: ['step'],
  runtime: true,
  create: () => ({ name: 'BUG-FREE' }),
};

export const noSleepAtomic: PropertyDef = {
  id: 'NO-SLEEP-ATOMIC',
  statement: 'nothing that may sleep (schedule, a __GFP_WAIT allocation, might_sleep) runs with a spinlock held, irqs off, or in an interrupt handler',
  checkedAt: ['step'],
  runtime: true,
  create: () => ({ name: 'NO-SLEEP-ATOMIC' }),
};
