import type { Kernel } from './kernel.ts';
import type { Op } from './ops.ts';
import type { Thread } from './thread.ts';

/**
 * Observes every executed operation (visible or merged into a step). Used for reports and replays,
 * never during exploration: the hot loop only checks that `kernel.tracer` is null.
 */
export interface Tracer {
  onOp(kernel: Kernel, thread: Thread, op: Op, result: unknown, visible: boolean): void;
}

/**
 * Where operations were created. When `capture` is set, kernel/api records the creating call stack of
 * every operation, from which reports find the implementation's source line (and its `// L123` note).
 */
export const opSites: { capture: ((op: Op) => void) | null } = { capture: null };

/**
 * Where an operation comes from, for implementations that know their own source positions (the C front
 * end runs the C file's statements itself, so a JavaScript stack says nothing about them).
 */
export interface ExplicitSite {
  /** The source file as the user named it. */
  readonly file: string;
  /** The line to report (a callback called through a function pointer, such as alloc_fn, gives way to its caller). */
  readonly line: number;
  /** The function whose statement issued the operation. */
  readonly fn: string;
  /** Lines of the statement and of every call that led to it, innermost first (`[28, 224]`). */
  readonly chain: readonly number[];
  /** The outermost function of the call (the pool operation: `mempool_alloc`). */
  readonly entry: string;
}

/**
 * Operation -> its explicit site. Implementations register only while `opSites.capture` is set (a report
 * is recording), so exploration pays nothing; run/sites.ts prefers an entry here over stack frames.
 */
export const explicitSites = new WeakMap<Op, ExplicitSite>();
