/** mempool_resize (seed L126–185). The C gotos become a labelled block: `break out_unlock` / `break out`. */
import type { Gen, irqflags_t, Ptr } from '../../kernel/api/index.ts';
import {
  BUG_ON,
  ENOMEM,
  GFP_KERNEL,
  SIZEOF_PTR,
  kfree,
  kmalloc_array,
  load,
  memcpy,
  might_sleep,
  spin_lock_irqsave,
  spin_unlock_irqrestore,
  store,
  unlikely,
  unsequenced,
} from '../../kernel/api/index.ts';
import { add_element, less, remove_element, type mempool_t } from './mempool_t.ts';

export function* mempool_resize(pool: mempool_t, new_min_nr: number): Gen<number> {
  let element: Ptr; // L128
  let new_elements: Ptr; // L129
  let flags: irqflags_t; // L130

  yield* BUG_ON(new_min_nr <= 0); // L132
  yield* might_sleep(); // L133

  out: { // L183: `goto out` jumps past this block
    out_unlock: { // L181: `goto out_unlock` jumps to the unlock below
      flags = yield* spin_lock_irqsave(pool.lock); // L135
      if (new_min_nr <= (yield* load(pool.min_nr))) { // L136
        while (new_min_nr < (yield* load(pool.curr_nr))) { // L137
          element = yield* remove_element(pool); // L138
          yield* spin_unlock_irqrestore(pool.lock, flags); // L139
          yield* pool.free(element, pool.pool_data); // L140
          flags = yield* spin_lock_irqsave(pool.lock); // L141
        }
        yield* store(pool.min_nr, new_min_nr); // L143
        break out_unlock; // L144
      }
      yield* spin_unlock_irqrestore(pool.lock, flags); // L146

      /* Grow the pool */
      new_elements = yield* kmalloc_array(new_min_nr, SIZEOF_PTR, GFP_KERNEL); // L149-150
      if (!new_elements) // L151
        return -ENOMEM; // L152

      flags = yield* spin_lock_irqsave(pool.lock); // L154
      if (unlikely(new_min_nr <= (yield* load(pool.min_nr)))) { // L155
        /* Raced, other resize will do our work */
        yield* spin_unlock_irqrestore(pool.lock, flags); // L157
        yield* kfree(new_elements); // L158
        break out; // L159
      }
      yield* memcpy(new_elements, ...(yield* unsequenced(() => load(pool.elements), () => load(pool.curr_nr)))); // L161-162
      yield* kfree(yield* load(pool.elements)); // L163
      yield* store(pool.elements, new_elements); // L164
      yield* store(pool.min_nr, new_min_nr); // L165

      while (less(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr)))) { // L167
        yield* spin_unlock_irqrestore(pool.lock, flags); // L168
        element = yield* pool.alloc(GFP_KERNEL, pool.pool_data); // L169
        if (!element) // L170
          break out; // L171
        flags = yield* spin_lock_irqsave(pool.lock); // L172
        if (less(yield* unsequenced(() => load(pool.curr_nr), () => load(pool.min_nr)))) { // L173
          yield* add_element(pool, element); // L174
        } else {
          yield* spin_unlock_irqrestore(pool.lock, flags); // L176
          yield* pool.free(element, pool.pool_data); /* Raced */ // L177
          break out; // L178
        }
      }
    } // out_unlock: L181
    yield* spin_unlock_irqrestore(pool.lock, flags); // L182
  } // out: L183
  return 0; // L184
}
