import { decideFault, faultClassOf, type FaultClass, type FaultPolicy, DEFAULT_FAULTS } from './faults.ts';
import { arenaBase, arenaOf, type ValueChooser } from './memory.ts';
import type { AllocApi, AllocRequest, FreeApi, KmemCache, Loc, Ptr } from './ops.ts';
import { NULL } from './ops.ts';

/** A live (or freed) allocation: its identity and what it was allocated as. */
export interface Block {
  readonly ptr: Ptr;
  readonly api: AllocApi;
  readonly cls: FaultClass;
  readonly size: number;
  readonly words: number;
  readonly order: number;
  readonly cache: KmemCache | null;
  /** Thread that allocated it and its per-thread sequence number (for readable names: e1.3). */
  readonly tid: number;
  readonly seq: number;
}

/** What one allocator call did; kept in `calls` for properties (FORCED-GFP) and the model. */
export interface AllocCall {
  readonly tid: number;
  readonly api: AllocApi;
  readonly gfp: number;
  readonly result: Ptr;
}

export interface FreeCall {
  readonly tid: number;
  readonly api: FreeApi;
  readonly ptr: Ptr;
}

/** kmalloc(0) returns this non-NULL, unusable pointer; kfree ignores it (as in the kernel). */
export const ZERO_SIZE_PTR: Ptr = 16;

export type FreeProblem = null | string;

/**
 * The underlying allocators (slab caches, kmalloc, the page allocator) as one bookkeeping of identities.
 * Addresses come from the allocating thread's own arena so that allocations by different threads commute.
 * Addresses are never reused: a use after free can always be told from a new allocation.
 *
 * Every block is `words` memory words long, elements included: an element is a block of words its owner
 * may use (a pool threads its free list through the elements it holds, a caller fills in its data).
 * The pool's own blocks get their cells when allocated. An element's cells are made when a word is
 * first touched (`touch`): most pools never touch their elements, and a page is 512 words.
 */
export class Allocators {
  faults: FaultPolicy = DEFAULT_FAULTS;
  readonly live = new Map<Ptr, Block>();
  readonly freed = new Map<Ptr, Block>();
  /** Every block ever allocated, per arena, in address order (bump allocation keeps them sorted). */
  private readonly byArena: Block[][] = [];
  /** Element words that have cells (touched since allocated), with their block. */
  readonly elementCells = new Map<Loc, Block>();
  /** The touched words of each live element, for dropping their cells when it is freed. */
  private readonly touched = new Map<Ptr, Loc[]>();
  readonly calls: AllocCall[] = [];
  readonly frees: FreeCall[] = [];
  private readonly bump: number[] = [];
  private readonly seqs: number[] = [];
  private readonly callCounts: Record<FaultClass, number> = { element: 0, meta: 0 };
  private cacheIds = 0;

  /** Make this (fresh) bookkeeping a copy of `other` (blocks are immutable and shared). */
  copyFrom(other: Allocators): void {
    this.faults = other.faults;
    for (const [k, v] of other.live) this.live.set(k, v);
    for (const [k, v] of other.freed) this.freed.set(k, v);
    this.calls.push(...other.calls);
    this.frees.push(...other.frees);
    this.bump.push(...other.bump);
    this.seqs.push(...other.seqs);
    this.callCounts.element = other.callCounts.element;
    this.callCounts.meta = other.callCounts.meta;
    this.cacheIds = other.cacheIds;
    other.byArena.forEach((blocks, i) => {
      this.byArena[i] = blocks.slice();
    });
    for (const [k, v] of other.elementCells) this.elementCells.set(k, v);
    for (const [k, v] of other.touched) this.touched.set(k, v.slice());
  }

