import type { MemoryModel } from './memory.ts';
import { ARENA_MASK, ARENA_SIZE } from './memory.ts';
import type { AwaitPredicate, Loc, RmwOrdering } from './ops.ts';

/**
 * Sequentially consistent memory: one value per cell, every load reads the latest store.
 * Cells are kept per arena in plain arrays (the hot path is an index, not a hash lookup).
 */
export class ScMemory implements MemoryModel {
  readonly name = 'sc' as const;
  private readonly arenas: (number | undefined)[][] = [];

  private arena(loc: Loc): (number | undefined)[] {
    const index = (loc / ARENA_SIZE) | 0;
    let arena = this.arenas[index];
    if (arena === undefined) {
      arena = [];
      this.arenas[index] = arena;
    }
    return arena;
  }

  clone(): ScMemory {
    const copy = new ScMemory();
    this.arenas.forEach((arena, i) => {
      copy.arenas[i] = arena.slice();
    });
    return copy;
  }

  init(loc: Loc, value: number): void {
    this.arena(loc)[loc & ARENA_MASK] = value;
  }

  has(loc: Loc): boolean {
    return this.arenas[(loc / ARENA_SIZE) | 0]?.[loc & ARENA_MASK] !== undefined;
  }

  drop(loc: Loc): void {
    const arena = this.arenas[(loc / ARENA_SIZE) | 0];
    if (arena !== undefined) arena[loc & ARENA_MASK] = undefined;
  }

  peek(loc: Loc): number {
    return this.arenas[(loc / ARENA_SIZE) | 0]?.[loc & ARENA_MASK] ?? 0;
  }

  load(_tid: number, loc: Loc): number {
    return this.peek(loc);
  }

  store(_tid: number, loc: Loc, value: number): void {
    this.arena(loc)[loc & ARENA_MASK] = value;
  }

  rmw(_tid: number, loc: Loc, update: (old: number) => number, _ordering: RmwOrdering): number {
    const old = this.peek(loc);
    this.store(_tid, loc, update(old));
    return old;
  }

  fence(): void {}

  canAwait(_tid: number, loc: Loc, pred: AwaitPredicate): boolean {
    return pred(this.peek(loc));
  }

  awaitRead(_tid: number, loc: Loc): number {
    return this.peek(loc);
  }

  lockAcquire(tid: number, lock: Loc): void {
    this.store(tid, lock, tid + 1);
  }

  lockRelease(tid: number, lock: Loc): void {
    this.store(tid, lock, 0);
  }
}
