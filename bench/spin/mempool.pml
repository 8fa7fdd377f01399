/*
 * An abstract Promela model of the seed's mm/mempool.c (docs/seed/mempool.c, Linux v4.1; Lnnn are its
 * line numbers), shared by the scenario models trio3.pml, resize3.pml and quad4.pml, which define
 * MIN_NR, CAP, NELEM and NTHREADS before including this file.
 *
 * Modelled, statement by statement (one Promela step per shared-memory access, so SPIN interleaves
 * them as the C can be interleaved under sequential consistency; with -DLOCKED_SECTIONS_ATOMIC, one
 * step per critical section instead, mempool-sections.pml, which says why nothing is lost):
 *   - the pool: lock, curr_nr, min_nr, the elements array (its length `cap` and its slots);
 *   - the allocator behind alloc_fn/free_fn (a kmem_cache, backend slab): every allocation may
 *     succeed or fail (the scenarios' faults CHOICE); a success hands out the lowest free element id,
 *     a canonical name (elements are only compared with NULL, so any other choice of id is the same
 *     execution renamed); free_fn returns the id;
 *   - pool->lock as an atomic test-and-set: a thread spins as a blocked guard `lock == 0`;
 *   - pool->wait as a bitmask of tasks on the queue in TASK_UNINTERRUPTIBLE: prepare_to_wait sets the
 *     task's bit, wake_up clears every bit (4.1's wake_up wakes every non-exclusive waiter, and
 *     autoremove_wake_function takes it off the queue), an untimed io_schedule_timeout blocks until the
 *     bit is clear. A wake-up that never comes leaves the task blocked: SPIN reports an invalid end
 *     state (the scenario's init also waits for every thread before mempool_destroy).
 * Assertions (each BUG_ON of the seed, and the invariants the tool's monitors check):
 *   - add_element's BUG_ON (L21) and remove_element's BUG_ON (L27);
 *   - BOUNDS: 0 <= curr_nr <= cap (the elements array's length) at every store to a slot;
 *   - OWNERSHIP: an element handed to a caller or added to the pool is not in the pool, and the
 *     allocator never gets back an element it does not own or one that is still in the pool;
 *   - NO-LEAK (init, after mempool_destroy): every element is back with the allocator.
 * Abstracted away:
 *   - memory ordering: SC only, so smp_wmb (L227) and smp_rmb (L298) are no-ops;
 *   - the pool's own allocations (kzalloc_node, kmalloc_node at create, kmalloc_array at L149): they
 *     never fail, as in the named scenarios (metaFaults never), and their memory is not tracked;
 *     memcpy (L161) keeps the elements in their slots;
 *   - gfp flags beyond the one bit that matters (whether gfp_temp carries __GFP_WAIT, L214/L240);
 *   - timeouts (the scenarios' waits are untimed), spurious wake-ups, interrupts, kmemleak, the
 *     VM_WARN/might_sleep checks; finish_wait (L264) is a no-op here because the only way out of the
 *     sleep is a wake_up that already took the task off the queue;
 *   - element contents: an element is a small id (1..NELEM), NULL is 0.
 * How this differs from mempool-check: mempool-check runs the seed's C itself (or its line-faithful
 * port) on a simulated kernel, with every allocator outcome as a recorded choice, 13 property monitors
 * (linearizability against the contract among them) and optionally a weak memory model. SPIN runs this
 * hand-written abstraction, under SC, with the assertions above.
 */

#define NULL 0

/*
 * Seeded bugs, to show that the assertions and SPIN's end-state and cycle checks can fail (the
 * seed's model passes where mempool-check's port passes). Each is one -D to `spin -a`; the runner's
 * --mutants mode runs each on a scenario that reaches it. The names follow impl/mutants/ where one
 * matches; grow-no-refill-recheck is L173's re-check dropped.
 *   -DMUTANT_FREE_NO_RECHECK         L319 dropped: add_element on a full reserve (BUG_ON L21)
 *   -DMUTANT_FREE_NO_WAKE            L322 dropped: a waiter is never woken
 *   -DMUTANT_PREPARE_AFTER_UNLOCK    L254 after L256: a free's wake-up can come before the queueing
 *   -DMUTANT_ALLOC_POP_UNLOCKED      L223-224 tried first without the lock: two allocators pop one element
 *   -DMUTANT_GROW_NO_REFILL_RECHECK  L173 dropped: the refill adds to a reserve already full
 *   -DMUTANT_DESTROY_LEAKS_RESERVE   L41-44 never run: the reserve's elements leak
 */
