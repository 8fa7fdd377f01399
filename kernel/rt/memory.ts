import type { Footprint } from './footprint.ts';
import type { AccessOrder, AwaitPredicate, FenceKind, Loc, RmwOrdering } from './ops.ts';

/** Value choices the memory model may ask for (which message a load reads). */
export interface ValueChooser {
  /** Pick one of `n` alternatives (0 is the default, explored first). */
  pickValue(n: number, kind: ChoiceKind): number;
}

/**
 * What a value choice decides: whether an allocation fails, which store a load reads (weak memory),
 * or in which order the unsequenced operands of a C expression are evaluated (kernel/api unsequenced).
 */
export type ChoiceKind = 'alloc-fault' | 'read-from' | 'operand-order';

/**
 * A memory model: how loads, stores, fences and lock hand-offs behave.
 * `sc` (sequential consistency) keeps one value per cell; `weak` (see MEMORY-MODEL.md) keeps histories.
 * Lock enabledness is decided from `peek` (the newest message), as both models require.
 */
export interface MemoryModel {
  readonly name: MemoryModelName;
  /** Create a cell with its initial value (before any thread can see it). */
  init(loc: Loc, value: number): void;
  load(tid: number, loc: Loc, order: AccessOrder, chooser: ValueChooser): number;
  store(tid: number, loc: Loc, value: number, order: AccessOrder): void;
  /** Atomic read-modify-write of the newest value, with barriers around it as `ordering` says. Returns the old value. */
  rmw(tid: number, loc: Loc, update: (old: number) => number, ordering: RmwOrdering): number;
  fence(tid: number, kind: FenceKind): void;
  /** Whether an await on `loc` has a readable message satisfying `pred`. */
  canAwait(tid: number, loc: Loc, pred: AwaitPredicate): boolean;
  /** Complete an await: read a message satisfying `pred` (a choice among them under `weak`). */
  awaitRead(tid: number, loc: Loc, pred: AwaitPredicate, chooser: ValueChooser): number;
  lockAcquire(tid: number, lock: Loc): void;
  lockRelease(tid: number, lock: Loc): void;
  /** The newest value of a cell, without any effect (a debugger's view, used by checks and reports). */
  peek(loc: Loc): number;
  /** Whether the cell exists (was allocated and not freed). */
  has(loc: Loc): boolean;
  /** Forget a cell (its block was freed). */
  drop(loc: Loc): void;
  /** An independent copy (used to reuse one setup for many executions). */
  clone(): MemoryModel;
  /**
   * Optional: the kernel's per-step footprint, for objects only the model knows it touched (the weak
   * model's smp_mb view S and its stale-read budget).
   */
  attach?(footprint: Footprint): void;
  /** Optional: thread `tid` was created now (the weak model starts its views after everything so far). */
  threadStart?(tid: number): void;
}

export type MemoryModelName = 'sc' | 'weak';

/** Address layout: thread `t` allocates in its own arena, so addresses do not depend on the schedule. */
export const ARENA_BITS = 20;
export const ARENA_SIZE = 1 << ARENA_BITS;
export const ARENA_MASK = ARENA_SIZE - 1;
export const arenaBase = (tid: number): number => (tid + 1) * ARENA_SIZE;
export const arenaOf = (loc: Loc): number => Math.floor(loc / ARENA_SIZE) - 1;
