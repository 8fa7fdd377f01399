/**
 * RESERVE: the guarantee the seed documents, and no more.
 *
 * 1. A free refills what the pool lent (L300-316). "We need a test which is guaranteed to trigger if
 *    curr_nr + #allocated == min_nr": #allocated counts the elements mempool_alloc took out of the
 *    reserve (L224), and "curr_nr visible here is always a value after the allocation of @element"
 *    (the smp_wmb L227 / smp_rmb L298 pair). So a mempool_free of an element that went through the
 *    reserve may hand it to free_fn (L327) only if its unlocked test could find the reserve full: some
 *    curr_nr it could read (current at some moment of the call; under weak memory any store from the
 *    element's removal on) is at least some min_nr it could read (current at some moment of the call;
 *    under weak memory any store its thread had not yet seen replaced when the call began). Elements
 *    that came from alloc_fn carry no such promise: nothing orders the free's read of curr_nr after the
 *    removals other threads made, and the guarantee does not need them (the thread that took a reserve
 *    element refills it when it frees that one).
 *
 *    The two loads of `curr_nr < min_nr` (L317) are unsequenced, and resize may change min_nr between
 *    them. A free that races a grow may therefore be judged against the min_nr before the grow:
 *    mempool_resize promises only that "new mempool_free() calls will refill it" (L117-119), and a
 *    free that read min_nr before the grow stored it (L165), or never saw that store, is not a new
 *    call. Every case, with a run that shows it (test/properties/reserve-grow.test.ts):
 *    - min_nr loaded first, before the grow; curr_nr after the grow's refill reached the old min_nr:
 *      the free gives its element away with the reserve short of the new min_nr. Allowed (not a new
 *      call); it happens under SC, with min_nr loaded first.
 *    - curr_nr loaded first, min_nr after the grow: the free sees curr_nr < the new min_nr and refills.
 *    - curr_nr loaded first after the refill, min_nr read stale (weak memory: nothing orders L165
 *      before a lockless reader's load): as the first case. Allowed.
 *    - both loaded after the grow: judged against the new min_nr: it must refill while short.
 *    - both before: judged against the old min_nr, as without a resize.
 *    A wrong test (mutant free-refills-only-empty) or a missing barrier (alloc-no-wmb, free-no-rmb)
 *    still fails: no value the free could read justifies giving the element away.
 * 2. At quiescence the reserve is full up to the elements callers hold (each refills it when freed),
 *    unless a resize refill failed (L170-171 returns with the pool short: "it cannot be guaranteed
 *    that the pool will be grown to the new size immediately", L117-118) or a free that raced a grow
 *    gave its element away on the min_nr before it (case one above; only new frees refill).
 *
 * Under weak memory, part 1 reads the store histories of the pool's curr_nr and min_nr cells, which it
 * finds on pools laid out like the port (fields `curr_nr` and `min_nr`); on other pools it judges by
 * the values current during the call, as under SC.
 */
