import type { Op } from '../rt/ops.ts';
import { opSites } from '../rt/trace.ts';

/** Yield one operation to the runtime and return its result (typed by the caller). */
export function* emit<T>(op: Op): Generator<Op, T, unknown> {
  if (opSites.capture !== null) opSites.capture(op);
  return (yield op) as T;
}
