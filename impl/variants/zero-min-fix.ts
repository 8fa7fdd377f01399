/**
 * The seed with upstream's fix of the zero-minimum lost wake-up, as released in Linux v6.17
 * (mm/mempool.c): commit a5867a218d7c "mm: mempool: fix wake-up edge case bug for zero-minimum pools"
 * and the crash fix after it, "mm: mempool: fix crash in mempool_free() for zero-minimum pools". Notes
 * `// v6.17 L563` give the line of v6.17's mm/mempool.c each ported statement comes from.
 *
 * With min_nr == 0, mempool_free's test `curr_nr < min_nr` (L317) is never true, so a freed element never
 * refills the pool and never wakes a waiter (the seed's zero-min finding). The fixes:
 * - mempool_free: after the seed's test, an empty zero-minimum pool takes the element back and wakes
 *   its waiters (v6.17 L563-574). The first fix stored it with an inlined add_element into the elements
 *   array, which for min_nr 0 is ZERO_SIZE_PTR (kmalloc of 0 bytes): the crash the second fix repairs;
 * - mempool_create_node: the elements array holds max(1, min_nr) pointers and max(1, min_nr) elements
 *   are pre-filled (v6.17 L209, L218), so a zero-minimum pool starts with one element;
 * - add_element: its BUG_ON allows the one element of a zero-minimum pool (v6.17 L139);
 * - mempool_free: both wake-ups happen only `if (wq_has_sleeper(&pool->wait))` (v6.17 L547, L569): a
 *   barrier, then a look at the queue without its lock.
 *
 * The rest of v6.17 (mempool_init_node, kmalloc_node with __GFP_ZERO for the struct, __GFP_DIRECT_RECLAIM,
 * poisoning and KASAN hooks, fault injection) does not change which allocator calls a pool makes or what
 * they return here, and stays as in the seed. Profile: v6.17 (model/profile.ts).
 */
import type { PortEdit } from '../patched/edit.ts';

const ZERO_MIN_TEST = [
  '  /*',
  '   * Handle the min_nr = 0 edge case (v6.17 L554-562): for zero-minimum pools, curr_nr < min_nr',
  '   * (0 < 0) never succeeds, so waiters sleeping on pool->wait would never be woken by the wake-up path',
  '   * of the previous test. An empty zero-minimum pool takes the element back and wakes them.',
  '   */',
  '  if (unlikely((yield* load(pool.min_nr)) === 0 && (yield* READ_ONCE(pool.curr_nr)) === 0)) { // v6.17 L563-564',
  '    flags = yield* spin_lock_irqsave(pool.lock); // v6.17 L565',
  '    if (likely((yield* load(pool.curr_nr)) === 0)) { // v6.17 L566',
  '      yield* add_element(pool, element); // v6.17 L567',
  '      yield* spin_unlock_irqrestore(pool.lock, flags); // v6.17 L568',
  '      if (yield* wq_has_sleeper(pool.wait)) yield* wake_up(pool.wait); // v6.17 L569-570',
  '      return; // v6.17 L571',
  '    }',
  '    yield* spin_unlock_irqrestore(pool.lock, flags); // v6.17 L573',
  '  }',
  '',
].join('\n');

export const zeroMinFix: PortEdit = {
  name: 'v4.1+zero-min-fix',
  summary: "the port with upstream v6.17's zero-minimum fixes: an empty min_nr 0 pool takes a freed element back and wakes its waiters; max(1, min_nr) slots and pre-filled elements",
  profile: 'v6.17',
  file: 'free.ts',
  patches: [
    {
      find: "import { add_element, less, type mempool_t } from './mempool_t.ts';\n",
      replace: "import { add_element, less, type mempool_t } from './mempool_t.ts';\nimport { READ_ONCE, wq_has_sleeper } from '../../kernel/api/index.ts'; // v6.17 L547, L564\n",
    },
    { find: '      yield* wake_up(pool.wait); // L322\n', replace: '      if (yield* wq_has_sleeper(pool.wait)) yield* wake_up(pool.wait); // L322, v6.17 L547-548\n' },
    { find: '  yield* pool.free(element, pool.pool_data); // L327\n', replace: `${ZERO_MIN_TEST}  yield* pool.free(element, pool.pool_data); // L327, v6.17 L576\n` },
  ],
  alsoPatches: [
    {
      file: 'create.ts',
      patches: [
        {
          find: 'kmalloc_node(min_nr * SIZEOF_PTR, gfp_mask, node_id)); // L80-81',
          replace: 'kmalloc_node(Math.max(1, min_nr) * SIZEOF_PTR, gfp_mask, node_id)); // L80-81, v6.17 L209-210: max(1, min_nr)',
        },
        {
          find: '  while (less(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr)))) { // L96\n',
          replace:
            '  while ((([curr_nr, min_nr]) => curr_nr < Math.max(1, min_nr))(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr)))) { // L96, v6.17 L218: max(1, pool->min_nr)\n',
        },
      ],
    },
    {
      file: 'mempool_t.ts',
      patches: [
        {
          find: '  yield* BUG_ON(!less(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr)))); // L21: curr_nr >= min_nr\n',
          // && is a sequence point: min_nr != 0 is read first, then the two unsequenced operands.
          replace:
            '  yield* BUG_ON((yield* load(pool.min_nr)) !== 0 && !less(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr)))); // L21, v6.17 L139\n',
        },
      ],
    },
  ],
};
