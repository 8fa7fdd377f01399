/**
 * C's unsequenced operands. Where an expression reads two shared locations with no sequence point
 * between the reads (`pool->curr_nr < pool->min_nr`, seed L317), C does not say which is loaded first,
 * and a compiler may choose either order on any architecture. JavaScript evaluates left to right, so
 * writing the expression directly would explore only one of the two legal compilations.
 *
 * `unsequenced(first, second)` evaluates both operands in an order the scheduler chooses (a value
 * choice of kind `operand-order`: recorded, replayed and explored like every other choice) and always
 * returns `[first's value, second's value]`:
 *
 * ```ts
 * const [curr_nr, min_nr] = yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr)); // L317
 * if (curr_nr < min_nr) ...
 * ```
 *
 * The operands must not modify what the other reads (C calls that undefined behaviour). The first
 * operation of each operand is handed to the runtime with the choice, so that it can tell when the
 * order cannot matter and takes no choice (two single loads in one step, or one of a location no
 * other thread writes; see `Kernel`), and so that reports can say which operand went first.
 */
import type { Gen, Op } from '../rt/ops.ts';
import { ORDER_IRRELEVANT, SECOND_THEN_FIRST } from '../rt/ops.ts';
import { emit } from './emit.ts';

export function* unsequenced<A, B>(first: () => Gen<A>, second: () => Gen<B>): Gen<[A, B]> {
  const a = first();
  const b = second();
  // Run each operand up to its first operation: generator code has no effect until it yields one.
  const ra = a.next();
  const rb = b.next();
  const firstOp = ra.done === true ? null : ra.value;
  const secondOp = rb.done === true ? null : rb.value;
  const order = yield* emit<number>({ kind: 'unsequenced', first: firstOp, second: secondOp });
  if (order === SECOND_THEN_FIRST) {
    const vb = yield* resume(b, rb);
    const va = yield* resume(a, ra);
    return [va.value, vb.value];
  }
  const va = yield* resume(a, ra);
  const vb = yield* resume(b, rb);
  if (order === ORDER_IRRELEVANT && (va.ops !== 1 || vb.ops !== 1)) {
    // The runtime took the operands for single loads; they were not: it must decide again.
    yield* emit({ kind: 'unsequenced', first: firstOp, second: secondOp, compound: true });
  }
  return [va.value, vb.value];
}

/** Finish a generator that has already been advanced to `r`; with how many operations it yielded. */
function* resume<T>(g: Gen<T>, r: IteratorResult<Op, T>): Gen<{ value: T; ops: number }> {
  let step = r;
  let ops = 0;
  while (step.done !== true) {
    ops += 1;
    step = g.next(yield step.value);
  }
  return { value: step.value, ops };
}
