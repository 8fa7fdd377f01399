/**
 * FREE-SEES-REMOVAL: Tejun's comment in mempool_free (seed L306-311), checked directly: "curr_nr
 * visible here is always a value after the allocation of @element". When mempool_free(e) makes its
 * unlocked read of curr_nr (L317), the value it reads must not be older than the curr_nr store of the
 * removal (L28, from mempool_alloc L224) that handed e out of the reserve. The smp_wmb (L227) /
 * smp_rmb (L298) pair is what guarantees it; only the weak memory model can break it (under SC every
 * load reads the newest store), so on SC runs the monitor has nothing to check.
 *
 * How: when an alloc returns an element it did not get from the allocator, the removal's timestamp is
 * the allocating thread's view of curr_nr (its own store, nothing read since). When the freer's next
 * operation is the load of curr_nr, the monitor arms; after the step that made the load, the freer's
 * view of curr_nr is exactly the timestamp it read.
 */
import type { Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import type { Kernel } from '../kernel/rt/kernel.ts';
import { WeakMemory } from '../kernel/rt/memory-weak.ts';
import type { Loc, Ptr } from '../kernel/rt/ops.ts';
import type { PointerNames, StateSink } from '../kernel/rt/state.ts';
import { REFINEMENTS } from '../model/profile.ts';
import { violation, type PropertyDef } from './property.ts';
import { OpTracker, type OpListener, type TrackedOp } from './support/ops.ts';
import { ALLOC_RESULTS, relativeTs, sortedKey } from './support/state-keys.ts';
import { worldOf } from './support/world.ts';

const ID = 'FREE-SEES-REMOVAL';

/** The pool's curr_nr cell, for implementations that expose it (the port and its mutants do). */
function currNrOf(pool: unknown): Loc | null {
  const v = typeof pool === 'object' && pool !== null ? (pool as { curr_nr?: unknown }).curr_nr : undefined;
  return typeof v === 'number' ? v : null;
}

interface Watch {
  readonly element: Ptr;
  /** Timestamp of the removal's curr_nr store. */
  readonly removal: number;
  readonly remover: number;
  /** The freer's next step makes the load. */
  armed: boolean;
}

class FreeSeesRemovalMonitor implements Monitor, OpListener {
  readonly name = ID;
  private mem: WeakMemory | null = null;
  private kernel: Kernel | null = null;
  private currNr: Loc = 0;
  private readonly tracker = new OpTracker();
  /** Removal timestamp (and remover) of every element handed out of the reserve, by element. */
  private readonly removals = new Map<Ptr, { ts: number; tid: number }>();
  private readonly watches: (Watch | undefined)[] = [];

  start(ctx: MonitorContext): Violation | null {
    const world = worldOf(ctx);
    const loc = world === null ? null : currNrOf(world.pool);
    this.mem = ctx.kernel.mem instanceof WeakMemory && loc !== null ? ctx.kernel.mem : null;
    this.kernel = ctx.kernel;
    this.currNr = loc ?? 0;
    this.tracker.reset();
    this.removals.clear();
    this.watches.length = 0;
    if (this.mem !== null) this.tracker.sync(ctx.kernel.history, this);
    return null;
  }

  onReturn(op: TrackedOp): void {
    if (op.op.op !== 'alloc' || op.value === 0 || this.mem === null) return;
    const fromAllocator = op.calls.some((c) => c.kind === 'alloc' && c.result === op.value);
    if (!fromAllocator) this.removals.set(op.value, { ts: this.mem.curOf(op.tid, this.currNr), tid: op.tid });
  }

  onInvoke(op: TrackedOp): void {
    if (op.op.op !== 'free' || op.op.element === 0) return;
    const removal = this.removals.get(op.op.element);
    if (removal !== undefined) this.watches[op.tid] = { element: op.op.element, removal: removal.ts, remover: removal.tid, armed: false };
  }

  fork(ctx: MonitorContext): Monitor {
    // Under SC (or on a pool whose curr_nr it cannot find) it checks nothing and keeps nothing: its
    // own fork (start sets only what every execution of the exploration sets alike).
    if (this.mem === null) return this;
    const copy = new FreeSeesRemovalMonitor();
    copy.mem = this.mem !== null && ctx.kernel.mem instanceof WeakMemory ? ctx.kernel.mem : null;
    copy.kernel = ctx.kernel;
    copy.currNr = this.currNr;
    copy.tracker.copyFrom(this.tracker);
    for (const [element, r] of this.removals) copy.removals.set(element, r);
    this.watches.forEach((w, tid) => {
      if (w !== undefined) copy.watches[tid] = { ...w };
    });
    return copy;
  }

  /**
   * Beyond the world (under weak memory; otherwise it checks nothing and '' is exact): the elements
   * handed out of the reserve that a caller holds (any other can be freed only after an alloc returns
   * it, which records it anew) with their removal's store (relative to the oldest store of curr_nr a
   * load can still read: the check compares it with what a freer's load reads), the freers
   * watched (element, removal store, armed), and the allocs in flight with the elements alloc_fn gave
   * them (their return decides whether the element came out of the reserve). Who removed an element
   * only names it in the message.
   */
  writeState(ctx: MonitorContext, out: StateSink, names: PointerNames): void {
    const mem = this.mem;
    if (mem === null) return;
    this.tracker.sync(ctx.kernel.history, this);
    const ts = (t: number): string => relativeTs(mem, ctx.kernel, this.currNr, t);
    const world = worldOf(ctx);
    const outside = new Set(world === null ? [] : world.outside(ctx.kernel));
    const removals = [...this.removals].filter(([element]) => outside.has(element)).map(([element, r]) => `${names.value(element)}@${ts(r.ts)}`);
    out.text('removed');
    out.text(sortedKey(removals));
    out.text('watch');
    this.watches.forEach((w, tid) => {
      if (w !== undefined) out.text(`T${tid}:${names.value(w.element)}@${ts(w.removal)}${w.armed ? ' armed' : ''}`);
    });
    out.text('ops');
    this.tracker.writeFlight(out, names, ALLOC_RESULTS);
  }

  afterStep(ctx: MonitorContext, tid: number): Violation | null {
    const mem = this.mem;
    if (mem === null) return null;
    this.tracker.sync(ctx.kernel.history, this);
    const w = this.watches[tid];
    if (w !== undefined && w.armed) {
      this.watches[tid] = undefined;
      const read = mem.curOf(tid, this.currNr);
      if (read < w.removal) return this.report(tid, w, read);
    }
    // Arm every watched freer whose next operation is the unlocked read of curr_nr.
    for (let t = 0; t < this.watches.length; t++) {
      const v = this.watches[t];
      const p = ctx.kernel.threads[t]?.pending;
      if (v !== undefined && !v.armed && p?.kind === 'load' && p.loc === this.currNr) v.armed = true;
    }
    return null;
  }

  private report(tid: number, w: Watch, read: number): Violation {
    const k = this.kernel as Kernel;
    const name = (t: number): string => k.threads[t]?.name ?? `thread ${t}`;
    const msgs = (this.mem as WeakMemory).messages(this.currNr);
    const value = (ts: number): string => String(msgs.find((m) => m.ts === ts)?.value ?? '?');
    return violation(
      ID,
      `mempool_free(${k.allocators.name(w.element)}) by ${name(tid)} read curr_nr ${value(read)} (store #${read}) at L317, older than the removal by ${name(w.remover)} that handed the element out (curr_nr ${value(w.removal)}, store #${w.removal}, L28 via L224): Tejun's guarantee (L306-311) does not hold`,
      k.steps,
      tid,
    );
  }
}

export const freeSeesRemoval: PropertyDef = {
  id: ID,
  statement: "the curr_nr a freer reads without the lock (L317) is never older than the removal that handed out its element (Tejun's comment, L306-311; weak memory only)",
  checkedAt: ['step'],
  // A refinement property: Tejun's argument is about the seed's smp_wmb/smp_rmb pairing around its lockless test; a design without that test has nothing to pair.
  profiles: REFINEMENTS,
  create: () => new FreeSeesRemovalMonitor(),
};
