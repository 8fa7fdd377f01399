/**
 * struct mempool_s (include/linux/mempool.h, v4.1) and the two stack helpers of mm/mempool.c.
 * Line notes `// L21` refer to docs/seed/mempool.c.
 *
 * Fields the code changes while other threads run (lock, min_nr, curr_nr, elements, wait) are memory
 * cells, so every access goes through the memory model. pool_data, alloc and free are written once by
 * mempool_create_node before the pool is shared, and are plain properties.
 */
import type { Gen, gfp_t, Loc, Ptr, spinlock_t, wait_queue_head_t } from '../../kernel/api/index.ts';
import { BUG_ON, load, store, unsequenced } from '../../kernel/api/index.ts';

export type mempool_alloc_t = (gfp_mask: gfp_t, pool_data: unknown) => Gen<Ptr>;
export type mempool_free_t = (element: Ptr, pool_data: unknown) => Gen<void>;

export class mempool_t {
  static readonly words = 5;
  readonly lock: spinlock_t;
  /** nr of elements at *elements */
  readonly min_nr: Loc;
  /** Current nr of elements at *elements */
  readonly curr_nr: Loc;
  /** void **elements */
  readonly elements: Loc;
  readonly wait: wait_queue_head_t;
  pool_data: unknown = null;
  alloc: mempool_alloc_t = unset;
  free: mempool_free_t = unset;

  constructor(readonly addr: Ptr) {
    this.lock = addr;
    this.min_nr = addr + 1;
    this.curr_nr = addr + 2;
    this.elements = addr + 3;
    this.wait = addr + 4;
  }
}

function* unset(): Gen<never> {
  throw new Error('mempool_t: alloc/free called before mempool_create_node set them'); // L77: kzalloc_node leaves them NULL
}

/** `a < b` of an unsequenced pair (`pool->curr_nr < pool->min_nr`). */
export const less = ([a, b]: readonly [number, number]): boolean => a < b;

/*
 * Every expression below that reads two fields is evaluated with `unsequenced`, as C leaves the order
 * of its operands open. All of them run under pool->lock: the runtime then takes no choice where the
 * order cannot matter (both loads merge into one step when no other thread touches the fields without
 * the lock), and explores both where it can (a field some thread accesses without the lock).
 * The two stores of L22 and L28 (the ++/-- and the array slot) are unsequenced too; their order is
 * not explored: the slot is only ever accessed under pool->lock, so no thread can see between them.
 */

export function* add_element(pool: mempool_t, element: Ptr): Gen<void> {
  yield* BUG_ON(!less(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr)))); // L21: curr_nr >= min_nr
  const [elements, curr_nr] = yield* unsequenced(() => load(pool.elements), () => load(pool.curr_nr)); // L22: pool->elements[pool->curr_nr++] = element;
  yield* store(pool.curr_nr, curr_nr + 1); // L22
  yield* store(elements + curr_nr, element); // L22
}

export function* remove_element(pool: mempool_t): Gen<Ptr> {
  yield* BUG_ON((yield* load(pool.curr_nr)) <= 0); // L27
  const [elements, curr_nr] = yield* unsequenced(() => load(pool.elements), () => load(pool.curr_nr)); // L28: return pool->elements[--pool->curr_nr];
  yield* store(pool.curr_nr, curr_nr - 1); // L28
  return yield* load(elements + curr_nr - 1); // L28
}
