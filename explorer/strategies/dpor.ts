/**
 * `dpor`: dynamic partial-order reduction, stateless, with sleep sets: source-set DPOR (Abdulla et
 * al., POPL'14), at least one execution per Mazurkiewicz trace, value choices never reduced. The
 * search is search.ts, races and blocking are dpor-races.ts, happens-before is dpor-log.ts.
 */
import { TreeSearch } from './search.ts';

export class DporScheduler extends TreeSearch {
  constructor() {
    super({ name: 'dpor', reduction: true, maxPreemptions: null });
  }
}
