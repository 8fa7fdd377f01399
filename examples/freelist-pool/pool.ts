/**
 * A memory pool written from scratch against the kernel API, checked against the mempool contract.
 *
 * The design differs from mm/mempool.c wherever the contract leaves room:
 * - the reserve is a LIFO free list threaded through the elements themselves (word 0 of a reserve
 *   element points to the next one), so the pool allocates no elements array: its only block of its
 *   own is the pool struct;
 * - mempool_free always takes the lock (no lockless test, hence no barrier pairing to get right);
 * - a zero-minimum pool starts with one element and keeps one freed element for the next waiter
 *   (the contract allows max(1, min_nr) elements; without one, two waiters and an allocator that keeps
 *   failing sleep for good: NO-DEADLOCK);
 * - a shrink unlinks its surplus and sets the minimum in one critical section, then frees the
 *   surplus outside the lock; a grow sets the minimum, then refills and wakes waiters after each add,
 *   so a grow and a shrink never pass an element back and forth.
 *
 * Every field that changes after create lives in kernel memory (cells reached through kernel/api): the
 * explorer forks one setup into many executions, and the memory model sees every access.
 */
import type { Backend, PoolImpl, PoolSnapshot } from '../../impl/pool-impl.ts';
import {
  GFP_KERNEL,
  HZ,
  NULL,
  TASK_UNINTERRUPTIBLE,
  __GFP_NOMEMALLOC,
  __GFP_NORETRY,
  __GFP_NOWARN,
  __GFP_WAIT,
  finish_wait,
  init_wait,
  init_waitqueue_head,
  io_schedule_timeout,
  kfree,
  kzalloc_node,
  load,
  might_sleep,
  NUMA_NO_NODE,
  prepare_to_wait,
  sizeof,
  spin_lock_init,
  spin_lock_irqsave,
  spin_unlock_irqrestore,
  store,
  wait_queue_t,
  wake_up,
  type Gen,
  type gfp_t,
  type Loc,
  type Ptr,
} from '../../kernel/api/index.ts';
import { elementAllocator, type ElementAllocator } from './backend.ts';

/** Word 0 of an element in the reserve: the next element of the free list (NULL at the end). */
export const NEXT = 0;
const EINVAL = 22;

export class FreelistPool {
  static readonly words = 5;
  readonly lock: Loc;
  readonly min_nr: Loc;
  /** How many elements the free list holds. */
  readonly curr_nr: Loc;
  /** The first element of the free list: the next one handed out. */
  readonly head: Loc;
  readonly wait: Loc;
  /** Set once by create, before the pool is shared. */
  elements: ElementAllocator | null = null;

  constructor(readonly addr: Ptr) {
    this.lock = addr;
    this.min_nr = addr + 1;
    this.curr_nr = addr + 2;
    this.head = addr + 3;
    this.wait = addr + 4;
  }
}

export function allocatorOf(pool: FreelistPool): ElementAllocator {
  if (pool.elements === null) throw new Error('freelist pool used before create');
  return pool.elements;
}

/** Put `element` on the free list (lock held). */
function* push(pool: FreelistPool, element: Ptr): Gen<void> {
  yield* store(element + NEXT, yield* load(pool.head));
  yield* store(pool.head, element);
  yield* store(pool.curr_nr, (yield* load(pool.curr_nr)) + 1);
}

/** Take the first element off the free list (lock held, list not empty). */
function* pop(pool: FreelistPool): Gen<Ptr> {
  const element = yield* load(pool.head);
  yield* store(pool.head, yield* load(element + NEXT));
  yield* store(pool.curr_nr, (yield* load(pool.curr_nr)) - 1);
  return element;
}

/** Whether a freed element belongs in the reserve (lock held): short of the minimum, or one for a zero-minimum pool. */
export function* hasRoom(pool: FreelistPool): Gen<boolean> {
  return (yield* load(pool.curr_nr)) < Math.max(1, yield* load(pool.min_nr));
}

function* create(min_nr: number, backend: Backend): Gen<FreelistPool | null> {
  const pool = yield* kzalloc_node(sizeof(FreelistPool), GFP_KERNEL, NUMA_NO_NODE);
  if (pool === null) return null;
  pool.elements = yield* elementAllocator(backend);
  yield* spin_lock_init(pool.lock);
  yield* init_waitqueue_head(pool.wait);
  yield* store(pool.min_nr, min_nr);
  while ((yield* load(pool.curr_nr)) < Math.max(1, min_nr)) {
    const element = yield* allocatorOf(pool).alloc(GFP_KERNEL);
    if (element === NULL) {
      yield* destroy(pool);
      return null;
    }
    yield* push(pool, element);
  }
  return pool;
}

