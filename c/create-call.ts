/**
 * Creating a C pool as one explicit call: for a slab pool the cache first (`kmem_cache_create`, as
 * callers of mempool_create_slab_pool do), then the C constructor on the interpreter. Like CThread, its
 * whole state is data (whether the cache was asked for, the cache, the constructor's frames, the pool's
 * set-once members written so far), so a scenario thread inside a `create` stays copyable.
 */
import type { Gen, Op } from '../kernel/rt/ops.ts';
import { opSites } from '../kernel/rt/trace.ts';
import type { CValue } from './cfg.ts';
import type { PlainStore } from './machine.ts';
import type { StateSink } from '../kernel/rt/state-sink.ts';
import type { NamedLocal } from '../kernel/rt/state-sink.ts';
import type { CThread, CThreadSnapshot } from './thread.ts';

export interface CCreateSnapshot {
  readonly cacheAsked: boolean;
  readonly cache: CValue;
  readonly thread: CThreadSnapshot | null;
  /** The set-once members written so far: the constructor writes them, so a copy must not share them. */
  readonly plain: readonly (readonly [number, readonly CValue[]])[];
}

export class CCreateCall<P> implements Gen<P | null> {
  private cacheAsked = false;
  private cache: CValue = 0;
  private thread: CThread | null = null;

  constructor(
    /** The slab cache's object size when the pool needs one created first, else null. */
    private readonly cacheSize: number | null,
    /** The constructor's call, given the cache (0 when none was created). */
    private readonly build: (cache: CValue) => CThread,
    /** The pool handle from the constructor's result (null: creation failed). */
    private readonly finish: (result: CValue) => P | null,
    /** The store `build`'s calls write the set-once members into (restored in place: they hold it). */
    private readonly plain: PlainStore,
  ) {}

  next(answer?: unknown): IteratorResult<Op, P | null> {
    let input = answer;
    if (this.thread === null) {
      if (this.cacheSize !== null && !this.cacheAsked) {
        this.cacheAsked = true;
        // As kernel/api's kmem_cache_create (emit): a fresh operation, its stack captured when asked.
        const op: Op = { kind: 'cache_create', name: 'mempool-check', size: this.cacheSize };
        if (opSites.capture !== null) opSites.capture(op);
        return { done: false, value: op };
      }
      this.cache = this.cacheSize !== null ? (input as CValue) : 0;
      this.thread = this.build(this.cache);
      // `yield*` starts the inner call with nothing.
      input = undefined;
    }
    const r = this.thread.next(input);
    return r.done === true ? { done: true, value: this.finish(r.value) } : r;
  }

  return(value: P | null): IteratorResult<Op, P | null> {
    this.thread?.return(0);
    return { done: true, value };
  }

  throw(e: unknown): IteratorResult<Op, P | null> {
    throw e;
  }

  [Symbol.iterator](): this {
    return this;
  }

  namedLocals(): readonly NamedLocal[] {
    return this.thread?.namedLocals() ?? [];
  }

  writeState(out: StateSink): void {
    out.text(this.cacheAsked ? 'create+cache' : 'create');
    if (this.thread === null) out.text('-');
    else this.thread.writeState(out);
  }

  snapshot(): CCreateSnapshot {
    return {
      cacheAsked: this.cacheAsked,
      cache: this.cache,
      thread: this.thread?.snapshot() ?? null,
      plain: [...this.plain].map(([addr, members]) => [addr, members.slice()] as const),
    };
  }

  restore(s: CCreateSnapshot, mapValue?: (v: CValue) => CValue): void {
    this.cacheAsked = s.cacheAsked;
    this.cache = s.cache;
    this.plain.clear();
    for (const [addr, members] of s.plain) this.plain.set(addr, members.slice());
    if (s.thread === null) {
      this.thread = null;
      return;
    }
    // A call built afresh (its arguments are overwritten by the frames put back).
    this.thread = this.build(this.cache);
    this.thread.restore(s.thread, mapValue);
  }
}
