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

/** A source position an implementation states for one of its operations (the C front end knows its own). */
export interface ExplicitSite {
  /** The source file, as reports should name it (a path, relative to the working directory where it can be). */
  readonly file: string;
  readonly line: number;
  /** The function the statement is in, when known. */
  readonly fn: string | null;
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

/**
 * States where `op` comes from. Cheap enough to call for every operation; an implementation that
 * wants to save even that may call it only while `opSites.capture !== null` (a report is being built).
 */
export function setOpSite(op: Op, site: ExplicitSite): void {
  opSites.explicit.set(op, site);
}
