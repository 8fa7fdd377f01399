import type { Kernel } from './kernel.ts';
import type { Gen } from './ops.ts';
import type { ThreadOptions } from './thread.ts';

/** How a sequentially run operation ended. */
export type SeqOutcome<T> =
  | { readonly kind: 'returned'; readonly value: T }
  /** It cannot make progress alone (asleep with nobody to wake it, or waiting for a lock). */
  | { readonly kind: 'blocked'; readonly tid: number }
  /** It was killed (BUG, self-deadlock, an endless loop); the kernel's findings say why. */
  | { readonly kind: 'dead' };

/** Steps one sequential operation may take: no operation of a pool comes near it. */
export const SEQUENTIAL_MAX_STEPS = 10_000;

/**
 * Run one operation on a new thread until it returns, dies, or blocks. It runs alone, so an operation
 * still running after `maxSteps` steps would never return: a TERMINATION finding, and the thread is
 * stopped (reported as dead).
 */
export function runSequential<T>(kernel: Kernel, name: string, gen: Gen<T>, options: ThreadOptions = {}, maxSteps = SEQUENTIAL_MAX_STEPS): SeqOutcome<T> {
  const t = kernel.spawn(name, gen, { ...options, alone: true });
  for (let steps = 0; ; steps++) {
    if (t.status === 'done') return { kind: 'returned', value: t.result as T };
    if (t.status === 'dead') return { kind: 'dead' };
    if (!kernel.isEnabled(t)) return { kind: 'blocked', tid: t.id };
    if (steps >= maxSteps) {
      kernel.report('TERMINATION', t, `${name}: no return after ${maxSteps} steps running alone: an endless loop`);
      kernel.abandon(t.id, null);
      return { kind: 'dead' };
    }
    kernel.step(t.id);
  }
}