#ifdef MUTANT_FREE_NO_RECHECK
#define FREE_RECHECK true
#else
#define FREE_RECHECK (curr_nr < min_nr)
#endif
#ifdef MUTANT_DESTROY_LEAKS_RESERVE
#define DESTROY_EMPTIES_RESERVE false
#else
#define DESTROY_EMPTIES_RESERVE true
#endif
/*
 * (Variants are macros or #ifdef groups of fewer than 8 lines: inside an inline's body SPIN counts
 * lines itself and ignores the line markers cpp emits for longer gaps, which would shift the line
 * numbers that name a trail's seed lines.)
 */
#ifdef MUTANT_GROW_NO_REFILL_RECHECK
#define REFILL_RECHECK true
#else
#define REFILL_RECHECK (curr_nr < min_nr)
#endif

byte lock;                /* pool->lock (spinlock_t): 0 free, else the holder's _pid */
byte curr_nr;             /* pool->curr_nr */
byte min_nr;              /* pool->min_nr */
byte cap;                 /* the length of pool->elements (min_nr at create, new_min_nr after a grow) */
byte elements[CAP];       /* pool->elements[0..curr_nr): element ids; slots >= curr_nr kept at 0 */
bool slab[NELEM + 2];     /* slab[i]: element i is allocated (held by someone), ids 1..NELEM */
byte asleep;              /* pool->wait: bit t set = task t is queued and TASK_UNINTERRUPTIBLE */
byte scan;                /* scratch index of the d_steps below, always 0 between steps */
/* Ghost counters for the livelock claim, functions of the threads' positions (add no state). */
byte alloc_free_returned; /* alloc/free threads that have returned */
byte resize_returned;     /* resize threads that have returned */

/*
 * The grow/shrink livelock as an LTL property (scenarios/spec.ts GROW_SHRINK_LIVELOCK): infinitely
 * often, some alloc/free thread is still running or both resizers have returned. Its violation, an
 * acceptance cycle under weak fairness (`pan -a -f`), is a run in which every alloc/free thread has
 * returned and a resizer never does, while every thread that stays enabled keeps moving. A model
 * defines N_ALLOC_FREE and N_RESIZE. (The -DNP search with the threads' `progress` labels is weaker:
 * it also accepts cycles where an alloc/free thread starves at the test-and-set lock.)
 */
ltl no_grow_shrink_livelock { [] <> (alloc_free_returned < N_ALLOC_FREE || resize_returned == N_RESIZE) }

/* spin_lock_irqsave / spin_unlock_irqrestore */
inline spin_lock() { atomic { lock == 0 -> lock = _pid } }
inline spin_unlock() { atomic { assert(lock == _pid); lock = 0 } }  /* atomic: a goto may target it */

/* assert(e is not in elements[0..curr_nr)) */
inline assert_not_in_pool(e) {
  scan = 0;
  do
  :: scan < curr_nr -> assert(elements[scan] != e); scan++
  :: else -> break
  od;
  scan = 0
}

/* pool->alloc = mempool_alloc_slab -> kmem_cache_alloc (L334-338): may fail (faults CHOICE) */
inline alloc_fn(e) {
  if
  :: d_step {
       e = 1;
       do
       :: e <= NELEM && slab[e] -> e++
       :: else -> break
       od;
       assert(e <= NELEM);     /* NELEM covers every element that can be alive at once */
       slab[e] = 1
     }
  :: e = NULL
  fi
}

/* pool->free = mempool_free_slab -> kmem_cache_free (L341-345) */
inline free_fn(e) {
  d_step {
    assert(e != NULL && slab[e]);   /* no double free, no free of a foreign pointer */
    assert_not_in_pool(e);          /* an element freed while still in the reserve */
    slab[e] = 0;
    e = NULL
  }
}

