/**
 * The seed with a fix for the resize lost wake-up (never fixed upstream): mempool_resize's refill adds
 * an element to the reserve (L174) but never wakes a waiter that went to sleep on the empty reserve
 * (found by resize-wake and quad4). The fix wakes the wait queue after each refill add, as
 * mempool_free does after its add (L322). wake_up does not sleep, so calling it with the pool lock
 * held is allowed.
 */
import type { PortEdit } from '../patched/edit.ts';

export const resizeWakes: PortEdit = {
  name: 'v4.1+resize-wakes',
  summary: 'the port, with mempool_resize waking waiters after each refill add (fixes the resize lost wake-up)',
  file: 'resize.ts',
  patches: [
    {
      find: '          yield* add_element(pool, element); // L174\n',
      replace: '          yield* add_element(pool, element); // L174\n          yield* wake_up(pool.wait); // L174 (fix: resize refills wake waiters, as free does at L322)\n',
    },
    { find: '  unsequenced,\n} from', replace: '  unsequenced,\n  wake_up,\n} from' },
  ],
};