import type { Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import { faultClassOf } from '../kernel/rt/faults.ts';
import type { Kernel } from '../kernel/rt/kernel.ts';
import type { Ptr } from '../kernel/rt/ops.ts';
import type { PointerNames, StateSink } from '../kernel/rt/state.ts';
import { violation, type PropertyDef } from './property.ts';
import { OpTracker, type CallEvent, type OpListener, type TrackedOp } from './support/ops.ts';
import { ALLOC_RESULTS, tidText, writeSortedWords } from './support/state-keys.ts';
import { UnlockedReads } from './support/unlocked-reads.ts';
import { PoolMonitor, snapshotOf, worldOf } from './support/world.ts';

const ID = 'RESERVE';

/** A free in flight of an element that went through the reserve. */
interface Watch {
  readonly index: number;
  readonly element: Ptr;
  /** The largest curr_nr and the least min_nr current at a step boundary since the call began. */
  maxCurr: number;
  minMin: number;
}

class ReserveMonitor extends PoolMonitor implements Monitor, OpListener {
  readonly name = ID;
  private kernel: Kernel | null = null;
  private readonly tracker = new OpTracker();
  /** Weak memory on a pool laid out like the port: what each free's test could read. */
  private reads: UnlockedReads | null = null;
  /** Elements handed out of the reserve (by a mempool_alloc that did not get them from alloc_fn). */
  private readonly removed = new Set<Ptr>();
  private readonly watches: (Watch | undefined)[] = [];
  private watching = 0;
  /** Frees that gave their element away on a min_nr a grow had replaced (part 2 allows that shortfall). */
  private allowance = 0;
  private refillFailed = false;
  private found: Violation | null = null;

  override start(ctx: MonitorContext): Violation | null {
    super.start(ctx);
    this.kernel = ctx.kernel;
    this.reads = this.world === null ? null : UnlockedReads.for(ctx.kernel, this.world.pool);
    this.tracker.reset();
    this.removed.clear();
    this.watches.length = 0;
    this.watching = 0;
    this.allowance = 0;
    this.refillFailed = false;
    this.found = null;
    this.tracker.sync(ctx.kernel.history, this);
    return this.found;
  }

  afterStep(ctx: MonitorContext, _tid: number): Violation | null {
    if (this.world === null) return null;
    this.tracker.sync(ctx.kernel.history, this);
    this.reads?.afterStep();
    if (this.watching > 0) this.sample();
    return this.found;
  }

  /** A step boundary: what the frees in flight could have read (the raw view: mid-update values too). */
  private sample(): void {
    const world = this.world;
    if (world === null || world.destroyed || this.kernel === null) return;
    const snap = snapshotOf(world, this.kernel);
    for (const w of this.watches) {
      if (w === undefined) continue;
      if (snap.curr_nr > w.maxCurr) w.maxCurr = snap.curr_nr;
      if (snap.min_nr < w.minMin) w.minMin = snap.min_nr;
    }
  }

  onReturn(op: TrackedOp): void {
    this.reads?.onReturn(op);
    if (op.op.op === 'free') this.unwatch(op.tid);
    if (op.op.op !== 'alloc' || op.value === 0) return;
    if (!op.calls.some((c) => c.kind === 'alloc' && c.result === op.value)) this.removed.add(op.value);
  }

  onInvoke(op: TrackedOp): void {
    this.reads?.onInvoke(op);
    if (op.op.op !== 'free' || op.op.element === 0 || !this.removed.has(op.op.element)) return; // from alloc_fn: nothing promised
    this.watches[op.tid] = { index: op.index, element: op.op.element, maxCurr: -Infinity, minMin: Infinity };
    this.watching += 1;
    this.sample();
  }

  onCall(e: CallEvent, op: TrackedOp | undefined): void {
    this.reads?.onCall(e, op);
    if (op === undefined) return;
    if (op.op.op === 'resize' && e.kind === 'alloc' && e.result === 0 && faultClassOf(e.api) === 'element') this.refillFailed = true;
    if (op.op.op !== 'free' || e.kind !== 'free') return;
    const w = this.watches[op.tid];
    if (w === undefined || e.ptr !== w.element) return;
    this.unwatch(op.tid);
    if (this.found !== null || this.world === null || this.world.destroyed || this.kernel === null) return;
    this.sample();
    const weak = this.reads?.readable.get(w.index);
    const curr = weak?.curr_nr ?? w.maxCurr;
    const min = weak?.min_nr ?? w.minMin;
    const judged = judgeFree(curr, min, snapshotOf(this.world, this.kernel).min_nr);
    if (judged === 'violation') {
      const name = this.kernel.allocators.name(e.ptr);
      this.found = violation(
        ID,
        `mempool_free gave ${name} to free_fn (L327) although no curr_nr it could read (at most ${curr}, none older than ${name}'s removal) reached any min_nr it could read (at least ${min}): the lockless test (L317) cannot have found the reserve full`,
        this.kernel.steps,
        op.tid,
      );
    } else if (judged === 'allowance') {
      this.allowance += 1;
    }
  }

  fork(ctx: MonitorContext): Monitor {
    const copy = new ReserveMonitor();
    copy.world = worldOf(ctx);
    copy.kernel = ctx.kernel;
    copy.reads = this.reads?.fork(ctx.kernel) ?? null;
    copy.tracker.copyFrom(this.tracker);
    for (const p of this.removed) copy.removed.add(p);
    this.watches.forEach((w, tid) => {
      if (w !== undefined) copy.watches[tid] = { ...w };
    });
    copy.watching = this.watching;
    copy.allowance = this.allowance;
    copy.refillFailed = this.refillFailed;
    copy.found = this.found;
    return copy;
  }

  /**
   * Beyond the world: a violation found; whether a resize refill failed; the frees that raced a grow
   * (a count: the quiescence check adds it to the reserve, and it is bounded by the scenario's frees);
   * each watched free's element and the extremes it could read so far (values, bounded by the pool's
   * sizes; the least min_nr only until the largest curr_nr reached it: writeExtremes); of the elements handed out of the reserve only those
   * a caller holds (world.outside): any other can be freed only after an alloc returns it, which records
   * it anew; under weak memory what the unlocked reads remember;
   * and the operations in flight (allocs with the elements alloc_fn gave them: their return decides
   * whether the element came out of the reserve; frees: excused from the quiescence count).
   */
  writeState(ctx: MonitorContext, out: StateSink, names: PointerNames): void {
    if (this.world === null) return;
    this.tracker.sync(ctx.kernel.history, this);
    if (this.found !== null) out.text('found');
    if (this.refillFailed) out.text('refill-failed');
    out.text('raced');
    out.num(this.allowance);
    const outside = new Set(this.world.outside(ctx.kernel));
    out.text('removed');
    writeSortedWords(out, names, [...this.removed].filter((p) => outside.has(p)));
    out.text('watch');
    this.watches.forEach((w, tid) => {
      if (w === undefined) return;
      out.text(tidText(tid));
      out.word(w.element);
      writeExtremes(out, w.maxCurr, w.minMin);
    });
    out.text('ops');
    this.tracker.writeFlight(out, names, ALLOC_RESULTS);
    if (this.reads !== null) {
      out.text('reads');
      out.text(this.reads.stateKey(names, outside));
    }
  }

  private unwatch(tid: number): void {
    if (this.watches[tid] === undefined) return;
    this.watches[tid] = undefined;
    this.watching -= 1;
  }

  atQuiescence(ctx: MonitorContext): Violation | null {
    const world = this.world;
    if (world === null || world.destroyed || this.refillFailed) return null;
    this.tracker.sync(ctx.kernel.history, this);
    const snap = snapshotOf(world, ctx.kernel);
    const holders = world.outside(ctx.kernel).length + this.tracker.inFlightFrees().length;
    if (snap.curr_nr + holders + this.allowance >= snap.min_nr) return null;
    const raced = this.allowance === 0 ? '' : ` and ${this.allowance} free(s) that raced a grow`;
    return violation(
      ID,
      `quiescent with curr_nr ${snap.curr_nr} < min_nr ${snap.min_nr} while callers hold only ${holders} element(s)${raced}, and no resize refill failed`,
      ctx.kernel.steps,
    );
  }
}

export const reserve: PropertyDef = {
  id: ID,
  statement:
    'a free of an element that went through the reserve refills it unless its lockless test could find the reserve full (a curr_nr from after the removal against a min_nr current during the call: before or after a racing grow); at quiescence the reserve is full up to the elements callers hold, unless a resize refill failed or a free that raced a grow used the min_nr before it',
  checkedAt: ['step', 'quiescence'],
  create: () => new ReserveMonitor(),
};

/**
 * How a free of a reserve element that called free_fn is judged, from the largest curr_nr and the
 * least min_nr it could read and the min_nr current at the call: a violation when the first never
 * reached the second; an allowance (part 2) when it reached a min_nr a grow has since replaced.
 */
export function judgeFree(curr: number, min: number, minNow: number): 'violation' | 'allowance' | 'ok' {
  if (curr < min) return 'violation';
  return curr < minNow ? 'allowance' : 'ok';
}

/**
 * A watched free's extremes in RESERVE's state. Once the largest curr_nr reached the least min_nr the
 * least min_nr is left out: the first only grows and the second only shrinks, so judgeFree can no
 * longer answer `violation`, and its other answers do not read the least min_nr.
 */
export function writeExtremes(out: StateSink, maxCurr: number, minMin: number): void {
  out.num(maxCurr);
  if (maxCurr >= minMin) out.text('reached');
  else out.num(minMin);
}
