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
 * order cannot matter (see `Kernel`) and reports can say which operand went first.
 */
import type { Gen, Op } from '../rt/ops.ts';
import { emit } from './emit.ts';

export function* unsequenced<A, B>(first: () => Gen<A>, second: () => Gen<B>): Gen<[A, B]> {
  const a = first();
  const b = second();
  // Run each operand up to its first operation: generator code has no effect until it yields one.
  const ra = a.next();
  const rb = b.next();
  const order = yield* emit<number>({ kind: 'unsequenced', first: ra.done === true ? null : ra.value, second: rb.done === true ? null : rb.value });
  if (order === 0) {
    const va = yield* resume(a, ra);
    const vb = yield* resume(b, rb);
    return [va, vb];
  }
  const vb = yield* resume(b, rb);
  const va = yield* resume(a, ra);
  return [va, vb];
}

/** Finish a generator that has already been advanced to `r`. */
function* resume<T>(g: Gen<T>, r: IteratorResult<Op, T>): Gen<T> {
  let step = r;
  while (step.done !== true) step = g.next(yield step.value);
  return step.value;
}