function* alloc(pool: FreelistPool, gfp_mask: gfp_t): Gen<Ptr> {
  const wait = new wait_queue_t();
  for (;;) {
    // The allocator first, with the caller's permissions; its failure is expected, not an emergency.
    const fresh = yield* allocatorOf(pool).alloc(gfp_mask | __GFP_NOWARN | __GFP_NORETRY | __GFP_NOMEMALLOC);
    if (fresh !== NULL) return fresh;
    const flags = yield* spin_lock_irqsave(pool.lock);
    if ((yield* load(pool.head)) !== NULL) {
      const element = yield* pop(pool);
      yield* spin_unlock_irqrestore(pool.lock, flags);
      return element;
    }
    if (!(gfp_mask & __GFP_WAIT)) {
      yield* spin_unlock_irqrestore(pool.lock, flags);
      return NULL;
    }
    // Queued while the lock is held: a free that adds an element after this wakes us.
    yield* init_wait(wait);
    yield* prepare_to_wait(pool.wait, wait, TASK_UNINTERRUPTIBLE);
    yield* spin_unlock_irqrestore(pool.lock, flags);
    yield* io_schedule_timeout(5 * HZ);
    yield* finish_wait(pool.wait, wait);
  }
}

function* free(element: Ptr, pool: FreelistPool): Gen<void> {
  if (element === NULL) return;
  const flags = yield* spin_lock_irqsave(pool.lock);
  if (yield* hasRoom(pool)) {
    yield* push(pool, element);
    yield* spin_unlock_irqrestore(pool.lock, flags);
    yield* wake_up(pool.wait);
    return;
  }
  yield* spin_unlock_irqrestore(pool.lock, flags);
  yield* allocatorOf(pool).free(element);
}

function* resize(pool: FreelistPool, new_min_nr: number): Gen<number> {
  if (new_min_nr <= 0) return -EINVAL;
  yield* might_sleep();
  let flags = yield* spin_lock_irqsave(pool.lock);
  if (new_min_nr <= (yield* load(pool.min_nr))) {
    // Shrink: unlink the surplus (already a chain: the first elements of the list) and set the minimum
    // in one critical section, then free the chain outside the lock.
    let surplus = NULL;
    while ((yield* load(pool.curr_nr)) > new_min_nr) {
      const element = yield* pop(pool);
      yield* store(element + NEXT, surplus);
      surplus = element;
    }
    yield* store(pool.min_nr, new_min_nr);
    yield* spin_unlock_irqrestore(pool.lock, flags);
    yield* freeChain(pool, surplus);
    return 0;
  }
  // Grow: the new minimum first, then refills up to whatever the minimum is when each one arrives.
  yield* store(pool.min_nr, new_min_nr);
  while ((yield* load(pool.curr_nr)) < (yield* load(pool.min_nr))) {
    yield* spin_unlock_irqrestore(pool.lock, flags);
    const element = yield* allocatorOf(pool).alloc(GFP_KERNEL);
    if (element === NULL) return 0; // short for now: the next frees refill it
    flags = yield* spin_lock_irqsave(pool.lock);
    if (!(yield* hasRoom(pool))) {
      yield* spin_unlock_irqrestore(pool.lock, flags);
      yield* allocatorOf(pool).free(element);
      return 0;
    }
    yield* push(pool, element);
    yield* wake_up(pool.wait); // a waiter may take it (wake_up does not sleep: fine under the lock)
  }
  yield* spin_unlock_irqrestore(pool.lock, flags);
  return 0;
}

/** Give a chain of elements linked through word 0 back to the allocator: read the link, then free. */
function* freeChain(pool: FreelistPool, first: Ptr): Gen<void> {
  let element = first;
  while (element !== NULL) {
    const next = yield* load(element + NEXT);
    yield* allocatorOf(pool).free(element);
    element = next;
  }
}

function* destroy(pool: FreelistPool): Gen<void> {
  const chain = yield* load(pool.head);
  yield* store(pool.head, NULL);
  yield* store(pool.curr_nr, 0);
  yield* freeChain(pool, chain);
  yield* kfree(pool);
}

/** The reserve from the bottom of the stack to the top: the free list read from its end. */
function inspect(pool: FreelistPool, peek: (loc: Loc) => number): PoolSnapshot {
  const reserve: Ptr[] = [];
  // A broken pool may hold a cycle: read no more than could ever be meaningful.
  for (let e = peek(pool.head); e !== NULL && reserve.length < 1024; e = peek(e + NEXT)) reserve.unshift(e);
  return { min_nr: peek(pool.min_nr), curr_nr: peek(pool.curr_nr), reserve };
}

export const freelistPool: PoolImpl<FreelistPool> = {
  name: 'freelist-pool',
  description: 'a mempool written from scratch: a free list threaded through the elements, a free that always takes the lock',
  create,
  alloc,
  free,
  resize,
  destroy,
  inspect,
  lockOf: (pool) => pool.lock,
  waitQueueOf: (pool) => pool.wait,
};

export default freelistPool;
