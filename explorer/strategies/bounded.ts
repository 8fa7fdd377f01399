/**
 * `bounded`: preemption bounding (a preemption is switching away from a thread that is still
 * enabled), levels k = 0, 1, 2 ... up to `maxPreemptions`, every execution run once over all levels,
 * so the first failure found is one with the fewest preemptions (`bound` says which level it was).
 * Complete only if nothing was cut off at the last level. With `dpor`, bounded partial-order
 * reduction (see search.ts for how the bound and the reduction are reconciled).
 */
import { TreeSearch } from './search.ts';

export class BoundedScheduler extends TreeSearch {
  constructor(
    readonly maxPreemptions: number,
    dpor = false,
  ) {
    super({ name: dpor ? 'bounded-dpor' : 'bounded', reduction: dpor, maxPreemptions });
  }
}
