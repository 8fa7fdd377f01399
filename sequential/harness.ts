/**
 * The real side of the sequential check: one simulated kernel (one boot) per command sequence, the
 * implementation under test, its current pool, and what the run printed so far.
 */
import { Kernel } from '../kernel/rt/kernel.ts';
import type { Gen } from '../kernel/rt/ops.ts';
import { runSequential, type SeqOutcome } from '../kernel/rt/sequential.ts';
import { ZERO_SIZE_PTR } from '../kernel/rt/allocator.ts';
import type { AnyPoolImpl, BackendKind } from '../impl/pool-impl.ts';
import type { AllocatorCall } from '../model/index.ts';
import { allocationCall } from '../properties/lin/observations.ts';
import type { Tally } from './tally.ts';

/** One operation run on its own thread: how it ended and what it asked of the allocators. */
export interface Ran<T> {
  readonly tid: number;
  readonly outcome: SeqOutcome<T>;
  readonly calls: readonly AllocatorCall[];
  /** Allocator entry points used, in order (e.g. kmem_cache_alloc), parallel to `calls`. */
  readonly apis: readonly string[];
  /** For a blocked operation: the kind of operation it waits in (schedule_timeout, lock, ...). */
  readonly stuck: string | null;
}

export class Harness {
  readonly kernel = new Kernel();
  pool: unknown = null;
  backend: BackendKind | null = null;
  /** Executed commands with their results, one line each. */
  readonly transcript: string[] = [];
  /** Answers for allocator calls in `choice` mode (true = fail); an empty queue answers success. */
  choices: boolean[] = [];
  /** How many kernel findings earlier commands already accounted for. */
  findingsSeen = 0;

  constructor(
    readonly impl: AnyPoolImpl,
    readonly tally: Tally,
  ) {
    this.kernel.defineStatics(impl.statics?.values ?? []);
    this.kernel.chooser = {
      pickValue: (n, kind) => (kind === 'alloc-fault' && n === 2 && this.choices.shift() === true ? 1 : 0),
    };
  }

  /** Run `gen` on a new thread to its end; a thread that blocks is abandoned (taken off the pool's wait queue). */
  run<T>(name: string, gen: Gen<T>): Ran<T> {
    const tid = this.kernel.threads.length;
    const from = this.kernel.history.length;
    const outcome = runSequential(this.kernel, name, gen);
    const stuck = outcome.kind === 'blocked' ? (this.kernel.threads[tid]?.pending?.kind ?? 'nothing') : null;
    if (outcome.kind === 'blocked') {
      this.kernel.abandon(tid, this.pool === null ? null : this.impl.waitQueueOf(this.pool));
    }
    const calls: AllocatorCall[] = [];
    const apis: string[] = [];
    for (const e of this.kernel.history.slice(from)) {
      if (e.tid !== tid || e.kind === 'mark') continue;
      apis.push(e.api);
      calls.push(e.kind === 'alloc' ? allocationCall(e.api, e.gfp, e.result) : { call: 'free', cls: this.freedClass(e.api, e.ptr), ptr: e.ptr });
    }
    return { tid, outcome, calls, apis, stuck };
  }

  /** Whether a freed pointer was an element or one of the pool's own blocks (by what allocated it). */
  private freedClass(api: string, ptr: number): 'element' | 'meta' {
    const a = this.kernel.allocators;
    const block = a.live.get(ptr) ?? a.freed.get(ptr);
    if (block !== undefined) return block.cls;
    return ptr === ZERO_SIZE_PTR || api === 'kfree' ? 'meta' : 'element';
  }

  /** Replace raw addresses in a text by allocator names (e3.1 for elements, m0.2 for pool blocks). */
  readonly names = (text: string): string =>
    text.replace(/0x[0-9a-f]+/g, (hex) => this.kernel.allocators.name(Number.parseInt(hex.slice(2), 16)));
}
