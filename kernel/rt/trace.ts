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
