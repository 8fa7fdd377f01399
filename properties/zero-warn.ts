/**
 * ZERO-WARN: mempool_alloc with __GFP_ZERO warns once (VM_WARN_ON_ONCE, L207) and is otherwise
 * ignored: by the time such a call returns the warning exists; there is never more than one; and there
 * is none if no caller passed __GFP_ZERO. (That the call otherwise behaves as without the flag is the
 * model's to say: LINEARIZABLE.)
 */
import type { EndKind, MonitorContext, Violation } from '../explorer/monitor.ts';
import { __GFP_ZERO, gfpName } from '../kernel/rt/gfp.ts';
import { REFINEMENTS } from '../model/profile.ts';
import { violation, type PropertyDef } from './property.ts';
import { HistoryMonitor } from './support/history-monitor.ts';
import type { TrackedOp } from './support/ops.ts';

const ID = 'ZERO-WARN';

class ZeroWarnMonitor extends HistoryMonitor {
  readonly name = ID;

  protected blank(): ZeroWarnMonitor {
    return new ZeroWarnMonitor();
  }
  private zeroInvoked = 0;

  protected override reset(): void {
    this.zeroInvoked = 0;
  }

  override onInvoke(op: TrackedOp): void {
    if (op.op.op === 'alloc' && op.op.gfp & __GFP_ZERO) this.zeroInvoked += 1;
  }

  protected override copyOwn(src: this): void {
    this.zeroInvoked = src.zeroInvoked;
  }

  /** Only whether any __GFP_ZERO call was invoked matters (the end check compares the count with 0). */
  protected override ownKey(): string {
    return this.zeroInvoked > 0 ? 'zero invoked' : '';
  }

  override onReturn(op: TrackedOp): void {
    if (op.op.op !== 'alloc' || !(op.op.gfp & __GFP_ZERO)) return;
    const warnings = this.kernel?.warnings.length ?? 0;
    if (warnings === 0) this.report(`mempool_alloc(${gfpName(op.op.gfp)}) returned without the VM_WARN_ON_ONCE warning (L207)`, op.tid);
  }

  protected override finish(ctx: MonitorContext, _end: EndKind): Violation | null {
    const n = ctx.kernel.warnings.length;
    if (n > 1) return violation(ID, `${n} warnings where at most one (VM_WARN_ON_ONCE, L207) may fire`, ctx.kernel.steps);
    if (n === 1 && this.zeroInvoked === 0) {
      return violation(ID, `a warning (${ctx.kernel.warnings[0]?.key ?? '?'}) although no caller passed __GFP_ZERO`, ctx.kernel.steps);
    }
    return null;
  }
}

export const zeroWarn: PropertyDef = {
  id: ID,
  statement: '__GFP_ZERO makes mempool_alloc warn once (L207); no other warning fires',
  checkedAt: ['step', 'end'],
  // A refinement property: the warning is the seed's way of refusing __GFP_ZERO (L207); the contract says nothing about warnings.
  profiles: REFINEMENTS,
  create: () => new ZeroWarnMonitor(),
};
