/** mempool_destroy, mempool_create, mempool_create_node (seed L39–107). */
import type { Gen, gfp_t } from '../../kernel/api/index.ts';
import {
  GFP_KERNEL,
  NUMA_NO_NODE,
  SIZEOF_PTR,
  init_waitqueue_head,
  kfree,
  kmalloc_node,
  kzalloc_node,
  load,
  sizeof,
  spin_lock_init,
  store,
  unlikely,
  unsequenced,
} from '../../kernel/api/index.ts';
import { add_element, less, mempool_t, remove_element, type mempool_alloc_t, type mempool_free_t } from './mempool_t.ts';

export function* mempool_destroy(pool: mempool_t): Gen<void> {
  while (yield* load(pool.curr_nr)) { // L41
    const element = yield* remove_element(pool); // L42
    yield* pool.free(element, pool.pool_data); // L43
  }
  yield* kfree(yield* load(pool.elements)); // L45
  yield* kfree(pool); // L46
}

export function* mempool_create(
  min_nr: number,
  alloc_fn: mempool_alloc_t,
  free_fn: mempool_free_t,
  pool_data: unknown,
): Gen<mempool_t | null> {
  return yield* mempool_create_node(min_nr, alloc_fn, free_fn, pool_data, GFP_KERNEL, NUMA_NO_NODE); // L67-68
}

export function* mempool_create_node(
  min_nr: number,
  alloc_fn: mempool_alloc_t,
  free_fn: mempool_free_t,
  pool_data: unknown,
  gfp_mask: gfp_t,
  node_id: number,
): Gen<mempool_t | null> {
  let pool: mempool_t | null; // L76
  pool = yield* kzalloc_node(sizeof(mempool_t), gfp_mask, node_id); // L77
  if (!pool) // L78
    return null; // L79
  yield* store(pool.elements, yield* kmalloc_node(min_nr * SIZEOF_PTR, gfp_mask, node_id)); // L80-81
  if (!(yield* load(pool.elements))) { // L82
    yield* kfree(pool); // L83
    return null; // L84
  }
  yield* spin_lock_init(pool.lock); // L86
  yield* store(pool.min_nr, min_nr); // L87
  pool.pool_data = pool_data; // L88
  yield* init_waitqueue_head(pool.wait); // L89
  pool.alloc = alloc_fn; // L90
  pool.free = free_fn; // L91

  /*
   * First pre-allocate the guaranteed number of buffers.
   */
  while (less(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr)))) { // L96
    let element; // L97

    element = yield* pool.alloc(gfp_mask, pool.pool_data); // L99
    if (unlikely(!element)) { // L100
      yield* mempool_destroy(pool); // L101
      return null; // L102
    }
    yield* add_element(pool, element); // L104
  }
  return pool; // L106
}
