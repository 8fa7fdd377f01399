/**
 * The state a scenario's threads share in one execution: the implementation, its pool, the shared
 * hand-off variables, and what each thread holds. Checks read it to know where every element is.
 */
import type { Kernel } from '../kernel/rt/kernel.ts';
import type { Loc, Ptr } from '../kernel/rt/ops.ts';
import type { StateSink } from '../kernel/rt/state.ts';
import type { AnyPoolImpl, Backend, PoolSnapshot } from '../impl/pool-impl.ts';

export class PoolWorld {
  /** Elements each thread holds, by thread id (0 is the setup thread). */
  readonly held: Ptr[][] = [];
  /** Shared variables whose element a receiver has taken. */
  readonly taken: boolean[] = [];
  destroyed = false;
  /** The last snapshot taken by `snapshotAt`, and the step it was taken after. */
  private snap: PoolSnapshot | null = null;
  private snapStep = -1;

  constructor(
    readonly impl: AnyPoolImpl,
    readonly pool: unknown,
    /** Shared variables (cells) used to hand elements between threads. */
    readonly vars: readonly Loc[],
    /** The backend the pool was created on (a `create` command makes its second pool there too). */
    readonly backend: Backend,
    /** The spinlock locked hand-offs hold (a static of the harness), or null when none is used. */
    readonly handoffLock: Loc | null = null,
  ) {}

  /** A copy for another execution: what threads hold is copied, the pool handle is shared. */
  clone(): PoolWorld {
    const copy = new PoolWorld(this.impl, this.pool, this.vars, this.backend, this.handoffLock);
    this.held.forEach((list, tid) => {
      copy.held[tid] = list.slice();
    });
    copy.taken.push(...this.taken);
    copy.destroyed = this.destroyed;
    return copy;
  }

  /** What each thread holds (in order), which variables were taken, whether the pool was destroyed. */
  writeState(out: StateSink): void {
    out.text('held');
    out.num(this.held.length);
    for (const list of this.held) {
      out.num(list?.length ?? 0);
      for (const p of list ?? []) out.word(p);
    }
    out.text('taken');
    out.num(this.taken.length);
    for (const t of this.taken) out.num(t ? 1 : 0);
    out.num(this.destroyed ? 1 : 0);
  }

  heldBy(tid: number): Ptr[] {
    let list = this.held[tid];
    if (list === undefined) {
      list = [];
      this.held[tid] = list;
    }
    return list;
  }

  snapshot(kernel: Kernel): PoolSnapshot {
    return this.impl.inspect(this.pool, (loc) => kernel.mem.peek(loc));
  }

  /**
   * The snapshot after the kernel's current step, read once per step whoever asks (state only changes
   * in steps; checks run between them). Kept here, per execution, rather than in a WeakMap by world:
   * the map's entries kept every execution's snapshots alive into the old generation.
   */
  snapshotAt(kernel: Kernel): PoolSnapshot {
    if (this.snap === null || this.snapStep !== kernel.steps) {
      this.snap = this.snapshot(kernel);
      this.snapStep = kernel.steps;
    }
    return this.snap;
  }

  /** Elements in callers' hands or in flight in a shared variable. */
  outside(kernel: Kernel): Ptr[] {
    const out: Ptr[] = [];
    for (const list of this.held) if (list) out.push(...list);
    this.vars.forEach((cell, i) => {
      const value = kernel.mem.peek(cell);
      if (value !== 0 && !this.taken[i]) out.push(value);
    });
    return out;
  }
}
