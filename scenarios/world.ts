/**
 * The state a scenario's threads share in one execution: the implementation, its pool, the shared
 * hand-off variables, and what each thread holds. Checks read it to know where every element is.
 */
import type { Kernel } from '../kernel/rt/kernel.ts';
import type { Loc, Ptr } from '../kernel/rt/ops.ts';
import type { AnyPoolImpl, PoolSnapshot } from '../impl/pool-impl.ts';

export class PoolWorld {
  /** Elements each thread holds, by thread id (0 is the setup thread). */
  readonly held: Ptr[][] = [];
  /** Shared variables whose element a receiver has taken. */
  readonly taken: boolean[] = [];
  destroyed = false;

  constructor(
    readonly impl: AnyPoolImpl,
    readonly pool: unknown,
    /** Shared variables (cells) used to hand elements between threads. */
    readonly vars: readonly Loc[],
  ) {}

  /** A copy for another execution: what threads hold is copied, the pool handle is shared. */
  clone(): PoolWorld {
    const copy = new PoolWorld(this.impl, this.pool, this.vars);
    this.held.forEach((list, tid) => {
      copy.held[tid] = list.slice();
    });
    copy.taken.push(...this.taken);
    copy.destroyed = this.destroyed;
    return copy;
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