/* add_element (L19-23) */
inline add_element(e) {
  d_step {
    assert(curr_nr < min_nr);       /* L21 BUG_ON(pool->curr_nr >= pool->min_nr) */
    assert(curr_nr < cap);          /* BOUNDS: the store stays inside pool->elements */
    assert_not_in_pool(e);          /* OWNERSHIP: an element is in the pool at most once */
    elements[curr_nr] = e;          /* L22 */
    curr_nr++;
    e = NULL                        /* the caller's local is dead after the call */
  }
}

/* remove_element (L25-29) */
inline remove_element(e) {
  d_step {
    assert(curr_nr > 0);            /* L27 BUG_ON(pool->curr_nr <= 0) */
    curr_nr--;                      /* L28 */
    e = elements[curr_nr];
    elements[curr_nr] = 0;          /* canonical: the stale pointer left in the slot is never read */
    assert(e != NULL && slab[e])
  }
}

/* wake_up(&pool->wait) (L322): every queued non-exclusive waiter runs and leaves the queue */
inline wake_up() { asleep = 0 }

/*
 * The pool's functions: statement by statement here, or with -DLOCKED_SECTIONS_ATOMIC every critical
 * section as one atomic step (mempool-sections.pml, which says why that loses no behaviour).
 */
#ifdef LOCKED_SECTIONS_ATOMIC
#include "mempool-sections.pml"
#else

/*
 * mempool_alloc(pool, GFP_KERNEL) (L200-266). `me` is the task's bit in `asleep`. Returns the element
 * in `e`; uses the caller's local `gfp_wait` (does gfp_temp carry __GFP_WAIT?).
 */
inline mempool_alloc(e, gfp_wait, me) {
  gfp_wait = 0;                       /* L214 gfp_temp = gfp_mask & ~(__GFP_WAIT|__GFP_IO) */
repeat_alloc:
  alloc_fn(e);                        /* L218 */
  if
  :: e != NULL -> goto alloc_return   /* L219-220 */
  :: else
  fi;
#ifdef MUTANT_ALLOC_POP_UNLOCKED
  if :: curr_nr > 0 -> remove_element(e); goto alloc_return :: else fi;  /* mutant: L223-224 unlocked */
#endif
  spin_lock();                        /* L222 */
  if
  :: curr_nr > 0 ->                   /* L223 */
     remove_element(e);               /* L224 */
     spin_unlock();                   /* L225; L227 smp_wmb and L232 kmemleak: no effect here */
     goto alloc_return                /* L233 */
  :: else
  fi;
  if
  :: !gfp_wait ->                     /* L240 gfp_temp != gfp_mask */
     spin_unlock();                   /* L241 */
     gfp_wait = 1;                    /* L242 */
     goto repeat_alloc                /* L243 */
  :: else
  fi;
  /* L247: GFP_KERNEL carries __GFP_WAIT, so mempool_alloc never returns NULL (L248-249) */
#ifdef MUTANT_PREPARE_AFTER_UNLOCK
  spin_unlock();                      /* L256 */
  asleep = asleep | me;               /* mutant: L253-254 after the unlock */
#else
  asleep = asleep | me;               /* L253-254 init_wait, prepare_to_wait(TASK_UNINTERRUPTIBLE) */
  spin_unlock();                      /* L256 */
#endif
  (asleep & me) == 0;                 /* L262 io_schedule_timeout, untimed: until a wake_up */
  goto repeat_alloc;                  /* L264 finish_wait (a no-op here, see above), L265 */
alloc_return:
  atomic {
    assert(e != NULL && slab[e]);     /* the caller gets an allocated element, */
    assert_not_in_pool(e);            /* OWNERSHIP: not one still in the reserve */
    gfp_wait = 0                      /* gfp_temp is dead after the return */
  }
}

/*
 * mempool_free(e, pool) (L277-328). Uses the caller's locals `seen_curr`, `seen_min` for the two
 * unlocked loads of L317, whose order C leaves unsequenced: both orders are explored.
 */
