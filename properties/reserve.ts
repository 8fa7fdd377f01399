/**
 * RESERVE, two parts.
 * 1. A free that finds the reserve short refills it: a mempool_free that hands its element to free_fn
 *    although the reserve was short (curr_nr < min_nr) at every step boundary between its invocation
 *    and that call had no instant at which giving the element away was right. The unlocked test (L317)
 *    reads curr_nr and min_nr one after the other, and a concurrent resize may change min_nr in
 *    between; so a curr_nr seen at one boundary counts against the min_nr of any later one (a torn
 *    read that the model can also linearize). A stale read (weak memory) or a wrong test remains.
 * 2. At quiescence the reserve is full, up to the elements callers hold (each will refill it when
 *    freed) and unless a resize refill failed (mempool_resize returns 0 with the pool short, L170-171;
 *    only later frees repair that, and part 1 checks them).
 */
import type { Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import { faultClassOf } from '../kernel/rt/faults.ts';
import type { Kernel } from '../kernel/rt/kernel.ts';
import { violation, type PropertyDef } from './property.ts';
import { OpTracker, type CallEvent, type OpListener, type TrackedOp } from './support/ops.ts';
import { PoolMonitor, snapshotOf } from './support/world.ts';

const ID = 'RESERVE';

class ReserveMonitor extends PoolMonitor implements Monitor, OpListener {
  readonly name = ID;
  private kernel: Kernel | null = null;
  private readonly tracker = new OpTracker();
  /** Per thread: its free in flight has seen the reserve full at some boundary (or has decided). */
  private readonly sawFull: boolean[] = [];
  /** Per thread: the largest curr_nr its free in flight could have read so far. */
  private readonly maxCurr: number[] = [];
  /** Frees in flight that have not yet seen the reserve full nor decided. */
  private undecided = 0;
  private refillFailed = false;
  private found: Violation | null = null;

  override start(ctx: MonitorContext): Violation | null {
    super.start(ctx);
    this.kernel = ctx.kernel;
    this.tracker.reset();
    this.sawFull.length = 0;
    this.refillFailed = false;
    this.found = null;
    this.undecided = 0;
    this.tracker.sync(ctx.kernel.history, this);
    this.observe();
    return this.found;
  }

  afterStep(ctx: MonitorContext, _tid: number): Violation | null {
    if (this.world === null) return null;
    this.tracker.sync(ctx.kernel.history, this);
    if (this.found === null) this.observe();
    return this.found;
  }

  /** The boundary after a step: frees in flight that could have seen the reserve full are cleared. */
  private observe(): void {
    const world = this.world;
    if (this.undecided === 0 || world === null || world.destroyed || this.kernel === null) return;
    const snap = snapshotOf(world, this.kernel);
    const current = this.tracker.current;
    for (let t = 0; t < current.length; t++) {
      if (current[t]?.op.op !== 'free' || this.sawFull[t] !== false) continue;
      const curr = Math.max(this.maxCurr[t] ?? 0, snap.curr_nr);
      this.maxCurr[t] = curr;
      if (curr >= snap.min_nr) this.decide(t);
    }
  }

  private decide(tid: number): void {
    if (this.sawFull[tid] === false) this.undecided -= 1;
    this.sawFull[tid] = true;
  }

  onInvoke(op: TrackedOp): void {
    if (op.op.op !== 'free' || op.op.element === 0) return;
    this.sawFull[op.tid] = false;
    this.maxCurr[op.tid] = 0;
    this.undecided += 1;
  }

  onReturn(op: TrackedOp): void {
    if (op.op.op === 'free') this.decide(op.tid);
  }

  onCall(e: CallEvent, op: TrackedOp | undefined): void {
    if (op === undefined) return;
    if (op.op.op === 'resize' && e.kind === 'alloc' && e.result === 0 && faultClassOf(e.api) === 'element') this.refillFailed = true;
    if (op.op.op !== 'free' || e.kind !== 'free' || e.ptr !== op.op.element) return;
    if (this.found !== null || this.world?.destroyed !== false) return;
    // Invoked in this very step: the state at the invocation was not observed; give it the benefit.
    const sameStep = op.invokeStep === this.kernel?.steps;
    if (this.sawFull[op.tid] === false && !sameStep) {
      const name = this.kernel?.allocators.name(e.ptr) ?? String(e.ptr);
      this.found = violation(ID, `mempool_free gave ${name} to free_fn (L327) although the reserve was short at every moment since the call began`, this.kernel?.steps ?? 0, op.tid);
    }
    this.decide(op.tid);
  }

  atQuiescence(ctx: MonitorContext): Violation | null {
    const world = this.world;
    if (world === null || world.destroyed || this.refillFailed) return null;
    this.tracker.sync(ctx.kernel.history, this);
    const snap = snapshotOf(world, ctx.kernel);
    const holders = world.outside(ctx.kernel).length + this.tracker.inFlightFrees().length;
    if (snap.curr_nr + holders >= snap.min_nr) return null;
    return violation(ID, `quiescent with curr_nr ${snap.curr_nr} < min_nr ${snap.min_nr} while callers hold only ${holders} element(s), and no resize refill failed`, ctx.kernel.steps);
  }
}

export const reserve: PropertyDef = {
  id: ID,
  statement: 'a free that finds the reserve short refills it; at quiescence curr_nr == min_nr up to the elements callers hold, unless a resize refill failed',
  checkedAt: ['step', 'quiescence'],
  create: () => new ReserveMonitor(),
};
