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
 * Where operations were created.
 * - `capture`: when set, kernel/api records the creating call stack of every operation, from which
 *   reports find the implementation's source line (and its `// L123` note).
 * - `explicit`: positions implementations register for their own operations (`setOpSite`); reports
 *   prefer them over stack frames.
 *
 * One registry per process, not per module instance: an implementation loaded from a file may import
 * `mempool-check/kernel` from another copy of the package (the published one beside the sources, or
 * the one vitest loads beside Node's), and its operations must still be seen by the running checker.
 */
export interface OpSiteRegistry {
  capture: ((op: Op) => void) | null;
  readonly explicit: WeakMap<Op, ExplicitSite>;
}

const KEY = Symbol.for('mempool-check.opSites.v1');
const holder = globalThis as { [KEY]?: OpSiteRegistry };

export const opSites: OpSiteRegistry = (holder[KEY] ??= { capture: null, explicit: new WeakMap() });

/** Operation -> its explicit site (the process-wide registry's map; run/sites.ts prefers it over stack frames). */
export const explicitSites: WeakMap<Op, ExplicitSite> = opSites.explicit;

/**
 * States where `op` comes from. Cheap enough to call for every operation; an implementation that
 * wants to save even that may call it only while `opSites.capture !== null` (a report is being built).
 */
export function setOpSite(op: Op, site: ExplicitSite): void {
  opSites.explicit.set(op, site);
}
