/**
 * Seeded bugs that only scenarios with metadata faults or sleeping callbacks can show: a grow that
 * forgets kmalloc_array can fail, and a shrink that calls free_fn before dropping the lock.
 */
import type { Mutant } from './mutant.ts';

export const growNoNullCheck: Mutant = {
  name: 'grow-no-null-check',
  summary: "mempool_resize does not check kmalloc_array's result (L151-152 deleted)",
  breaks: 'a grow whose new array could not be allocated copies the reserve into NULL and installs it as the elements array: the pool reads and writes memory it does not own',
  file: 'resize.ts',
  patches: [
    {
      find: '      if (!new_elements) // L151\n        return -ENOMEM; // L152\n',
      replace: '      // L151-152 (mutant: the NULL check deleted)\n',
    },
  ],
  caughtBy: ['OWNERSHIP'],
};

export const shrinkFreeUnderLock: Mutant = {
  name: 'shrink-free-under-lock',
  summary: 'the shrink loop of mempool_resize calls free_fn before dropping the lock (L140 before L139)',
  breaks: 'free_fn may sleep (L60-62); called with the pool spinlock held and irqs off it schedules in atomic context',
  file: 'resize.ts',
  patches: [
    {
      find: '          yield* spin_unlock_irqrestore(pool.lock, flags); // L139\n          yield* pool.free(element, pool.pool_data); // L140\n',
      replace: '          yield* pool.free(element, pool.pool_data); // L140 (mutant: before the unlock)\n          yield* spin_unlock_irqrestore(pool.lock, flags); // L139\n',
    },
  ],
  caughtBy: ['NO-SLEEP-ATOMIC'],
};

export const createNodeKernelMask: Mutant = {
  name: 'create-node-kernel-mask',
  summary: "mempool_create_node pre-fills with GFP_KERNEL instead of the caller's gfp_mask (L99)",
  breaks: "a pool created where the caller may not sleep or recurse into the filesystem or I/O (GFP_ATOMIC, GFP_NOIO, ...) pre-fills with a mask that may: mempool_create (GFP_KERNEL) never shows it, only mempool_create_node with another mask",
  file: 'create.ts',
  patches: [
    {
      find: '    element = yield* pool.alloc(gfp_mask, pool.pool_data); // L99\n',
      replace: '    element = yield* pool.alloc(GFP_KERNEL, pool.pool_data); // L99 (mutant: not the caller\'s gfp_mask)\n',
    },
  ],
  caughtBy: ['SEQUENTIAL'],
};
