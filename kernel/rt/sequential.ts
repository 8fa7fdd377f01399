import type { Kernel } from './kernel.ts';
import type { Gen } from './ops.ts';
import type { ThreadOptions } from './thread.ts';

/** How a sequentially run operation ended. */
export type SeqOutcome<T> =
  | { readonly kind: 'returned'; readonly value: T }
  /** It cannot make progress alone (asleep with nobody to wake it, or waiting for a lock). */
  | { readonly kind: 'blocked'; readonly tid: number }
  /** It was killed (BUG, self-deadlock); the kernel's findings say why. */
  | { readonly kind: 'dead' };

/**
 * Run one operation on a new thread until it returns, dies, or blocks; `maxSteps` guards against an
 * implementation that loops forever (then it throws).
 */
export function runSequential<T>(kernel: Kernel, name: string, gen: Gen<T>, options: ThreadOptions = {}, maxSteps = 100_000): SeqOutcome<T> {
  const t = kernel.spawn(name, gen, options);
  for (let steps = 0; ; steps++) {
    if (t.status === 'done') return { kind: 'returned', value: t.result as T };
    if (t.status === 'dead') return { kind: 'dead' };
    if (!kernel.isEnabled(t)) return { kind: 'blocked', tid: t.id };
    if (steps >= maxSteps) throw new Error(`${name}: no return after ${maxSteps} steps (unbounded loop?)`);
    kernel.step(t.id);
  }
}
