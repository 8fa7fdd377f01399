import type { Gen, Op } from '../rt/ops.ts';
import { opSites } from '../rt/trace.ts';

/**
 * Yield one operation to the runtime and return its result (typed by the caller). Primitives return
 * this generator directly rather than wrapping it in one of their own: every level of `yield*` is paid
 * on every resume, and these sit under every statement of every implementation.
 */
export function* emit<T>(op: Op): Generator<Op, T, unknown> {
  if (opSites.capture !== null) opSites.capture(op);
  return (yield op) as T;
}

/** An already finished generator: `yield*` on it returns at once, without allocating a new one. */
export const NOTHING: Gen<void> = (function* (): Gen<void> {})();
NOTHING.next();
