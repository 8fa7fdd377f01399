/**
 * Part of OWNERSHIP: elements have contents. An element is a block of words its owner may use; the pool
 * owns it while it is in the reserve or inside one of the pool's operations (taken by an alloc that has
 * not returned it yet, handed to a free), and may use its words then (a free list threaded through the
 * elements, a poison pattern). Once the pool has handed it out (the alloc returned it, and no free of it
 * has begun), the pool must not touch it: a read or write of its words by pool code is reported here.
 * After it went back to its allocator nobody may touch it; the runtime reports that (use after free).
 *
 * "Pool code" is a thread inside a pool operation (between the interpreter's invoke and return marks,
 * seen in the kernel's history as it is written), or the teardown thread (mempool_destroy). Callers may
 * use the words of the elements they hold.
 */
import type { Block } from '../kernel/rt/allocator.ts';
import type { ElementWatch, Kernel } from '../kernel/rt/kernel.ts';
import type { Loc } from '../kernel/rt/ops.ts';
import type { StateSink } from '../kernel/rt/state.ts';
import type { Thread } from '../kernel/rt/thread.ts';
import type { PoolWorld } from '../scenarios/world.ts';
import { OpTracker } from './support/ops.ts';

const OP_NAMES: Readonly<Record<string, string>> = { alloc: 'mempool_alloc', free: 'mempool_free', resize: 'mempool_resize', destroy: 'mempool_destroy' };

export class ElementUseWatch implements ElementWatch {
  private readonly tracker = new OpTracker();
  /** The first misuse of this execution, as a sentence, and the step it happened in. */
  found: { readonly message: string; readonly step: number; readonly tid: number } | null = null;

  constructor(private readonly world: PoolWorld) {}

  /** Watch `kernel` for one execution. */
  install(kernel: Kernel): void {
    this.tracker.reset();
    this.found = null;
    kernel.elementWatch = this;
  }

  /** An independent copy watching `kernel`, a fork of this one's (with its world, `world`). */
  fork(world: PoolWorld, kernel: Kernel): ElementUseWatch {
    const copy = new ElementUseWatch(world);
    copy.tracker.copyFrom(this.tracker);
    copy.found = this.found;
    kernel.elementWatch = copy;
    return copy;
  }

  onElementAccess(kernel: Kernel, t: Thread, element: Block, loc: Loc, write: boolean): void {
    if (this.found !== null) return;
    this.tracker.sync(kernel.history);
    const op = this.tracker.current[t.id];
    const poolCode = op !== undefined || t.name === 'teardown';
    if (!poolCode) return;
    const holder = this.holderOf(kernel, element.ptr);
    if (holder === null) return;
    const what = op === undefined ? 'mempool_destroy' : (OP_NAMES[op.op.op] ?? op.op.op);
    const name = kernel.allocators.name(element.ptr);
    this.found = {
      message: `${t.name} in ${what} ${write ? 'wrote' : 'read'} word ${loc - element.ptr} of ${name}, which ${holder} holds: the pool touched an element it had handed out`,
      step: kernel.steps,
      tid: t.id,
    };
  }

  /**
   * What later accesses are judged by beyond the world: whether a misuse was found already, and which
   * threads are inside a pool operation (pool code). Which operation does not matter.
   */
  writeState(kernel: Kernel, out: StateSink): void {
    this.tracker.sync(kernel.history);
    if (this.found !== null) out.text('misused');
    out.text('in');
    for (let tid = 0; tid < this.tracker.current.length; tid++) if (this.tracker.current[tid] !== undefined) out.num(tid);
  }

  /** Who holds the element outside the pool (a thread, or a shared variable in flight), or null. */
  private holderOf(kernel: Kernel, ptr: number): string | null {
    const world = this.world;
    for (let tid = 0; tid < world.held.length; tid++) {
      if (world.held[tid]?.includes(ptr) === true) return tid === 0 ? 'the setup thread' : (kernel.threads[tid]?.name ?? `T${tid}`);
    }
    for (let i = 0; i < world.vars.length; i++) {
      if (world.taken[i] !== true && kernel.mem.peek(world.vars[i] as number) === ptr) return `shared variable v${i} (published by a caller)`;
    }
    return null;
  }
}
