/**
 * BUG-FREE: the runtime checks it at the very operation that breaks it (a `bug` op, kernel/rt/kernel.ts
 * reports a finding, which the explorer turns into a violation). The monitor has nothing to add; it
 * exists so that every property has one entry in the registry.
 */
import { stateless, type PropertyDef } from './property.ts';

export const bugFree: PropertyDef = {
  id: 'BUG-FREE',
  statement: 'no BUG_ON fires (add to a full reserve, remove from an empty one, resize to <= 0)',
  checkedAt: ['step'],
  runtime: true,
  create: () => stateless('BUG-FREE'),
};