inline mempool_free(e, seen_curr, seen_min) {
  /* L281 element != NULL: the element came from mempool_alloc(GFP_KERNEL), never NULL */
  /* L298 smp_rmb: no effect under SC */
  if                                  /* L317 pool->curr_nr < pool->min_nr, unlocked */
  :: seen_curr = curr_nr; seen_min = min_nr
  :: seen_min = min_nr; seen_curr = curr_nr
  fi;
  if
  :: seen_curr < seen_min ->
     d_step { seen_curr = 0; seen_min = 0 };  /* dead after the test */
     spin_lock();                     /* L318 */
     if
     :: FREE_RECHECK ->               /* L319 */
        add_element(e);               /* L320 */
        spin_unlock();                /* L321 */
#ifndef MUTANT_FREE_NO_WAKE
        wake_up();                    /* L322 */
#endif
        goto free_return              /* L323 */
     :: else
     fi;
     spin_unlock()                    /* L325 */
  :: else -> d_step { seen_curr = 0; seen_min = 0 }
  fi;
  free_fn(e);                         /* L327 */
free_return:
  skip
}

/* mempool_resize(pool, n) (L126-185), with n > 0 (L132). Uses the caller's local `e` for `element`. */
inline mempool_resize(n, e) {
  spin_lock();                        /* L135 */
  if
  :: n <= min_nr ->                   /* L136: shrink */
     do
     :: n < curr_nr ->                /* L137 */
        remove_element(e);            /* L138 */
        spin_unlock();                /* L139 */
        free_fn(e);                   /* L140 */
        spin_lock()                   /* L141 */
     :: else -> break
     od;
     min_nr = n;                      /* L143 */
     goto out_unlock                  /* L144 */
  :: else
  fi;
  spin_unlock();                      /* L146 */
  /* L149-152 kmalloc_array(new_min_nr): never fails in these scenarios, not tracked */
  spin_lock();                        /* L154 */
  if
  :: n <= min_nr ->                   /* L155: raced, the other resize will do our work */
     spin_unlock();                   /* L157; L158 kfree(new_elements) */
     goto out                         /* L159 */
  :: else
  fi;
  cap = n;                            /* L161-164 memcpy, kfree(pool->elements), the new array */
  min_nr = n;                         /* L165 */
  do
  :: curr_nr < min_nr ->              /* L167 */
     spin_unlock();                   /* L168 */
     alloc_fn(e);                     /* L169 */
     if
     :: e == NULL -> goto out         /* L170-171 */
     :: else
     fi;
     spin_lock();                     /* L172 */
     if
     :: REFILL_RECHECK ->             /* L173 */
        add_element(e)                /* L174 (no wake_up: the lost wake-up of quad4) */
     :: else ->
        spin_unlock();                /* L176 */
        free_fn(e);                   /* L177 raced */
        goto out                      /* L178 */
     fi
  :: else -> break
  od;
out_unlock:
  spin_unlock();                      /* L182 */
out:
  skip                                /* L184 return 0 */
}

#endif /* LOCKED_SECTIONS_ATOMIC */

/* mempool_create_node (L72-107) run alone before the threads; creation never faults. */
inline mempool_create(n) {
  d_step {
    min_nr = n;                       /* L87 */
    cap = n;                          /* L80 kmalloc_node(min_nr * sizeof(void *)) */
    do                                /* L96-105 */
    :: curr_nr < min_nr ->
       slab[curr_nr + 1] = 1;         /* the first n element ids */
       elements[curr_nr] = curr_nr + 1;
       curr_nr++
    :: else -> break
    od
  }
}

/*
 * mempool_destroy (L39-47), once every thread has returned (the scenarios' finalDestroy), then the
 * NO-LEAK check: every element is back with the allocator. Uses the caller's local `e`.
 */
inline mempool_destroy(e) {
  do
  :: DESTROY_EMPTIES_RESERVE && curr_nr > 0 ->  /* L41 */
     remove_element(e);               /* L42 */
     free_fn(e)                       /* L43 */
  :: else -> break
  od;
  /* L45-46 kfree(pool->elements), kfree(pool): not tracked */
  skip;                               /* a d_step cannot be the target of the break above */
  d_step {
    scan = 1;
    do
    :: scan <= NELEM -> assert(!slab[scan]); scan++   /* NO-LEAK */
    :: else -> break
    od;
    scan = 0
  }
}
