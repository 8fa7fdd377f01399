/**
 * A memory pool written from scratch against `mempool-check/kernel` (the worked example of
 * docs/your-allocator.md): a reserve of `min_nr` elements kept as a stack in an array the pool
 * allocates, with one simplification over mm/mempool.c — `free` always takes the lock (no lockless
 * test, so no barrier pairing to get right). Allocation tries the allocator first, then the reserve,
 * then sleeps until an element comes back, as the kernel's pool does.
 *
 * Every field that changes after create lives in simulated kernel memory (cells read and written
 * through load/store); the JavaScript object only holds addresses and what create set once.
 */
import {
  BUG_ON,
  ENOMEM,
  GFP_KERNEL,
  HZ,
  NULL,
  SIZEOF_PTR,
  TASK_UNINTERRUPTIBLE,
  VM_WARN_ON_ONCE,
  __GFP_IO,
  __GFP_NOMEMALLOC,
  __GFP_NORETRY,
  __GFP_NOWARN,
  __GFP_WAIT,
  __GFP_ZERO,
  __free_pages,
  alloc_pages,
  finish_wait,
  init_wait,
  init_waitqueue_head,
  io_schedule_timeout,
  kfree,
  kmalloc,
  kmalloc_array,
  kmalloc_node,
  kmem_cache_alloc,
  kmem_cache_create,
  kmem_cache_free,
  kzalloc_node,
  load,
  memcpy,
  might_sleep,
  might_sleep_if,
  prepare_to_wait,
  spin_lock_init,
  spin_lock_irqsave,
  spin_unlock_irqrestore,
  store,
  wait_queue_t,
  wake_up,
  type Backend,
  type Gen,
  type gfp_t,
  type Loc,
  type PoolImpl,
  type Ptr,
} from 'mempool-check/kernel';

/** The pool's struct in kernel memory: five words, and the backend's allocator set once at create. */
class Pool {
  static readonly words = 5;
  readonly lock: Loc;
  readonly min_nr: Loc;
  readonly curr_nr: Loc;
  readonly elements: Loc;
  readonly wait: Loc;
  allocate: (gfp: gfp_t) => Gen<Ptr> = () => {
    throw new Error('allocate before create');
  };
  release: (element: Ptr) => Gen<void> = () => {
    throw new Error('release before create');
  };

  constructor(readonly addr: Ptr) {
    this.lock = addr;
    this.min_nr = addr + 1;
    this.curr_nr = addr + 2;
    this.elements = addr + 3;
    this.wait = addr + 4;
  }
}

function* push(pool: Pool, element: Ptr): Gen<void> {
  const n = yield* load(pool.curr_nr);
  yield* BUG_ON(n >= (yield* load(pool.min_nr)));
  yield* store((yield* load(pool.elements)) + n, element);
  yield* store(pool.curr_nr, n + 1);
}

function* pop(pool: Pool): Gen<Ptr> {
  const n = (yield* load(pool.curr_nr)) - 1;
  yield* BUG_ON(n < 0);
  yield* store(pool.curr_nr, n);
  return yield* load((yield* load(pool.elements)) + n);
}

function* backendOf(pool: Pool, backend: Backend): Gen<void> {
  switch (backend.kind) {
    case 'slab': {
      const cache = yield* kmem_cache_create('locked-stack', backend.size);
      pool.allocate = (gfp) => kmem_cache_alloc(cache, gfp);
      pool.release = (element) => kmem_cache_free(cache, element);
      return;
    }
    case 'kmalloc':
      pool.allocate = (gfp) => kmalloc(backend.size, gfp);
      pool.release = (element) => kfree(element);
      return;
    case 'pages':
      pool.allocate = (gfp) => alloc_pages(gfp, backend.order);
      pool.release = (element) => __free_pages(element, backend.order);
      return;
  }
}

function* destroy(pool: Pool): Gen<void> {
  while ((yield* load(pool.curr_nr)) > 0) yield* pool.release(yield* pop(pool));
  yield* kfree(yield* load(pool.elements));
  yield* kfree(pool.addr);
}

function* create(min_nr: number, backend: Backend): Gen<Pool | null> {
  const pool = yield* kzalloc_node(Pool, GFP_KERNEL, -1);
  if (pool === null) return null;
  const elements = yield* kmalloc_node(min_nr * SIZEOF_PTR, GFP_KERNEL, -1);
  if (elements === NULL) {
    yield* kfree(pool.addr);
    return null;
  }
  yield* store(pool.elements, elements);
  yield* spin_lock_init(pool.lock);
  yield* store(pool.min_nr, min_nr);
  yield* init_waitqueue_head(pool.wait);
  yield* backendOf(pool, backend);
  for (let i = 0; i < min_nr; i++) {
    const element = yield* pool.allocate(GFP_KERNEL);
    if (element === NULL) {
      yield* destroy(pool);
      return null;
    }
    yield* push(pool, element);
  }
  return pool;
}

