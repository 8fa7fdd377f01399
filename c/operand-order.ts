/**
 * The order of two unsequenced operands, as kernel/api's `unsequenced` runs it: the `unsequenced`
 * operation names each operand's first operation and answers FIRST_THEN_SECOND, SECOND_THEN_FIRST, or
 * ORDER_IRRELEVANT (the runtime took no choice, taking the operands for single loads: they run as
 * written, and if either turns out to issue other than one operation, a second `unsequenced`
 * operation marked `compound` says so). The interpreter keeps one record per pair being evaluated as
 * written (pairs nest), as part of the thread's explicit state.
 */
import type { Op } from '../kernel/rt/ops.ts';

export const FIRST_THEN_SECOND = 0;
export const SECOND_THEN_FIRST = 1;
export const ORDER_IRRELEVANT = 2;

export interface OrderRecord {
  /** The answer (FIRST_THEN_SECOND or ORDER_IRRELEVANT: the operands run as written). */
  readonly answer: number;
  readonly first: Op | null;
  readonly second: Op | null;
  /** Operations the thread had issued when the first operand began. */
  readonly start: number;
  /** Operations the first operand issued (set when the second begins). */
  firstOps: number;
}

/** The `compound` operation owed after a pair run as written, or null. */
export function compoundAfter(r: OrderRecord, issued: number): Op | null {
  const secondOps = issued - r.start - r.firstOps;
  if (r.answer !== ORDER_IRRELEVANT || (r.firstOps === 1 && secondOps === 1)) return null;
  // `compound` is the runtime's mark for a pair it took for two single loads (kernel/rt/ops.ts).
  return { kind: 'unsequenced', first: r.first, second: r.second, compound: true } as Op;
}
