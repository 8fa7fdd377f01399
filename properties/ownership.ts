/**
 * OWNERSHIP: every element is in exactly one place: the reserve, one caller (a thread's held stack or a
 * shared variable in flight), or back in its allocator. The runtime already reports double frees, frees
 * of unknown pointers and accesses to freed cells. Here, after every step: no element is in two places
 * and none of the places holds a freed element. An element inside an operation in flight (popped and
 * not yet returned, handed to free and not yet pushed) is legitimately nowhere for a moment, so the
 * exact accounting (every live element is somewhere) waits for quiescence and the end. The reserve is
 * read only where the pool lock is free (settledSnapshotOf): inside a critical section elements[] and
 * curr_nr may be between two stores; callers' hands and shared variables are judged at every step.
 * Elements have contents (element-use.ts): the pool must not touch the words of an element it has
 * handed out, and nobody those of one given back to its allocator (the runtime reports that one).
 */
import type { EndKind, Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import type { Kernel } from '../kernel/rt/kernel.ts';
import type { PointerNames, StateSink } from '../kernel/rt/state.ts';
import type { PoolWorld } from '../scenarios/world.ts';
import { ElementUseWatch } from './element-use.ts';
import { violation, type PropertyDef } from './property.ts';
import { OpTracker } from './support/ops.ts';
import { writeSortedWords } from './support/state-keys.ts';
import { PoolMonitor, poolLockHeld, settledSnapshotOf, worldOf } from './support/world.ts';

const ID = 'OWNERSHIP';
/** Owner codes: a thread id (>= 0), the reserve, or shared variable i as VAR_BASE - i. */
const RESERVE = -1;
const VAR_BASE = -2;

class OwnershipMonitor extends PoolMonitor implements Monitor {
  readonly name = ID;
  private readonly tracker = new OpTracker();
  // Reused every step: the hot loop allocates no lists of its own.
  private readonly ptrs: number[] = [];
  private readonly owners: number[] = [];
  private elements: ElementUseWatch | null = null;

  override start(ctx: MonitorContext): Violation | null {
    super.start(ctx);
    this.tracker.reset();
    this.elements = this.world === null ? null : new ElementUseWatch(this.world);
    this.elements?.install(ctx.kernel);
    return this.placesCheck(ctx.kernel, undefined);
  }

  afterStep(ctx: MonitorContext, tid: number): Violation | null {
    return this.elementMisuse() ?? this.placesCheck(ctx.kernel, tid);
  }

  private elementMisuse(): Violation | null {
    const f = this.elements?.found;
    return f === undefined || f === null ? null : violation(ID, f.message, f.step, f.tid);
  }

  atQuiescence(ctx: MonitorContext): Violation | null {
    // Only when no thread can be holding an element inside an operation: everyone unfinished is
    // asleep (a sleeping alloc holds nothing) or spinning in a receive.
    for (const t of ctx.kernel.threads) {
      if (t.status === 'ready' && !t.isAsleep() && t.pending?.kind !== 'await') return null;
    }
    return this.accounting(ctx.kernel);
  }

  atEnd(ctx: MonitorContext, end: EndKind): readonly Violation[] {
    const misuse = this.elementMisuse();
    if (misuse !== null) return [misuse];
    if (end !== 'terminated' || this.world === null) return [];
    const v = this.placesCheck(ctx.kernel, undefined) ?? (this.world.destroyed ? null : this.accounting(ctx.kernel));
    return v === null ? [] : [v];
  }

  fork(ctx: MonitorContext): Monitor {
    const copy = new OwnershipMonitor();
    copy.world = worldOf(ctx);
    copy.tracker.copyFrom(this.tracker);
    copy.elements = copy.world === null ? null : (this.elements?.fork(copy.world, ctx.kernel) ?? null);
    return copy;
  }

  /**
   * Beyond the world: the element watch's state (a misuse found; who is in pool code) and the frees in
   * flight (their elements are excused from the accounting until they finish). The places checks read
   * the world alone.
   */
  writeState(ctx: MonitorContext, out: StateSink, names: PointerNames): void {
    this.tracker.sync(ctx.kernel.history);
    this.elements?.writeState(ctx.kernel, out);
    out.text('frees');
    writeSortedWords(out, names, this.tracker.inFlightFrees());
  }

  private collect(kernel: Kernel, world: PoolWorld): void {
    const { ptrs, owners } = this;
    // Popped, not `length = 0` (a slow runtime call in V8 that also frees the backing store).
    while (ptrs.length !== 0) ptrs.pop();
    while (owners.length !== 0) owners.pop();
    const snap = world.destroyed ? null : settledSnapshotOf(world, kernel);
    if (snap !== null) {
      for (const p of snap.reserve) {
        ptrs.push(p);
        owners.push(RESERVE);
      }
    }
    const held = world.held;
    for (let tid = 0; tid < held.length; tid++) {
      const list = held[tid];
      if (list === undefined) continue;
      for (const p of list) {
        ptrs.push(p);
        owners.push(tid);
      }
    }
    const vars = world.vars;
    for (let i = 0; i < vars.length; i++) {
      const p = kernel.mem.peek(vars[i] as number);
      if (p !== 0 && world.taken[i] !== true) {
        ptrs.push(p);
        owners.push(VAR_BASE - i);
      }
    }
  }

  private placesCheck(kernel: Kernel, tid: number | undefined): Violation | null {
    const world = this.world;
    if (world === null) return null;
    this.collect(kernel, world);
    const { ptrs, owners } = this;
    for (let i = 0; i < ptrs.length; i++) {
      const p = ptrs[i] as number;
      for (let j = i + 1; j < ptrs.length; j++) {
        if (ptrs[j] === p) {
          const where = `${this.place(owners[i] as number)} and ${this.place(owners[j] as number)}`;
          return violation(ID, `${kernel.allocators.name(p)} is in two places at once: ${where}`, kernel.steps, tid);
        }
      }
      if (!kernel.allocators.live.has(p)) {
        const what = kernel.allocators.freed.has(p) ? 'already freed' : 'not an allocated element';
        return violation(ID, `${this.place(owners[i] as number)} holds ${kernel.allocators.name(p)}, which is ${what}`, kernel.steps, tid);
      }
    }
    return null;
  }

  /** Every live element is in the reserve, with a caller, or inside a free in flight. */
  private accounting(kernel: Kernel): Violation | null {
    const world = this.world;
    if (world === null || (!world.destroyed && poolLockHeld(world, kernel))) return null;
    this.tracker.sync(kernel.history);
    this.collect(kernel, world);
    const inFlight = this.tracker.inFlightFrees();
    for (const block of kernel.allocators.live.values()) {
      if (block.cls !== 'element' || this.ptrs.includes(block.ptr) || inFlight.includes(block.ptr)) continue;
      return violation(ID, `${kernel.allocators.name(block.ptr)} is live in its allocator but in no place (not in the reserve, not with any caller): lost`, kernel.steps);
    }
    return null;
  }

  private place(owner: number): string {
    if (owner === RESERVE) return 'the reserve';
    if (owner >= 0) return owner === 0 ? 'the setup thread' : `T${owner}`;
    return `shared variable v${VAR_BASE - owner}`;
  }
}

export const ownership: PropertyDef = {
  id: ID,
  statement: 'every element is in exactly one place (reserve, one caller, or its allocator): no double free, no use of a freed element, none lost; the pool touches no word of an element it has handed out',
  checkedAt: ['step', 'quiescence', 'end'],
  create: () => new OwnershipMonitor(),
};