function* alloc(pool: Pool, gfp: gfp_t): Gen<Ptr> {
  // Elements come back from the reserve with old contents: zeroing cannot be promised.
  yield* VM_WARN_ON_ONCE(gfp & __GFP_ZERO);
  yield* might_sleep_if(gfp & __GFP_WAIT);
  const mask = gfp | __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN;
  let first = mask & ~(__GFP_WAIT | __GFP_IO);
  for (;;) {
    const element = yield* pool.allocate(first);
    if (element !== NULL) return element;
    const flags = yield* spin_lock_irqsave(pool.lock);
    if ((yield* load(pool.curr_nr)) > 0) {
      const taken = yield* pop(pool);
      yield* spin_unlock_irqrestore(pool.lock, flags);
      return taken;
    }
    if (first !== mask) {
      // The first round did not wait or do I/O: retry at once with the caller's full mask.
      yield* spin_unlock_irqrestore(pool.lock, flags);
      first = mask;
      continue;
    }
    if (!(mask & __GFP_WAIT)) {
      yield* spin_unlock_irqrestore(pool.lock, flags);
      return NULL;
    }
    const wait = new wait_queue_t();
    yield* init_wait(wait);
    yield* prepare_to_wait(pool.wait, wait, TASK_UNINTERRUPTIBLE);
    yield* spin_unlock_irqrestore(pool.lock, flags);
    yield* io_schedule_timeout(5 * HZ);
    yield* finish_wait(pool.wait, wait);
  }
}

function* free(element: Ptr, pool: Pool): Gen<void> {
  if (element === NULL) return;
  const flags = yield* spin_lock_irqsave(pool.lock);
  if ((yield* load(pool.curr_nr)) < (yield* load(pool.min_nr))) {
    yield* push(pool, element);
    yield* spin_unlock_irqrestore(pool.lock, flags);
    yield* wake_up(pool.wait);
    return;
  }
  yield* spin_unlock_irqrestore(pool.lock, flags);
  yield* pool.release(element);
}

/** Shrinks by handing surplus elements back; grows into a new array and refills it, waking waiters. */
function* resize(pool: Pool, new_min_nr: number): Gen<number> {
  yield* BUG_ON(new_min_nr <= 0);
  yield* might_sleep();
  let flags = yield* spin_lock_irqsave(pool.lock);
  if (new_min_nr <= (yield* load(pool.min_nr))) {
    while (new_min_nr < (yield* load(pool.curr_nr))) {
      const element = yield* pop(pool);
      yield* spin_unlock_irqrestore(pool.lock, flags);
      yield* pool.release(element);
      flags = yield* spin_lock_irqsave(pool.lock);
    }
    yield* store(pool.min_nr, new_min_nr);
    yield* spin_unlock_irqrestore(pool.lock, flags);
    return 0;
  }
  yield* spin_unlock_irqrestore(pool.lock, flags);
  const grown = yield* kmalloc_array(new_min_nr, SIZEOF_PTR, GFP_KERNEL);
  if (grown === NULL) return -ENOMEM;
  flags = yield* spin_lock_irqsave(pool.lock);
  if (new_min_nr <= (yield* load(pool.min_nr))) {
    // Another resize grew it meanwhile.
    yield* spin_unlock_irqrestore(pool.lock, flags);
    yield* kfree(grown);
    return 0;
  }
  yield* memcpy(grown, yield* load(pool.elements), yield* load(pool.curr_nr));
  yield* kfree(yield* load(pool.elements));
  yield* store(pool.elements, grown);
  yield* store(pool.min_nr, new_min_nr);
  while ((yield* load(pool.curr_nr)) < (yield* load(pool.min_nr))) {
    yield* spin_unlock_irqrestore(pool.lock, flags);
    const element = yield* pool.allocate(GFP_KERNEL);
    if (element === NULL) return 0;
    flags = yield* spin_lock_irqsave(pool.lock);
    if ((yield* load(pool.curr_nr)) >= (yield* load(pool.min_nr))) {
      yield* spin_unlock_irqrestore(pool.lock, flags);
      yield* pool.release(element);
      return 0;
    }
    yield* push(pool, element);
    yield* wake_up(pool.wait);
  }
  yield* spin_unlock_irqrestore(pool.lock, flags);
  return 0;
}

export const lockedStack: PoolImpl<Pool> = {
  name: 'locked-stack',
  description: 'a reserve stack whose free always takes the lock (docs/your-allocator.md)',
  create,
  alloc,
  free,
  resize,
  destroy,
  inspect: (pool, peek) => {
    const n = peek(pool.curr_nr);
    const base = peek(pool.elements);
    return { min_nr: peek(pool.min_nr), curr_nr: n, reserve: Array.from({ length: Math.min(n, 1024) }, (_, i) => peek(base + i)) };
  },
  lockOf: (pool) => pool.lock,
  waitQueueOf: (pool) => pool.wait,
};
