/** NEVER-NULL: mempool_alloc with __GFP_WAIT never returns NULL (it waits for an element instead). */
import { __GFP_WAIT, gfpName } from '../kernel/rt/gfp.ts';
import type { PropertyDef } from './property.ts';
import { HistoryMonitor } from './support/history-monitor.ts';
import type { TrackedOp } from './support/ops.ts';

const ID = 'NEVER-NULL';

class NeverNullMonitor extends HistoryMonitor {
  readonly name = ID;

  protected blank(): NeverNullMonitor {
    return new NeverNullMonitor();
  }

  // State key (HistoryMonitor): the allocs in flight with their GFP mask, all the return check uses.
  override onReturn(op: TrackedOp): void {
    if (op.op.op === 'alloc' && op.op.gfp & __GFP_WAIT && op.value === 0) {
      this.report(`mempool_alloc(${gfpName(op.op.gfp)}) returned NULL although it may sleep`, op.tid);
    }
  }
}

export const neverNull: PropertyDef = {
  id: ID,
  statement: 'mempool_alloc with __GFP_WAIT never returns NULL',
  checkedAt: ['step'],
  create: () => new NeverNullMonitor(),
};
