/**
 * struct mempool_s (include/linux/mempool.h, v4.1) and the two stack helpers of mm/mempool.c.
 * Line notes `// L21` refer to docs/seed/mempool.c.
 *
 * Fields the code changes while other threads run (lock, min_nr, curr_nr, elements, wait) are memory
 * cells, so every access goes through the memory model. pool_data, alloc and free are written once by
 * mempool_create_node before the pool is shared, and are plain properties.
 */
import type { Gen, gfp_t, Loc, Ptr, spinlock_t, wait_queue_head_t } from '../../kernel/api/index.ts';
import { BUG_ON, load, store } from '../../kernel/api/index.ts';

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

export function* add_element(pool: mempool_t, element: Ptr): Gen<void> {
  yield* BUG_ON((yield* load(pool.curr_nr)) >= (yield* load(pool.min_nr))); // L21
  const curr_nr = yield* load(pool.curr_nr); // L22: pool->elements[pool->curr_nr++] = element;
  yield* store(pool.curr_nr, curr_nr + 1); // L22
  yield* store((yield* load(pool.elements)) + curr_nr, element); // L22
}

export function* remove_element(pool: mempool_t): Gen<Ptr> {
  yield* BUG_ON((yield* load(pool.curr_nr)) <= 0); // L27
  const curr_nr = (yield* load(pool.curr_nr)) - 1; // L28: return pool->elements[--pool->curr_nr];
  yield* store(pool.curr_nr, curr_nr); // L28
  return yield* load((yield* load(pool.elements)) + curr_nr); // L28
}
