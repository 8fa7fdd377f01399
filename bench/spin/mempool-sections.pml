/*
 * mempool_alloc, mempool_free and mempool_resize with every critical section as one atomic step
 * (included by mempool.pml instead of its statement-level versions when LOCKED_SECTIONS_ATOMIC is
 * defined). The same statements in the same order as there; only the grouping differs: a section runs
 * from its spin_lock to its spin_unlock without another thread moving in between, and the code is
 * arranged so that each section is one atomic block (the loops of mempool_resize enter their section
 * at the loop test by a goto).
 *
 * Why no behaviour is lost (Lipton's reduction): inside a section, a thread touches curr_nr, min_nr,
 * cap, the elements array and its own locals, which every other thread touches only under the lock,
 * except for three kinds of access from outside a section: the unlocked loads of curr_nr and min_nr at
 * L317, wake_up's write of the wait queue (L322), and the allocator's slab[] (alloc_fn/free_fn, never
 * called inside a section). Each section writes at most one of curr_nr, min_nr and the wait queue, once
 * (alloc: curr_nr or the queue; free: curr_nr; the grow's first section min_nr and cap; a refill or a
 * shrink step curr_nr; the shrink's last section min_nr), so every outside access commutes with all of
 * the section but that one write, and can be moved before or after the whole section. The checks made
 * outside a section (free_fn's, alloc's return) ask whether the caller's own element is in the pool,
 * which no other thread's section changes unless the pool already holds that element wrongly. Safety
 * verdicts, end states and the livelock are therefore those of the statement-level model, with a
 * smaller state space. (SPIN's `provided` clause would group the sections without rearranging the
 * code, but it disables SPIN's partial-order reduction and gives more states, not fewer.)
 */

/* mempool_alloc(pool, GFP_KERNEL) (L200-266); see mempool.pml. */
inline mempool_alloc(e, gfp_wait, me) {
  gfp_wait = 0;                         /* L214 */
repeat_alloc:
  alloc_fn(e);                          /* L218 */
  if
  :: e != NULL -> goto alloc_return     /* L219-220 */
  :: else
  fi;
#ifdef MUTANT_ALLOC_POP_UNLOCKED
  if :: curr_nr > 0 -> remove_element(e); goto alloc_return :: else fi;  /* mutant: L223-224 unlocked */
#endif
  atomic {                              /* L222 */
    spin_lock();                        /* L222 */
    if
    :: curr_nr > 0 ->                   /* L223 */
       remove_element(e);               /* L224 */
       spin_unlock();                   /* L225 */
       goto alloc_return                /* L233 */
    :: else
    fi;
    if
    :: !gfp_wait ->                     /* L240 */
       spin_unlock();                   /* L241 */
       gfp_wait = 1;                    /* L242 */
       goto repeat_alloc                /* L243 */
    :: else
    fi;
#ifndef MUTANT_PREPARE_AFTER_UNLOCK
    asleep = asleep | me;               /* L253-254 prepare_to_wait */
#endif
    spin_unlock()                       /* L256 */
  };
#ifdef MUTANT_PREPARE_AFTER_UNLOCK
  asleep = asleep | me;                 /* mutant: L253-254 after the unlock */
#endif
  (asleep & me) == 0;                   /* L262 io_schedule_timeout, untimed */
  goto repeat_alloc;                    /* L264-265 */
alloc_return:
  atomic {
    assert(e != NULL && slab[e]);       /* the caller gets an allocated element, */
    assert_not_in_pool(e);              /* OWNERSHIP: not one still in the reserve */
    gfp_wait = 0
  }
}

/* mempool_free(e, pool) (L277-328); see mempool.pml. */
inline mempool_free(e, seen_curr, seen_min) {
  if                                    /* L317, unlocked, either order */
  :: seen_curr = curr_nr; seen_min = min_nr
  :: seen_min = min_nr; seen_curr = curr_nr
  fi;
  if
  :: seen_curr < seen_min ->
     d_step { seen_curr = 0; seen_min = 0 };
     atomic {                           /* L318 */
       spin_lock();                     /* L318 */
       if
       :: FREE_RECHECK ->               /* L319 */
          add_element(e);               /* L320 */
          spin_unlock();                /* L321 */
          goto free_wake
       :: else
       fi;
       spin_unlock()                    /* L325 */
     }
  :: else -> d_step { seen_curr = 0; seen_min = 0 }
  fi;
  free_fn(e);                           /* L327 */
  goto free_return;
free_wake:
#ifndef MUTANT_FREE_NO_WAKE
  wake_up();                            /* L322 */
#endif
free_return:
  skip
}

/* mempool_resize(pool, n) (L126-185); see mempool.pml. */
inline mempool_resize(n, e) {
  atomic {                              /* L135 */
    spin_lock();                        /* L135 */
    if
    :: n <= min_nr -> goto shrink_test  /* L136 */
    :: else
    fi;
    spin_unlock()                       /* L146 */
  };
  goto grow;
shrink_relock:
  atomic {                              /* L141 */
    spin_lock();                        /* L141 */
shrink_test:
    if
    :: n < curr_nr ->                   /* L137 */
       remove_element(e);               /* L138 */
       spin_unlock()                    /* L139 */
    :: else ->
       min_nr = n;                      /* L143 */
       spin_unlock();                   /* L144, L182 */
       goto out
    fi
  };
  free_fn(e);                           /* L140 */
  goto shrink_relock;
grow:
  /* L149-152 kmalloc_array: never fails here, not tracked */
  atomic {                              /* L154 */
    spin_lock();                        /* L154 */
    if
    :: n <= min_nr ->                   /* L155 */
       spin_unlock();                   /* L157 */
       goto out                         /* L159 */
    :: else
    fi;
    cap = n;                            /* L161-164 */
    min_nr = n;                         /* L165 */
refill_test:
    if
    :: curr_nr < min_nr ->              /* L167 */
       spin_unlock()                    /* L168 */
    :: else ->
       spin_unlock();                   /* L182 */
       goto out
    fi
  };
  alloc_fn(e);                          /* L169 */
  if
  :: e == NULL -> goto out              /* L170-171 */
  :: else
  fi;
  atomic {                              /* L172 */
    spin_lock();                        /* L172 */
    if
    :: REFILL_RECHECK ->                /* L173 */
       add_element(e);                  /* L174 */
       goto refill_test
    :: else ->
       spin_unlock()                    /* L176 */
    fi
  };
  free_fn(e);                           /* L177 */
out:
  skip                                  /* L184 */
}