  /** The block whose words include `loc` (live or freed), if any. */
  blockAt(loc: Loc): Block | undefined {
    const blocks = this.byArena[arenaOf(loc)];
    if (blocks === undefined) return undefined;
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = blocks[mid] as Block;
      if (loc < b.ptr) hi = mid - 1;
      else if (loc >= b.ptr + Math.max(1, b.words)) lo = mid + 1;
      else return b;
    }
    return undefined;
  }

  /**
   * `loc` is a word of a live element without a cell yet: record that it gets one now (the caller makes
   * it). Returns the element, or undefined when `loc` is no such word.
   */
  touch(loc: Loc): Block | undefined {
    const b = this.blockAt(loc);
    if (b === undefined || b.cls !== 'element' || loc >= b.ptr + b.words || this.live.get(b.ptr) !== b) return undefined;
    this.elementCells.set(loc, b);
    const cells = this.touched.get(b.ptr);
    if (cells === undefined) this.touched.set(b.ptr, [loc]);
    else cells.push(loc);
    return b;
  }

  /** The cells a block has (all its words for the pool's own blocks; the touched ones for an element). */
  cellsOf(block: Block): readonly Loc[] {
    if (block.cls === 'element') return this.touched.get(block.ptr) ?? [];
    return Array.from({ length: block.words }, (_, i) => block.ptr + i);
  }

  /** Calls of a class counted so far (what `fail-nth` decides by; the world fingerprint reads it). */
  callCount(cls: FaultClass): number {
    return this.callCounts[cls];
  }

  createCache(name: string, size: number): KmemCache {
    this.cacheIds += 1;
    return { name, size, id: this.cacheIds };
  }

  /** Whether this request's outcome depends on the order of calls (it then conflicts with other calls). */
  orderSensitive(req: AllocRequest): boolean {
    return this.faults[faultClassOf(req.api)].kind === 'fail-nth';
  }

  /** Decide and perform an allocation; `chooser` is asked only when the fault mode leaves a choice. */
  allocate(tid: number, req: AllocRequest, chooser: ValueChooser): Block | Ptr | null {
    const cls = faultClassOf(req.api);
    if (req.size === 0 && req.api !== 'kmem_cache_alloc' && req.api !== 'alloc_pages') {
      // kmalloc(0) cannot fail and returns ZERO_SIZE_PTR, which is not tracked.
      this.calls.push({ tid, api: req.api, gfp: req.gfp, result: ZERO_SIZE_PTR });
      return ZERO_SIZE_PTR;
    }
    this.callCounts[cls] += 1;
    const decision = decideFault(this.faults[cls], req.gfp, this.callCounts[cls]);
    const fails = decision === 'fail' || (decision === 'choose' && chooser.pickValue(2, 'alloc-fault') === 1);
    if (fails) {
      this.calls.push({ tid, api: req.api, gfp: req.gfp, result: NULL });
      return null;
    }
    const seq = (this.seqs[tid] ?? 0) + 1;
    this.seqs[tid] = seq;
    const offset = this.bump[tid] ?? 64;
    // One spare word after each block: an overflow lands on a cell that does not exist and is reported.
    this.bump[tid] = offset + Math.max(1, req.words) + 1;
    const block: Block = {
      ptr: arenaBase(tid) + offset,
      api: req.api,
      cls,
      size: req.size,
      words: req.words,
      order: req.order,
      cache: req.cache,
      tid,
      seq,
    };
    this.live.set(block.ptr, block);
    (this.byArena[arenaOf(block.ptr)] ??= []).push(block);
    this.calls.push({ tid, api: req.api, gfp: req.gfp, result: block.ptr });
    return block;
  }

  /**
   * Free a block; returns what is wrong with the call (double free, unknown pointer, wrong API), or null,
   * and the cells the block had (which the memory model must now forget).
   */
  free(tid: number, api: FreeApi, ptr: Ptr, order: number, cache: KmemCache | null): { block: Block | null; problem: FreeProblem; cells: readonly Loc[] } {
    this.frees.push({ tid, api, ptr });
    if (ptr === NULL) {
      return api === 'kfree' ? { block: null, problem: null, cells: [] } : { block: null, problem: `${api}(NULL)`, cells: [] };
    }
    if (ptr === ZERO_SIZE_PTR && api === 'kfree') return { block: null, problem: null, cells: [] };
    const block = this.live.get(ptr);
    if (block === undefined) {
      const old = this.freed.get(ptr);
      return { block: null, problem: old ? `double free of ${this.name(ptr)}` : `${api} of unknown pointer ${this.name(ptr)}`, cells: [] };
    }
    const problem = mismatch(api, block, order, cache);
    const cells = this.cellsOf(block);
    this.live.delete(ptr);
    this.freed.set(ptr, block);
    for (const loc of this.touched.get(ptr) ?? []) this.elementCells.delete(loc);
    this.touched.delete(ptr);
    return { block, problem: problem === null ? null : `${problem} (${this.name(ptr)})`, cells };
  }

  /** Live blocks of a class, in allocation order per thread. */
  liveOf(cls: FaultClass): Block[] {
    return [...this.live.values()].filter((b) => b.cls === cls);
  }

  /** A readable name: e<tid>.<seq> for elements, m<tid>.<seq> for the pool's own blocks. */
  name(ptr: Ptr): string {
    if (ptr === NULL) return 'NULL';
    if (ptr === ZERO_SIZE_PTR) return 'ZERO_SIZE_PTR';
    const block = this.live.get(ptr) ?? this.freed.get(ptr);
    if (!block) return `0x${ptr.toString(16)}`;
    return `${block.cls === 'element' ? 'e' : 'm'}${block.tid}.${block.seq}`;
  }
}

function mismatch(api: FreeApi, block: Block, order: number, cache: KmemCache | null): string | null {
  switch (api) {
    case 'kfree':
      return block.api === 'kmem_cache_alloc' || block.api === 'alloc_pages' ? `kfree of a ${block.api} block` : null;
    case 'kmem_cache_free':
      if (block.api !== 'kmem_cache_alloc') return `kmem_cache_free of a ${block.api} block`;
      return block.cache?.id === cache?.id ? null : `kmem_cache_free to the wrong cache`;
    case '__free_pages':
      if (block.api !== 'alloc_pages') return `__free_pages of a ${block.api} block`;
      return block.order === order ? null : `__free_pages with order ${order}, allocated with order ${block.order}`;
    default: {
      const never: never = api;
      throw new Error(`unknown free api ${String(never)}`);
    }
  }
}
