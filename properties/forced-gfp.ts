/**
 * FORCED-GFP: every alloc_fn call made by mempool_alloc carries __GFP_NOMEMALLOC, __GFP_NORETRY and
 * __GFP_NOWARN (L210-212), and the first call of each mempool_alloc carries neither __GFP_WAIT nor
 * __GFP_IO (L214: try without sleeping or I/O before touching the reserve). Allocator calls are
 * attributed to the operation between the calling thread's invoke and return marks.
 */
import { faultClassOf } from '../kernel/rt/faults.ts';
import { __GFP_IO, __GFP_NOMEMALLOC, __GFP_NORETRY, __GFP_NOWARN, __GFP_WAIT, gfpName } from '../kernel/rt/gfp.ts';
import { REFINEMENTS } from '../model/profile.ts';
import type { PropertyDef } from './property.ts';
import { HistoryMonitor } from './support/history-monitor.ts';
import type { CallEvent, TrackedOp } from './support/ops.ts';

const ID = 'FORCED-GFP';
const FORCED = __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN;
const NOT_FIRST = __GFP_WAIT | __GFP_IO;

class ForcedGfpMonitor extends HistoryMonitor {
  readonly name = ID;

  protected blank(): ForcedGfpMonitor {
    return new ForcedGfpMonitor();
  }

  override onCall(e: CallEvent, op: TrackedOp | undefined): void {
    if (op === undefined || op.op.op !== 'alloc' || e.kind !== 'alloc' || faultClassOf(e.api) !== 'element') return;
    if ((e.gfp & FORCED) !== FORCED) {
      this.report(`alloc_fn called by mempool_alloc with ${gfpName(e.gfp)}: missing ${gfpName(FORCED & ~e.gfp)} (L210-212)`, e.tid);
    } else if (e.gfp & NOT_FIRST && op.calls.find((c) => c.kind === 'alloc') === e) {
      this.report(`the first alloc_fn call of mempool_alloc carries ${gfpName(e.gfp & NOT_FIRST)} (${gfpName(e.gfp)}); L214 strips __GFP_WAIT|__GFP_IO`, e.tid);
    }
  }

  /** An alloc in flight: whether its next allocator call is its first (the only fact about its calls used). */
  protected override flightFacts(op: TrackedOp): string {
    return op.op.op === 'alloc' && op.calls.some((c) => c.kind === 'alloc') ? 'called' : '';
  }
}

export const forcedGfp: PropertyDef = {
  id: ID,
  statement: 'every alloc_fn call from mempool_alloc carries NOMEMALLOC|NORETRY|NOWARN; the first one of each call carries neither WAIT nor IO',
  checkedAt: ['step'],
  // A refinement property: the exact masks are the seed's choice (L210-214); the contract only asks that alloc_fn never gets a permission the caller did not give (LINEARIZABLE, model/contract/plan.ts).
  profiles: REFINEMENTS,
  create: () => new ForcedGfpMonitor(),
};
